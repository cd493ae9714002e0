import { sql, type Updateable } from 'kysely';
import type { Db } from '../database.js';
import type { InvoiceSyncStateTable, NewSyncLogEntry } from '../schema.js';
import { eligible } from './invoices.js';
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
}

/** One round trip for what a pass decides on (the invoice, its lines, its sync state, its payment work). */
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
