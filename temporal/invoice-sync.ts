import { WithStartWorkflowOperation, type Client, type WorkflowUpdateHandle } from '@temporalio/client';
import { invoiceWorkflowId } from '../workflows/ids.js';
import type { invoiceWorkflow } from '../workflows/invoice-workflow.js';
import { invoiceChanged, requestSync } from '../workflows/messages.js';
import { FirmIdKey, InvoiceIdKey, InvoiceNumberKey, SyncStatusKey } from '../workflows/search-attributes.js';
import type { SyncOutcome } from '../workflows/types.js';

// Talking to invoice workflows from outside them: the API (Sync Now) and the bulk-job activity both ask
// for syncs this one way.

export interface TemporalAccess {
  client: Client;
  taskQueue: string;
}

export interface SyncTarget {
  firmId: string;
  invoiceId: string;
  number: string;
}

/**
 * Starts the invoice's workflow if it is not running (update-with-start, reusing a running one) and asks
 * it for a sync pass; the handle's result is the outcome of the first pass that starts after the request.
 */
export function startInvoiceSync(temporal: TemporalAccess, target: SyncTarget): Promise<WorkflowUpdateHandle<SyncOutcome>> {
  const start = new WithStartWorkflowOperation<typeof invoiceWorkflow>('invoiceWorkflow', {
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
  return temporal.client.workflow.startUpdateWithStart(requestSync, { waitForStage: 'ACCEPTED', startWorkflowOperation: start });
}

/** Tells a running invoice workflow its invoice changed; an invoice never synced has none, which is fine. */
export async function notifyInvoiceChanged(temporal: TemporalAccess, firmId: string, invoiceId: string): Promise<void> {
  await temporal.client.workflow
    .getHandle(invoiceWorkflowId(firmId, invoiceId))
    .signal(invoiceChanged)
    .catch(() => undefined);
}
