import { sql, type Kysely } from 'kysely';

// Mappings belong to one QBO company: a firm that reconnects to another company starts with none, and
// gets its old ones back if it returns. A mapping without a QBO id means "create a new one" (chosen by a
// person). Both mapping tables get the same column names, so one set of queries serves both. Invoices
// held for a mapping wait in their own status.

const TABLES = [
  {
    table: 'payer_mappings',
    localId: 'payer_id',
    qboId: 'qbo_customer_id',
    qboName: 'qbo_display_name',
    pkey: 'payer_mappings_pkey',
  },
  {
    table: 'fee_item_mappings',
    localId: 'fee_item_id',
    qboId: 'qbo_item_id',
    qboName: 'qbo_name',
    pkey: 'fee_item_mappings_pkey',
  },
] as const;

const STATUSES = ['not_synced', 'queued', 'syncing', 'synced', 'out_of_date', 'failed'];

async function setStatuses(db: Kysely<any>, statuses: string[]): Promise<void> {
  await sql`alter table invoice_sync_state drop constraint if exists invoice_sync_state_status_check`.execute(db);
  await sql`alter table invoice_sync_state add constraint invoice_sync_state_status_check check (status in (${sql.join(statuses.map((s) => sql.lit(s)))}))`.execute(
    db,
  );
}

// Migrations take Kysely<any>: they must keep working when today's schema types move on.
export async function up(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) {
    await db.schema.alterTable(t.table).renameColumn(t.localId, 'local_id').execute();
    await db.schema.alterTable(t.table).renameColumn(t.qboId, 'qbo_id').execute();
    if (t.qboName !== 'qbo_name') await db.schema.alterTable(t.table).renameColumn(t.qboName, 'qbo_name').execute();
    await db.schema.alterTable(t.table).addColumn('realm_id', 'text').execute();
    await sql`update ${sql.table(t.table)} m set realm_id = c.realm_id from qbo_connections c where c.firm_id = m.firm_id`.execute(
      db,
    );
    await db.deleteFrom(t.table).where('realm_id', 'is', null).execute();
    await db.schema
      .alterTable(t.table)
      .alterColumn('realm_id', (c) => c.setNotNull())
      .execute();
    await sql`alter table ${sql.table(t.table)} drop constraint ${sql.ref(t.pkey)}`.execute(db);
    await db.schema.alterTable(t.table).addPrimaryKeyConstraint(t.pkey, ['local_id', 'realm_id']).execute();
    await db.schema
      .alterTable(t.table)
      .alterColumn('qbo_id', (c) => c.dropNotNull())
      .execute();
  }
  await setStatuses(db, [...STATUSES, 'needs_mapping']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('invoice_sync_state')
    .set({ status: 'not_synced' })
    .where('status', '=', 'needs_mapping')
    .execute();
  await setStatuses(db, STATUSES);
  for (const t of TABLES) {
    await db.deleteFrom(t.table).where('qbo_id', 'is', null).execute();
    await sql`delete from ${sql.table(t.table)} m using qbo_connections c where c.firm_id = m.firm_id and c.realm_id <> m.realm_id`.execute(
      db,
    );
    await sql`alter table ${sql.table(t.table)} drop constraint ${sql.ref(t.pkey)}`.execute(db);
    await db.schema.alterTable(t.table).dropColumn('realm_id').execute();
    await db.schema
      .alterTable(t.table)
      .alterColumn('qbo_id', (c) => c.setNotNull())
      .execute();
    if (t.qboName !== 'qbo_name') await db.schema.alterTable(t.table).renameColumn('qbo_name', t.qboName).execute();
    await db.schema.alterTable(t.table).renameColumn('qbo_id', t.qboId).execute();
    await db.schema.alterTable(t.table).renameColumn('local_id', t.localId).execute();
    await db.schema.alterTable(t.table).addPrimaryKeyConstraint(t.pkey, [t.localId]).execute();
  }
}
