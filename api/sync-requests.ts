import { WithStartWorkflowOperation } from '@temporalio/client';
import { invoiceWorkflowId } from '../workflows/ids.js';
import type { invoiceWorkflow } from '../workflows/invoice-workflow.js';
import { invoiceChanged, requestSync } from '../workflows/messages.js';
import { FirmIdKey, InvoiceIdKey, InvoiceNumberKey, SyncStatusKey } from '../workflows/search-attributes.js';
import { ApiError } from './http-errors.js';
import type { TemporalAccess } from './route-types.js';

export interface SyncTarget {
  firmId: string;
  invoiceId: string;
  number: string;
}

/**
 * Sync Now / Sync Again: starts the invoice's workflow if it is not running (update-with-start, reusing a
 * running one), asks it for a sync pass, and waits up to `waitMs` for that pass to finish.
 * 'done' means the invoice's sync state now reflects the pass; 'pending' means it is still under way.
 */
export async function requestInvoiceSync(temporal: TemporalAccess, target: SyncTarget, waitMs: number): Promise<'done' | 'pending'> {
  const workflowId = invoiceWorkflowId(target.firmId, target.invoiceId);
  const start = new WithStartWorkflowOperation<typeof invoiceWorkflow>('invoiceWorkflow', {
    workflowId,
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
  const pass = temporal.client.workflow
    .startUpdateWithStart(requestSync, { waitForStage: 'ACCEPTED', startWorkflowOperation: start })
    .then((update) => update.result())
    .then(() => 'done' as const);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), waitMs);
  });
  try {
    return await Promise.race([pass, waited]);
  } catch (error) {
    throw new ApiError(503, 'temporal_unavailable', `Could not reach the workflow service: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
    // The pass keeps going after the caller stops waiting; its outcome lands in the database.
    pass.catch(() => undefined);
  }
}

/** Tells a running invoice workflow its invoice changed; an invoice never synced has none, which is fine. */
export async function notifyInvoiceChanged(temporal: TemporalAccess, firmId: string, invoiceId: string): Promise<void> {
  await temporal.client.workflow
    .getHandle(invoiceWorkflowId(firmId, invoiceId))
    .signal(invoiceChanged)
    .catch(() => undefined);
}
