import type { Kysely } from 'kysely';

// QBO's batch limit (40 a minute per company and app) is counted over any 60 seconds. Fixed windows kept
// that only by letting through 36 a minute; evenly spaced batch starts, kept per realm in PostgreSQL so
// every process shares them, hold it while using nearly all of it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('qbo_realm_throttle').addColumn('next_batch_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('qbo_realm_throttle').dropColumn('next_batch_at').execute();
}
