import { sql, type Kysely } from 'kysely';

// The drift report: a run per firm comparing billing with QuickBooks, and what it found. A firm has at most
// one report running (a partial unique index), so an on-demand run and a scheduled one never read the same
// changes twice or race for the CDC cursor. A billing payment posted again after QuickBooks lost it needs a
// new requestid, so payments get a generation like invoices have.

// Migrations take Kysely<any>: they must keep working when today's schema types move on.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('drift_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'completed', 'failed')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('full_read', 'boolean')
    .addColumn('cdc_since', 'text')
    .addColumn('cdc_cursor', 'text')
    .addColumn('checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('drift_reports_one_running')
    .on('drift_reports')
    .column('firm_id')
    .unique()
    .where(sql.ref('status'), '=', 'running')
    .execute();
  await db.schema
    .createIndex('drift_reports_firm_started')
    .on('drift_reports')
    .columns(['firm_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('drift_findings')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('drift_reports.id').onDelete('cascade'))
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'uuid', (c) => c.notNull())
    .addColumn('entity_label', 'text', (c) => c.notNull())
    .addColumn('qbo_id', 'text')
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('billing_value', 'text')
    .addColumn('quickbooks_value', 'text')
    .addColumn('fixes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('fixed_at', 'timestamptz')
    .addColumn('fixed_with', 'text')
    .execute();
  await db.schema.createIndex('drift_findings_report').on('drift_findings').columns(['report_id', 'kind']).execute();

  await db.schema
    .alterTable('payments')
    .addColumn('qbo_generation', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').dropColumn('qbo_generation').execute();
  await db.schema.dropTable('drift_findings').execute();
  await db.schema.dropTable('drift_reports').execute();
}
