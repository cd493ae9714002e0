import { sql, type Kysely } from 'kysely';

// The whole domain in one migration, so later issues add behaviour rather than reshaping tables.
// Every firm-owned row carries firm_id, and every lookup the product makes is scoped by it.

// Migrations take Kysely<any>: they must keep working when today's schema types move on.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('firms')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subscribed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('subscribed_at', 'timestamptz')
    .addColumn('sync_model', 'smallint', (c) => c.check(sql`sync_model in (1, 2)`))
    .addColumn('unmapped_policy', 'text', (c) =>
      c
        .notNull()
        .defaultTo('create')
        .check(sql`unmapped_policy in ('create', 'hold')`),
    )
    .addColumn('auto_sync', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('activated_at', 'timestamptz')
    .addColumn('next_invoice_number', 'integer', (c) => c.notNull().defaultTo(1001))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'billing', 'viewer')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('payers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('individual', 'corporation')`))
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('company_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'jsonb')
    .addColumn('billing_person', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('payers_firm_idx').on('payers').columns(['firm_id', 'id']).execute();

  await db.schema
    .createTable('fee_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('unit_price_cents', 'bigint', (c) => c.notNull().check(sql`unit_price_cents >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('fee_items_firm_name_key', ['firm_id', 'name'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('payer_id', 'uuid', (c) => c.notNull().references('payers.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('invoice_date', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('memo', 'text')
    .addColumn('case_reference', 'text')
    .addColumn('total_cents', 'bigint', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'void')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('invoices_firm_number_key', ['firm_id', 'number'])
    .execute();
  await db.schema.createIndex('invoices_firm_idx').on('invoices').columns(['firm_id', 'id']).execute();

  await db.schema
    .createTable('invoice_lines')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('invoice_id', 'uuid', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('fee_item_id', 'uuid', (c) => c.notNull().references('fee_items.id'))
    .addColumn('description', 'text')
    .addColumn('quantity', 'numeric(12, 4)', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price_cents', 'bigint', (c) => c.notNull().check(sql`unit_price_cents >= 0`))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('invoice_lines_invoice_line_no_key', ['invoice_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('invoice_id', 'uuid', (c) => c.notNull().references('invoices.id'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('payment_date', 'date', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('reference', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('billing', 'quickbooks')`))
    .addColumn('qbo_payment_id', 'text')
    .addColumn('qbo_sync_status', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A payment that came from QBO is stored once however often its webhook or CDC entry arrives.
  await db.schema
    .createIndex('payments_firm_qbo_id_key')
    .on('payments')
    .columns(['firm_id', 'qbo_payment_id'])
    .unique()
    .where(sql.ref('qbo_payment_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('qbo_connections')
    .addColumn('firm_id', 'uuid', (c) => c.primaryKey().references('firms.id').onDelete('cascade'))
    .addColumn('realm_id', 'text', (c) => c.notNull())
    .addColumn('company_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('connected', 'disconnected', 'expired')`))
    .addColumn('access_token_enc', 'text')
    .addColumn('refresh_token_enc', 'text')
    .addColumn('access_token_expires_at', 'timestamptz')
    .addColumn('refresh_token_expires_at', 'timestamptz')
    .addColumn('connected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('qbo_connections_realm_idx').on('qbo_connections').column('realm_id').execute();

  await db.schema
    .createTable('oauth_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('payer_mappings')
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('payer_id', 'uuid', (c) => c.primaryKey().references('payers.id').onDelete('cascade'))
    .addColumn('qbo_customer_id', 'text', (c) => c.notNull())
    .addColumn('qbo_display_name', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('fee_item_mappings')
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('fee_item_id', 'uuid', (c) => c.primaryKey().references('fee_items.id').onDelete('cascade'))
    .addColumn('qbo_item_id', 'text', (c) => c.notNull())
    .addColumn('qbo_name', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('invoice_sync_state')
    .addColumn('invoice_id', 'uuid', (c) => c.primaryKey().references('invoices.id').onDelete('cascade'))
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('not_synced', 'queued', 'syncing', 'synced', 'out_of_date', 'failed')`),
    )
    .addColumn('qbo_invoice_id', 'text')
    .addColumn('qbo_sync_token', 'text')
    .addColumn('synced_revision', 'integer')
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_synced_at', 'timestamptz')
    .addColumn('last_error', 'jsonb')
    .addColumn('workflow_id', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('invoice_sync_state_firm_status_idx')
    .on('invoice_sync_state')
    .columns(['firm_id', 'status'])
    .execute();

  await db.schema
    .createTable('sync_jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'completed')`))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('sync_job_items')
    .addColumn('job_id', 'uuid', (c) => c.notNull().references('sync_jobs.id').onDelete('cascade'))
    .addColumn('invoice_id', 'uuid', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'succeeded', 'failed')`))
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('sync_job_items_pkey', ['job_id', 'invoice_id'])
    .execute();

  await db.schema
    .createTable('sync_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('info', 'error')`))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('qbo_id', 'text')
    .addColumn('workflow_id', 'text')
    .addColumn('intuit_tid', 'text')
    .addColumn('event_key', 'text')
    .execute();
  await db.schema.createIndex('sync_log_firm_id_idx').on('sync_log').columns(['firm_id', 'id']).execute();
  await db.schema.createIndex('sync_log_firm_entity_idx').on('sync_log').columns(['firm_id', 'entity_id']).execute();
  await db.schema
    .createIndex('sync_log_event_key_key')
    .on('sync_log')
    .columns(['firm_id', 'event_key'])
    .unique()
    .execute();

  await db.schema
    .createTable('webhook_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_key', 'text', (c) => c.notNull().unique())
    .addColumn('realm_id', 'text', (c) => c.notNull())
    .addColumn('entity_name', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('processed_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'webhook_events',
    'sync_log',
    'sync_job_items',
    'sync_jobs',
    'invoice_sync_state',
    'fee_item_mappings',
    'payer_mappings',
    'oauth_states',
    'qbo_connections',
    'payments',
    'invoice_lines',
    'invoices',
    'fee_items',
    'payers',
    'api_keys',
    'firms',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
