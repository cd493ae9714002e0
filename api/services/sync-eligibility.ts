import type { Db } from '../../db/database.js';
import { getConnection } from '../../db/queries/connections.js';
import { getFirm } from '../../db/queries/firms.js';
import type { InvoiceRow } from '../../db/queries/invoices.js';
import { syncRefusal, type SyncRefusal } from '../../domain/sync-status.js';
import { conflict, type ApiError } from '../http-errors.js';

const REFUSALS: Record<SyncRefusal, string> = {
  sync_not_active: 'QuickBooks sync is not active for this firm',
  not_eligible: 'Only invoices created after sync was activated are synced',
  invoice_void: 'This invoice is void and was never in QuickBooks: there is nothing to sync',
  not_connected: 'QuickBooks is not connected; reconnect it first',
};

/**
 * Why a sync cannot start right now (a 409 naming the reason), or null when it can: for this invoice, or,
 * without one, for the firm (a bulk job, whose invoices `syncableInvoices` filters by the same rules).
 */
export async function syncBlocker(db: Db, firmId: string, invoice?: InvoiceRow): Promise<ApiError | null> {
  const firm = {
    active: !!(await getFirm(db, firmId))?.active,
    connected: (await getConnection(db, firmId))?.status === 'connected',
  };
  const refusal = syncRefusal(
    firm,
    invoice && { eligible: invoice.eligible, status: invoice.status, qboInvoiceId: invoice.qbo_invoice_id },
  );
  return refusal && conflict(refusal, REFUSALS[refusal]);
}

/** autoSync: new and revised invoices go to QuickBooks by themselves when they can. */
export async function autoSyncWanted(db: Db, firmId: string, invoice: InvoiceRow): Promise<boolean> {
  return !!(await getFirm(db, firmId))?.auto_sync && (await syncBlocker(db, firmId, invoice)) === null;
}
