import type { Db } from '../database.js';
import type { SyncStatus } from '../../domain/sync-status.js';
import type { InvoiceSyncState, SyncError } from '../schema.js';

// The invoice workflow is the only writer of these rows (through activities); the API only reads them.

export async function getSyncState(db: Db, firmId: string, invoiceId: string): Promise<InvoiceSyncState | undefined> {
  return db
    .selectFrom('invoice_sync_state')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
}

export async function setSyncStatus(
  db: Db,
  firmId: string,
  invoiceId: string,
  status: SyncStatus,
  workflowId: string,
): Promise<void> {
  await db
    .updateTable('invoice_sync_state')
    .set({ status, workflow_id: workflowId, updated_at: new Date() })
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

export async function recordSynced(
  db: Db,
  firmId: string,
  invoiceId: string,
  result: { qboInvoiceId: string; syncToken?: string; revision: number },
): Promise<void> {
  await db
    .updateTable('invoice_sync_state')
    .set({
      status: 'synced',
      qbo_invoice_id: result.qboInvoiceId,
      ...(result.syncToken !== undefined && { qbo_sync_token: result.syncToken }),
      synced_revision: result.revision,
      last_synced_at: new Date(),
      last_error: null,
      updated_at: new Date(),
    })
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

export async function recordSyncFailure(db: Db, firmId: string, invoiceId: string, error: SyncError): Promise<void> {
  await db
    .updateTable('invoice_sync_state')
    .set({ status: 'failed', last_error: JSON.stringify(error), updated_at: new Date() })
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

export async function bumpGeneration(db: Db, firmId: string, invoiceId: string): Promise<void> {
  await db
    .updateTable('invoice_sync_state')
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

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
