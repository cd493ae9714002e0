import type { Kysely } from 'kysely';

// Under Model 1 a payer's customer and a fee item's item follow billing's edits. Records the product linked
// to (rather than created) belong to the bookkeeper as much as to billing: they are updated only when the
// firm says so.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('firms')
    .addColumn('update_linked_records', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('firms').dropColumn('update_linked_records').execute();
}
