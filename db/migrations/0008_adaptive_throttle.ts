import type { Kysely } from 'kysely';

// A realm's throttle state grows from a pause into its share of QBO's limits: 429s that repeat cut the share
// of the rate and of the calls in flight the product gives itself, and it grows back with time. The table is
// renamed for what it now holds.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('qbo_realm_pauses').renameTo('qbo_realm_throttle').execute();
  await db.schema
    .alterTable('qbo_realm_throttle')
    .addColumn('rate_share', 'double precision', (c) => c.notNull().defaultTo(1))
    .addColumn('rate_cut_at', 'timestamptz')
    .addColumn('concurrency_share', 'double precision', (c) => c.notNull().defaultTo(1))
    .addColumn('concurrency_cut_at', 'timestamptz')
    .addColumn('next_call_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('qbo_realm_throttle')
    .dropColumn('rate_share')
    .dropColumn('rate_cut_at')
    .dropColumn('concurrency_share')
    .dropColumn('concurrency_cut_at')
    .dropColumn('next_call_at')
    .execute();
  await db.schema.alterTable('qbo_realm_throttle').renameTo('qbo_realm_pauses').execute();
}
