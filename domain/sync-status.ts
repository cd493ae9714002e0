import type { ShownSyncStatus } from '../db/schema.js';

export type SyncAction = 'sync_now' | 'sync_again' | null;

/**
 * The button billing staff get: Sync Now for an invoice QuickBooks does not have yet, Sync Again for one it
 * has in an older revision (or whose last sync failed), nothing while a sync is queued or running.
 */
export function syncAction(status: ShownSyncStatus, qboInvoiceId: string | null, invoiceStatus: 'open' | 'void' = 'open'): SyncAction {
  // A void invoice QuickBooks never had needs nothing from it.
  if (invoiceStatus === 'void' && !qboInvoiceId) return null;
  switch (status) {
    case 'not_synced':
      return 'sync_now';
    case 'out_of_date':
      return 'sync_again';
    case 'failed':
      return qboInvoiceId ? 'sync_again' : 'sync_now';
    default:
      return null;
  }
}
