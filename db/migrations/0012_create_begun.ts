import type { Kysely } from 'kysely';

// A create whose worker died while QuickBooks was committing it leaves no trace in Temporal: the write was
// a local activity, so the next worker runs it again as a first attempt. The sync state remembers that a
// create was sent, so any later create of the invoice looks in QuickBooks for it first.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invoice_sync_state').addColumn('create_begun_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invoice_sync_state').dropColumn('create_begun_at').execute();
}
