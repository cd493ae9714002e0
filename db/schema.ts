import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';
import type { InvoiceStatus, SyncStatus } from '../domain/sync-status.js';

// The one description of the database: migrations create exactly this, queries are typed by it.
// Money is integer cents (bigint, read back as a JS number: cents stay far below 2^53).
// Dates without time (invoice dates) are read back as 'YYYY-MM-DD' strings, never as JS Dates.

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type Role = 'admin' | 'billing' | 'viewer';
export type PayerType = 'individual' | 'corporation';
export type SyncModel = 1 | 2;
export type UnmappedPolicy = 'create' | 'hold';
export type PaymentSource = 'billing' | 'quickbooks';
export type ConnectionStatus = 'connected' | 'disconnected' | 'needs_reconnect';
export type MappingSource = 'auto' | 'manual' | 'created' | 'found' | 'create_new';
export type LogLevel = 'info' | 'error';

export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface BillingPerson {
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  address?: Address;
}

// A type alias, not an interface: JSON-schema response types need its implicit index signature.
export type SyncError = {
  code: string;
  message: string;
  hint?: string;
  intuitTid?: string | null;
};

export interface FirmsTable {
  id: string;
  name: string;
  subscribed: Generated<boolean>;
  subscribed_at: NullableTime;
  sync_model: SyncModel | null;
  unmapped_policy: Generated<UnmappedPolicy>;
  auto_sync: Generated<boolean>;
  /** Model 1: also keep customers and items the product linked to (not created) equal to billing. */
  update_linked_records: Generated<boolean>;
  active: Generated<boolean>;
  activated_at: NullableTime;
  next_invoice_number: Generated<number>;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: string;
  firm_id: string;
  key_hash: string;
  key_prefix: string;
  role: Role;
  created_at: CreatedAt;
  revoked_at: NullableTime;
}

