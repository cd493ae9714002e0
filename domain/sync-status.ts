// The invoice's sync state machine: what the workflow stores, what billing staff see, which button they get
// and whether it may be synced at all. Pure and deterministic, so the API, the activities and (by type) the
// workflows share it; db/queries/invoices.ts filters lists by the same rules in SQL, and
// test/integration/sync-status.test.ts holds both to one table of cases.

export type InvoiceStatus = 'open' | 'void';

/** What the invoice workflow records in `invoice_sync_state` (and its SyncStatus search attribute). */
export type SyncStatus = 'not_synced' | 'queued' | 'syncing' | 'synced' | 'out_of_date' | 'failed' | 'needs_mapping';

/** The stored status, or `not_eligible` for an invoice created before the firm activated sync. */
export type ShownSyncStatus = SyncStatus | 'not_eligible';

/** Every status billing staff can see, in the API's order. */
export const SHOWN_SYNC_STATUSES = [
  'not_eligible',
  'not_synced',
  'queued',
  'syncing',
  'synced',
  'out_of_date',
  'failed',
  'needs_mapping',
] as const satisfies readonly ShownSyncStatus[];

export type SyncAction = 'sync_now' | 'sync_again' | null;

/** Stored statuses billing staff see as they are, whatever the invoice's revision. */
export const STATUSES_SHOWN_AS_STORED = [
  'queued',
  'syncing',
  'failed',
  'needs_mapping',
] as const satisfies readonly SyncStatus[];

/** An invoice is eligible when the firm's sync is active and the invoice was created since its first activation. */
export function isEligible(firm: { active: boolean; activatedAt: Date | null }, createdAt: Date): boolean {
  return firm.active && firm.activatedAt !== null && createdAt >= firm.activatedAt;
}

/** What the list and the invoice page show. `stored` is null for an invoice without a sync state row. */
export function shownSyncStatus(invoice: {
  eligible: boolean;
  revision: number;
  stored: SyncStatus | null;
  qboInvoiceId: string | null;
  syncedRevision: number | null;
}): ShownSyncStatus {
  if (!invoice.eligible) return 'not_eligible';
  const { stored, qboInvoiceId, syncedRevision } = invoice;
  if (stored && (STATUSES_SHOWN_AS_STORED as readonly SyncStatus[]).includes(stored)) return stored;
  // A synced invoice revised since it was posted is out of date.
  if (qboInvoiceId !== null && syncedRevision !== null && invoice.revision > syncedRevision) return 'out_of_date';
  return stored ?? 'not_synced';
}

/** A void invoice QuickBooks never had: there is nothing to sync. */
export function isVoidNeverPosted(invoice: { status: InvoiceStatus; qboInvoiceId: string | null }): boolean {
  return invoice.status === 'void' && !invoice.qboInvoiceId;
}

/** Whether a sync of this invoice may be asked for at all (by Sync Now or a bulk job), firm aside. */
export function isSyncable(invoice: {
  eligible: boolean;
  status: InvoiceStatus;
  qboInvoiceId: string | null;
}): boolean {
  return invoice.eligible && !isVoidNeverPosted(invoice);
}

/**
 * The button billing staff get: Sync Now for an invoice QuickBooks does not have yet, Sync Again for one it
 * has in an older revision (or whose last sync failed), nothing while a sync is queued or running.
 */
export function syncAction(
  status: ShownSyncStatus,
  qboInvoiceId: string | null,
  invoiceStatus: InvoiceStatus = 'open',
): SyncAction {
  // A void invoice QuickBooks never had needs nothing from it.
  if (isVoidNeverPosted({ status: invoiceStatus, qboInvoiceId })) return null;
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

/** Why a sync cannot be asked for, in the order they are checked. */
export type SyncRefusal = 'sync_not_active' | 'not_eligible' | 'invoice_void' | 'not_connected';

/**
 * The one decision whether a sync may start: for the firm alone (a bulk job, whose invoices are filtered by
 * `isSyncable`), or for one invoice too.
 */
export function syncRefusal(
  firm: { active: boolean; connected: boolean },
  invoice?: { eligible: boolean; status: InvoiceStatus; qboInvoiceId: string | null },
): SyncRefusal | null {
  if (!firm.active) return 'sync_not_active';
  if (invoice && !invoice.eligible) return 'not_eligible';
  if (invoice && isVoidNeverPosted(invoice)) return 'invoice_void';
  if (!firm.connected) return 'not_connected';
  return null;
}

/** What a sync pass ends in: the workflow's outcome, and the metrics' `outcome` label. */
export const SYNC_PASS_STATUSES = ['synced', 'failed', 'needs_mapping'] as const satisfies readonly SyncStatus[];
export type SyncPassStatus = (typeof SYNC_PASS_STATUSES)[number];
