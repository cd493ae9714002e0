import type { Db } from '../../db/database.js';
import { getConnection } from '../../db/queries/connections.js';
import { getFirm } from '../../db/queries/firms.js';
import type { InvoiceRow } from '../../db/queries/invoices.js';
import { conflict, type ApiError } from '../http-errors.js';

/** Why this invoice cannot be synced right now (a 409 naming the reason), or null when it can. */
export async function syncBlocker(db: Db, firmId: string, invoice: InvoiceRow): Promise<ApiError | null> {
  const firm = await getFirm(db, firmId);
  if (!firm?.active) return conflict('sync_not_active', 'QuickBooks sync is not active for this firm');
  if (!invoice.eligible) return conflict('not_eligible', 'Only invoices created after sync was activated are synced');
  if (invoice.status === 'void' && !invoice.qbo_invoice_id) return conflict('invoice_void', 'This invoice is void and was never in QuickBooks: there is nothing to sync');
  const connection = await getConnection(db, firmId);
  if (connection?.status !== 'connected') return conflict('not_connected', 'QuickBooks is not connected; reconnect it first');
  return null;
}

/** autoSync: new and revised invoices go to QuickBooks by themselves when they can. */
export async function autoSyncWanted(db: Db, firmId: string, invoice: InvoiceRow): Promise<boolean> {
  return !!(await getFirm(db, firmId))?.auto_sync && (await syncBlocker(db, firmId, invoice)) === null;
}
