import type { Db } from '../database.js';
import type { InvoiceStatus, SyncStatus } from '../../domain/sync-status.js';
import type { FeeItem, InvoiceLine, Payer } from '../schema.js';

export interface PreflightInvoiceRow {
  id: string;
  number: string;
  status: InvoiceStatus;
  revision: number;
  created_at: Date;
  payer_id: string;
  stored_status: SyncStatus | null;
  qbo_invoice_id: string | null;
  synced_revision: number | null;
}

export interface PreflightRows {
  invoices: PreflightInvoiceRow[];
  lines: Pick<
    InvoiceLine,
    'invoice_id' | 'line_no' | 'fee_item_id' | 'quantity' | 'unit_price_cents' | 'amount_cents'
  >[];
  payers: Payer[];
  feeItems: FeeItem[];
}

/**
 * What a bulk job's dry run checks, for these invoices of the firm (another firm's ids are simply absent):
 * the invoices with their stored sync state, their lines, payers and fee items, read at one moment.
 */
export async function preflightRows(db: Db, firmId: string, ids: readonly string[]): Promise<PreflightRows> {
  if (ids.length === 0) return { invoices: [], lines: [], payers: [], feeItems: [] };
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const invoices = await trx
        .selectFrom('invoices as i')
        .leftJoin('invoice_sync_state as s', 's.invoice_id', 'i.id')
        .select([
          'i.id',
          'i.number',
          'i.status',
          'i.revision',
          'i.created_at',
          'i.payer_id',
          's.status as stored_status',
          's.qbo_invoice_id',
          's.synced_revision',
        ])
        .where('i.firm_id', '=', firmId)
        .where('i.id', 'in', ids)
        .execute();
      const found = invoices.map((i) => i.id);
      if (found.length === 0) return { invoices, lines: [], payers: [], feeItems: [] };
      const lines = await trx
        .selectFrom('invoice_lines')
        .select(['invoice_id', 'line_no', 'fee_item_id', 'quantity', 'unit_price_cents', 'amount_cents'])
        .where('firm_id', '=', firmId)
        .where('invoice_id', 'in', found)
        .orderBy('invoice_id')
        .orderBy('line_no')
        .execute();
      const payers = await trx
        .selectFrom('payers')
        .selectAll()
        .where('firm_id', '=', firmId)
        .where('id', 'in', [...new Set(invoices.map((i) => i.payer_id))])
        .execute();
      const feeItemIds = [...new Set(lines.map((l) => l.fee_item_id))];
      const feeItems = feeItemIds.length
        ? await trx
            .selectFrom('fee_items')
            .selectAll()
            .where('firm_id', '=', firmId)
            .where('id', 'in', feeItemIds)
            .execute()
        : [];
      return { invoices, lines, payers, feeItems };
    });
}
