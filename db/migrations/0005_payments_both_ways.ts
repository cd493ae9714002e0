import { sql, type Kysely } from 'kysely';

// Payments both ways. A QBO payment can pay several invoices, so a payment from QBO is stored once per
// (QBO payment, invoice). Billing payments can be voided, and remember what QBO applied of them (the rest
// is QBO unapplied credit). The Model 2 reconciler's CDC cursor outlives its workflow.

// Migrations take Kysely<any>: they must keep working when today's schema types move on.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payments_firm_qbo_id_key').execute();
  await db.schema
    .createIndex('payments_firm_qbo_id_invoice_key')
    .on('payments')
    .columns(['firm_id', 'qbo_payment_id', 'invoice_id'])
    .unique()
    .where(sql.ref('qbo_payment_id'), 'is not', null)
    .execute();
  await db.schema.alterTable('payments').addColumn('voided_at', 'timestamptz').execute();
  await db.schema.alterTable('payments').addColumn('applied_cents', 'bigint').execute();
  await db.schema.alterTable('qbo_connections').addColumn('cdc_cursor', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('qbo_connections').dropColumn('cdc_cursor').execute();
  await db.schema.alterTable('payments').dropColumn('applied_cents').execute();
  await db.schema.alterTable('payments').dropColumn('voided_at').execute();
  await db.schema.dropIndex('payments_firm_qbo_id_invoice_key').execute();
  await db.schema
    .createIndex('payments_firm_qbo_id_key')
    .on('payments')
    .columns(['firm_id', 'qbo_payment_id'])
    .unique()
    .where(sql.ref('qbo_payment_id'), 'is not', null)
    .execute();
}