/** A person who signs in to the console; their email is unique across all firms, whatever its case. */
export interface UsersTable {
  id: string;
  firm_id: string;
  email: string;
  name: string;
  role: Role;
  /** scrypt, self-describing (`$scrypt$n=…,r=…,p=…$salt$key`); null until a password is set. */
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** @fastify/session's store: a session is found by the SHA-256 of its id, never by the id itself. */
export interface SessionsTable {
  id_hash: string;
  /** Null while nobody is signed in on it. */
  user_id: string | null;
  data: JSONColumnType<Record<string, unknown>, string, string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

/** A one-time link to set a password, found by the SHA-256 of its token. */
export interface SetPasswordTokensTable {
  token_hash: string;
  user_id: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  created_at: CreatedAt;
}

export interface PayersTable {
  id: string;
  firm_id: string;
  type: PayerType;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  email: string | null;
  phone: string | null;
  address: JSONColumnType<Address | null, string | null, string | null>;
  billing_person: JSONColumnType<BillingPerson | null, string | null, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FeeItemsTable {
  id: string;
  firm_id: string;
  name: string;
  description: string | null;
  unit_price_cents: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InvoicesTable {
  id: string;
  firm_id: string;
  payer_id: string;
  number: string;
  invoice_date: string;
  due_date: string;
  memo: string | null;
  case_reference: string | null;
  total_cents: number;
  revision: Generated<number>;
  status: Generated<InvoiceStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InvoiceLinesTable {
  id: string;
  invoice_id: string;
  firm_id: string;
  line_no: number;
  fee_item_id: string;
  description: string | null;
  /** numeric(12,4), kept as a decimal string. */
  quantity: string;
  unit_price_cents: number;
  amount_cents: number;
}

export interface PaymentsTable {
  id: string;
  firm_id: string;
  invoice_id: string;
  amount_cents: number;
  payment_date: string;
  method: string | null;
  reference: string | null;
  source: PaymentSource;
  qbo_payment_id: string | null;
  /** Billing payments (Model 1): 'pending' until posted to QBO, then 'synced'; 'failed' when QBO refused. */
  qbo_sync_status: string | null;
  received_at: CreatedAt;
  voided_at: NullableTime;
  /** What QBO applied to the invoice; the rest of the amount is QBO unapplied credit. */
  applied_cents: number | null;
  /** Bumped when the payment must be posted to QBO again (deleted there), so its requestid changes. */
  qbo_generation: Generated<number>;
}

export interface QboConnectionsTable {
  firm_id: string;
  realm_id: string;
  company_name: string | null;
  status: ConnectionStatus;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  access_token_expires_at: NullableTime;
  refresh_token_expires_at: NullableTime;
  /** QBO's time of the Model 2 reconciler's last CDC poll. */
  cdc_cursor: string | null;
  connected_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OauthStatesTable {
  state: string;
  firm_id: string;
  expires_at: Date;
  used_at: NullableTime;
}

/** Payer -> QBO customer, or fee item -> QBO item, within one QBO company (realm). */
export interface MappingsTable {
  firm_id: string;
  /** The payer (payer_mappings) or fee item (fee_item_mappings). */
  local_id: string;
  realm_id: string;
  /** Null: a person chose "create a new one in QuickBooks". */
  qbo_id: string | null;
  qbo_name: string | null;
  source: MappingSource;
  created_at: CreatedAt;
}

export interface InvoiceSyncStateTable {
  invoice_id: string;
  firm_id: string;
  status: SyncStatus;
  qbo_invoice_id: string | null;
  qbo_sync_token: string | null;
  synced_revision: number | null;
  /** Bumped when the QBO invoice must deliberately be created again, so its requestid changes. */
  generation: Generated<number>;
  /** When a create of the invoice in QBO was last sent: a later create looks for it there first. */
  create_begun_at: NullableTime;
  last_synced_at: NullableTime;
  last_error: JSONColumnType<SyncError | null, string | null, string | null>;
  workflow_id: string | null;
  updated_at: UpdatedAt;
}

export interface SyncJobsTable {
  id: string;
  firm_id: string;
  status: 'running' | 'completed';
  total: number;
  created_at: CreatedAt;
  completed_at: NullableTime;
}

export interface SyncJobItemsTable {
  job_id: string;
  invoice_id: string;
  firm_id: string;
  status: 'pending' | 'succeeded' | 'failed';
  error: string | null;
}

export interface SyncLogTable {
  id: Generated<number>;
  firm_id: string;
  at: CreatedAt;
  level: LogLevel;
  action: string;
  entity_type: string;
  entity_id: string | null;
  message: string;
  qbo_id: string | null;
  workflow_id: string | null;
  intuit_tid: string | null;
  /** Makes a retried activity's entry a no-op instead of a second line. */
  event_key: string | null;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  event_key: string;
  realm_id: string;
  entity_name: string;
  entity_id: string;
  operation: string;
  occurred_at: Date;
  received_at: CreatedAt;
  processed_at: NullableTime;
}

/** rate-limiter-flexible's own table (the library queries it; its shape is the library's). */
export interface QboRateLimitsTable {
  key: string;
  points: Generated<number>;
  /** Epoch milliseconds. */
  expire: number | null;
}

/** One row per call a realm may have in flight; a call holds its row's lock until it ends. */
export interface QboRealmSlotsTable {
  realm_id: string;
  slot: number;
}

export interface QboRealmThrottleTable {
  realm_id: string;
  paused_until: ColumnType<Date, Date | string | undefined, Date | string>;
  /** 429s in a row, for the next pause's length; a success sets it back to 0. */
  strikes: Generated<number>;
  /** The share of the configured rate the realm was cut to at rate_cut_at (it grows back from there with time). */
  rate_share: Generated<number>;
  /** When 429s last cut the rate; null: never. */
  rate_cut_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Likewise for the calls in flight. */
  concurrency_share: Generated<number>;
  concurrency_cut_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** While the rate is cut, the time the next call may start: calls are spaced out by the database's clock. */
  next_call_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The time the realm's next batch request may start: batches are always spaced out by the database's clock. */
  next_batch_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type DriftReportStatus = 'running' | 'completed' | 'failed';

/** One comparison of billing with QuickBooks for a firm; at most one runs at a time per firm. */
export interface DriftReportsTable {
  id: string;
  firm_id: string;
  status: DriftReportStatus;
  started_at: CreatedAt;
  finished_at: NullableTime;
  /** Whether everything was read (first run, or CDC could not reach back to the last one). */
  full_read: boolean | null;
  /** The CDC cursor this run read changes from (null: a full read). */
  cdc_since: string | null;
  /** QBO's time of this run's reading, where the next run's CDC starts. */
  cdc_cursor: string | null;
  /** How many invoices, customers and items were compared. */
  checked: Generated<number>;
  /** Findings by kind. */
  counts: JSONColumnType<Record<string, number>, string | undefined, string>;
  error: string | null;
}

/** A difference between billing and QuickBooks, with both sides' values as people read them. */
export interface DriftFindingsTable {
  id: string;
  report_id: string;
  firm_id: string;
  kind: string;
  entity_type: 'invoice' | 'payment' | 'payer' | 'fee_item';
  /** The billing record's id. */
  entity_id: string;
  /** Its invoice number or name. */
  entity_label: string;
  qbo_id: string | null;
  field: string;
  billing_value: string | null;
  quickbooks_value: string | null;
  fixes: ColumnType<string[], string[] | undefined, string[]>;
  fixed_at: NullableTime;
  fixed_with: string | null;
}

export interface Database {
  firms: FirmsTable;
  api_keys: ApiKeysTable;
  users: UsersTable;
  sessions: SessionsTable;
  set_password_tokens: SetPasswordTokensTable;
  payers: PayersTable;
  fee_items: FeeItemsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
  qbo_connections: QboConnectionsTable;
  oauth_states: OauthStatesTable;
  payer_mappings: MappingsTable;
  fee_item_mappings: MappingsTable;
  invoice_sync_state: InvoiceSyncStateTable;
  sync_jobs: SyncJobsTable;
  sync_job_items: SyncJobItemsTable;
  sync_log: SyncLogTable;
  webhook_events: WebhookEventsTable;
  qbo_rate_limits: QboRateLimitsTable;
  qbo_realm_slots: QboRealmSlotsTable;
  qbo_realm_throttle: QboRealmThrottleTable;
  drift_reports: DriftReportsTable;
  drift_findings: DriftFindingsTable;
}

export type Firm = Selectable<FirmsTable>;
export type User = Selectable<UsersTable>;
export type Payer = Selectable<PayersTable>;
export type NewPayer = Insertable<PayersTable>;
export type PayerUpdate = Updateable<PayersTable>;
export type FeeItem = Selectable<FeeItemsTable>;
export type Invoice = Selectable<InvoicesTable>;
export type InvoiceLine = Selectable<InvoiceLinesTable>;
export type InvoiceSyncState = Selectable<InvoiceSyncStateTable>;
export type QboConnection = Selectable<QboConnectionsTable>;
export type SyncLogEntry = Selectable<SyncLogTable>;
export type NewSyncLogEntry = Insertable<SyncLogTable>;
