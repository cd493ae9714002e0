import { WithStartWorkflowOperation } from '@temporalio/client';
import { invoiceWorkflowId } from '../workflows/ids.js';
import type { invoiceWorkflow } from '../workflows/invoice-workflow.js';
import { invoiceChanged, mappingsChanged, paymentPosted, requestSync } from '../workflows/messages.js';
import { FirmIdKey, InvoiceIdKey, InvoiceNumberKey, SyncStatusKey } from '../workflows/search-attributes.js';
import type { SyncOutcome, SyncRequest } from '../workflows/types.js';
import type { TemporalAccess } from './client.js';
import { signalIfRunning } from './signals.js';

// Talking to invoice workflows from outside them: the API (Sync Now, revisions, mappings) and the activities
// (bulk jobs, payments from QuickBooks) all reach an invoice's workflow these ways.

export interface SyncTarget {
  firmId: string;
  invoiceId: string;
  number: string;
}

/**
 * Sync Now's request: starts the invoice's workflow if it is not running (update-with-start, reusing a
 * running one) and asks it for a sync pass; the handle is answered once the workflow has accepted it.
 */
export function requestSyncPass(
  temporal: TemporalAccess,
  target: SyncTarget,
  workflow: { workflowTaskTimeout?: string } = {},
  request: SyncRequest = {},
) {
  const start = new WithStartWorkflowOperation<typeof invoiceWorkflow>('invoiceWorkflow', {
    ...workflow,
    workflowId: invoiceWorkflowId(target.firmId, target.invoiceId),
    taskQueue: temporal.taskQueue,
    args: [{ firmId: target.firmId, invoiceId: target.invoiceId }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: FirmIdKey, value: target.firmId },
      { key: InvoiceIdKey, value: target.invoiceId },
      { key: InvoiceNumberKey, value: target.number },
      { key: SyncStatusKey, value: 'queued' },
    ],
  });
  return temporal.client.workflow.startUpdateWithStart(requestSync, {
    // A plain request carries no argument, as requests recorded before the options existed.
    ...((request.overwrite || request.viaBatch) && { args: [request] as [SyncRequest] }),
    waitForStage: 'ACCEPTED',
    startWorkflowOperation: start,
  });
}

/** Sync Now: resolves with the outcome of the first pass that starts after the request. */
export async function syncInvoice(
  temporal: TemporalAccess,
  target: SyncTarget,
  request: SyncRequest = {},
): Promise<SyncOutcome> {
  return (await requestSyncPass(temporal, target, {}, request)).result();
}

/** Tells the invoice's workflow its invoice changed; an invoice never synced has none, which is fine. */
export async function notifyInvoiceChanged(temporal: TemporalAccess, firmId: string, invoiceId: string): Promise<void> {
  await signalIfRunning(temporal.client, invoiceWorkflowId(firmId, invoiceId), invoiceChanged);
}

/** Wakes invoices that may be held for a mapping; each checks for itself whether it can go on. One without a workflow is skipped. */
export async function notifyMappingsChanged(
  temporal: TemporalAccess,
  firmId: string,
  invoiceIds: string[],
): Promise<void> {
  await Promise.all(
    invoiceIds.map((invoiceId) =>
      signalIfRunning(temporal.client, invoiceWorkflowId(firmId, invoiceId), mappingsChanged),
    ),
  );
}

/** Tells the invoice's workflow a QuickBooks payment reached it (for ops); an invoice without a running workflow is skipped. */
export async function notifyPaymentPosted(
  temporal: TemporalAccess,
  firmId: string,
  invoiceId: string,
  payment: { qboPaymentId: string; amountCents: number },
): Promise<void> {
  await signalIfRunning(temporal.client, invoiceWorkflowId(firmId, invoiceId), paymentPosted, payment);
}
