import type { Db } from '../../db/database.js';
import { getInvoice, voidInvoice } from '../../db/queries/invoices.js';
import { acceptPayerEmail, requeueLostPayment } from '../../db/queries/drift-fixes.js';
import { markDriftFixed, type StoredFinding } from '../../db/queries/drift-reports.js';
import type { DriftFix } from '../../domain/drift.js';
import { recordSyncLog } from '../../domain/sync-log-events.js';
import type { TemporalAccess } from '../../temporal/client.js';
import { requestEntitySync } from '../../temporal/entity-sync.js';
import { notifyInvoiceChanged } from '../../temporal/invoice-sync.js';
import { conflict, notFound } from '../http-errors.js';
import { requestInvoiceSync } from '../sync-requests.js';

const SYNC_WAIT_MS = 10_000;

/**
 * Applies one of a finding's fixes through the product's own paths (the invoice's workflow stays the only
 * writer of its sync state; payers and fee items go through their entity workflows), then records it fixed.
 * An invoice's pass is waited for up to 10 s; one that fails leaves the finding open and answers why.
 */
export async function applyDriftFix(
  db: Db,
  temporal: TemporalAccess,
  firmId: string,
  finding: StoredFinding,
  action: DriftFix,
): Promise<void> {
  const syncInvoice = async (invoiceId: string, overwrite: boolean) => {
    const found = await getInvoice(db, firmId, invoiceId);
    if (!found) throw notFound('Invoice');
    const target = { firmId, invoiceId, number: found.invoice.number };
    if ((await requestInvoiceSync(temporal, target, SYNC_WAIT_MS, { overwrite })) === 'pending') return;
    const after = await getInvoice(db, firmId, invoiceId);
    if (after?.invoice.sync_status === 'failed')
      throw conflict('fix_failed', after.invoice.last_error?.message ?? 'The sync failed; see the sync log');
  };

  switch (finding.entityType) {
    case 'invoice':
      if (action === 'accept') {
        // QuickBooks voided it: billing voids it too, and the sync that follows finds the void already there.
        await voidInvoice(db, firmId, finding.entityId);
        await notifyInvoiceChanged(temporal, firmId, finding.entityId);
        await syncInvoice(finding.entityId, false);
      } else {
        // Overwrite (Sync Again from billing) and recreate (the same pass creates it when QBO lost it).
        await syncInvoice(finding.entityId, true);
      }
      break;
    case 'payment': {
      const invoiceId = await requeueLostPayment(db, firmId, finding.entityId);
      if (!invoiceId) throw conflict('payment_void', 'The payment was voided in billing since the report ran');
      await syncInvoice(invoiceId, false);
      break;
    }
    case 'payer':
    case 'fee_item':
      if (action === 'accept') {
        if (finding.field !== 'email' || !finding.quickbooksValue)
          throw conflict('not_acceptable', 'Only an email can be taken from QuickBooks');
        await acceptPayerEmail(db, firmId, finding.entityId, finding.quickbooksValue);
      } else {
        await requestEntitySync(temporal, {
          firmId,
          kind: finding.entityType,
          localId: finding.entityId,
          overwrite: true,
        });
      }
      break;
  }
  // A Sync Again or an entity update writes every field at once: the entity's other findings of the kind go with it.
  await markDriftFixed(db, finding, action, action !== 'accept' || finding.entityType === 'invoice');
  await recordSyncLog(db, {
    kind: 'drift_fixed',
    firmId,
    entityType: finding.entityType,
    entityId: finding.entityId,
    label: finding.label,
    findingKind: finding.kind,
    action,
  });
}
