import type { TemporalAccess } from './client.js';
import { reconcileWorkflowId } from '../workflows/ids.js';
import { qboChanged } from '../workflows/messages.js';
import type { QboChange } from '../workflows/types.js';
import type { reconcileWorkflow } from '../workflows/reconcile-workflow.js';
import { FirmIdKey } from '../workflows/search-attributes.js';

/** The CDC backstop's interval, from QBO_CDC_POLL_SECONDS (default five minutes). */
export const cdcPollSeconds = (env: NodeJS.ProcessEnv = process.env): number => Number(env.QBO_CDC_POLL_SECONDS ?? 300);

/**
 * Hands QBO's announced changes to the firm's reconciliation workflow, starting it if it is not running
 * (signal-with-start), so no event is lost for want of a running reconciler.
 */
export async function notifyReconciler(temporal: TemporalAccess, firmId: string, changes: QboChange[]): Promise<void> {
  await temporal.client.workflow.signalWithStart<typeof reconcileWorkflow, [QboChange[]]>('reconcileWorkflow', {
    workflowId: reconcileWorkflowId(firmId),
    taskQueue: temporal.taskQueue,
    args: [{ firmId, pollSeconds: cdcPollSeconds() }],
    signal: qboChanged,
    signalArgs: [changes],
    typedSearchAttributes: [{ key: FirmIdKey, value: firmId }],
  });
}

/** Starts the firm's reconciliation (Model 2 activation); a running one is left as it is. */
export async function startReconciler(temporal: TemporalAccess, firmId: string): Promise<void> {
  await notifyReconciler(temporal, firmId, []);
}
