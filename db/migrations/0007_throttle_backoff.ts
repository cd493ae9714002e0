import type { Kysely } from 'kysely';

// A realm's pause after a 429 grows with the 429s in a row (a second is the first pause, each next one twice
// the last) instead of a flat minute; a call that succeeds starts the count again.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('qbo_realm_pauses')
    .addColumn('strikes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('qbo_realm_pauses').dropColumn('strikes').execute();
}
