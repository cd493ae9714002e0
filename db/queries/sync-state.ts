import { sql, type ExpressionBuilder, type Updateable } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Db } from '../database.js';
import type { Database, InvoiceSyncStateTable, NewSyncLogEntry, PayerType } from '../schema.js';
import { eligible } from './invoices.js';
import { connectedRealm, type MappingTable } from './mappings.js';
import { paymentsToPushQuery } from './payments.js';

// The invoice workflow is the only writer of these rows (through activities); the API only reads them.

/**
 * Invoices parked until a payer or fee item is mapped, and those in a sync pass: a pass may have read the
 * mappings just before a new one was saved, and would park its invoice with nobody left to wake it.
 */
export async function heldOrSyncing(db: Db, firmId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('invoice_sync_state')
    .select('invoice_id')
    .where('firm_id', '=', firmId)
    .where('status', 'in', ['needs_mapping', 'syncing'])
    .execute();
  return rows.map((r) => r.invoice_id);
}

/** The QBO invoice is gone (deleted in QBO): forget it, and let the next create use a fresh requestid. */
export async function forgetQboInvoice(db: Db, firmId: string, invoiceId: string): Promise<void> {
  await db
    .updateTable('invoice_sync_state')
    .set((eb) => ({
      qbo_invoice_id: null,
      qbo_sync_token: null,
      synced_revision: null,
      generation: eb('generation', '+', 1),
      updated_at: new Date(),
    }))
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

/**
 * Notes that a create of the invoice is about to be sent, and says whether one was sent before: then it may
 * be in QuickBooks already, whatever became of the worker that sent it. Read and written in one statement
 * (the self-join's row is the one before the update).
 */
export async function beginCreate(db: Db, firmId: string, invoiceId: string): Promise<boolean> {
  const row = await db
    .updateTable('invoice_sync_state as s')
    .from('invoice_sync_state as before')
    .set({ create_begun_at: new Date() })
    .whereRef('before.invoice_id', '=', 's.invoice_id')
    .where('s.firm_id', '=', firmId)
    .where('s.invoice_id', '=', invoiceId)
    .returning(sql<boolean>`before.create_begun_at is not null`.as('begun'))
    .executeTakeFirst();
  return row?.begun ?? false;
}

/** What a sync pass starts from: the invoice's ids and versions, its fee items in line order, its sync state. */
export interface SyncFactsRow {
  number: string;
  revision: number;
  status: 'open' | 'void';
  eligible: boolean;
  payer_id: string;
  fee_item_ids: string[];
  qbo_invoice_id: string | null;
  qbo_sync_token: string | null;
  synced_revision: number | null;
  generation: number;
  payment_work: number;
  /** The sync state as the pass found it, before it began (null: never synced). */
  sync_status: string | null;
  /** What the payer's QBO customer is called, and its id when mapped in the connected company. */
  payer_ref: PayerRef | null;
  /** Each fee item's name, and its QBO item's id when mapped in the connected company; in no order. */
  fee_item_refs: FeeItemRef[];
}

export interface PayerRef {
  type: PayerType;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  qbo_id: string | null;
}

export interface FeeItemRef {
  id: string;
  name: string;
  qbo_id: string | null;
}

type FactsScope = ExpressionBuilder<Database & { i: Database['invoices'] }, 'i'>;

/** The QBO id a payer or fee item (`localId`, a column) is mapped to in the firm's connected company. */
const mappedQboId = (eb: FactsScope, table: MappingTable, localId: 'p.id' | 'fi.id') =>
  eb
    .selectFrom(table)
    .select('qbo_id')
    .whereRef('firm_id', '=', 'i.firm_id')
    .where('local_id', '=', sql.ref<string>(localId))
    .where('realm_id', '=', connectedRealm(eb.ref('i.firm_id')));

const payerRef = (eb: FactsScope) =>
  jsonObjectFrom(
    eb
      .selectFrom('payers as p')
      .select(['p.type', 'p.first_name', 'p.last_name', 'p.company_name'])
      .select(mappedQboId(eb, 'payer_mappings', 'p.id').as('qbo_id'))
      .whereRef('p.firm_id', '=', 'i.firm_id')
      .whereRef('p.id', '=', 'i.payer_id'),
  );

const feeItemRefs = (eb: FactsScope) =>
  jsonArrayFrom(
    eb
      .selectFrom('fee_items as fi')
      .select(['fi.id', 'fi.name'])
      .select(mappedQboId(eb, 'fee_item_mappings', 'fi.id').as('qbo_id'))
      .whereRef('fi.firm_id', '=', 'i.firm_id')
      .where(
        'fi.id',
        'in',
        eb.selectFrom('invoice_lines as l').select('l.fee_item_id').whereRef('l.invoice_id', '=', 'i.id'),
      ),
  );

/**
 * One round trip for what a pass decides on (the invoice, its lines, its sync state, its payment work), and
 * for the payer and fee items it posts with, so that mapped ones resolve without statements of their own.
 */
export async function loadSyncFacts(db: Db, firmId: string, invoiceId: string): Promise<SyncFactsRow | undefined> {
  return db
    .selectFrom('invoices as i')
    .innerJoin('firms as f', 'f.id', 'i.firm_id')
    .leftJoin('invoice_sync_state as s', 's.invoice_id', 'i.id')
    .select([
      'i.number',
      'i.revision',
      'i.status',
      'i.payer_id',
      eligible.as('eligible'),
      's.qbo_invoice_id',
      's.qbo_sync_token',
      's.synced_revision',
      sql<number>`coalesce(s.generation, 0)`.as('generation'),
      's.status as sync_status',
      // Each fee item once, in the order of its first line.
      sql<string[]>`coalesce((select array_agg(l.fee_item_id order by l.first_line)
        from (select fee_item_id, min(line_no) as first_line from invoice_lines
          where invoice_id = i.id group by fee_item_id) l), '{}')`.as('fee_item_ids'),
      sql<number>`(select count(*)::int from (${paymentsToPushQuery(db, firmId, invoiceId)}) w)`.as('payment_work'),
      (eb) => payerRef(eb).as('payer_ref'),
      (eb) => feeItemRefs(eb).as('fee_item_refs'),
    ])
    .where('i.firm_id', '=', firmId)
    .where('i.id', '=', invoiceId)
    .executeTakeFirst();
}

export type SyncStateChange = Omit<Updateable<InvoiceSyncStateTable>, 'invoice_id' | 'firm_id' | 'generation'>;

/**
 * A step of a sync pass: the change to the invoice's sync state and the sync-log entries that report it,
 * in one statement (one round trip, and both land or neither). With `bumpGeneration` the requestid
 * generation moves on only when the entries are new, so a step retried after it committed bumps it once.
 */
export async function changeSyncState(
  db: Db,
  firmId: string,
  invoiceId: string,
  change: SyncStateChange,
  log: NewSyncLogEntry[],
  options: { bumpGeneration?: boolean } = {},
): Promise<void> {
  await db
    .with('logged', (qb) =>
      qb
        .insertInto('sync_log')
        .values(log)
        .onConflict((oc) => oc.columns(['firm_id', 'event_key']).doNothing())
        .returning('id'),
    )
    .updateTable('invoice_sync_state')
    .set({
      ...change,
      ...(options.bumpGeneration && { generation: sql<number>`generation + (select count(*)::int from logged)` }),
      updated_at: new Date(),
    })
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}
