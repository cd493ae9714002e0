import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { PERSISTENT_ACTIVITY_OPTIONS } from './activity-options.js';
import { qboChanged } from './messages.js';
import type { ReconcileInput } from './reconcile-types.js';
import type { QboChange, SyncActivities } from './types.js';

// It never gives up on an item itself (the invoice workflow decides failure), nor on QBO being down a while.
const activities = proxyActivities<SyncActivities>(PERSISTENT_ACTIVITY_OPTIONS);

/**
 * Model 2: payments received in QuickBooks flow back to billing. One workflow per firm, alive while the
 * firm is active under Model 2. Webhook events arrive as signals and are applied at once; a CDC poll on
 * an interval (and at start) catches whatever webhooks lost. Applying is idempotent per QBO payment and
 * invoice, so an event seen twice, late or out of order changes nothing twice.
 */
export async function reconcileWorkflow(input: ReconcileInput): Promise<void> {
  const { firmId, pollSeconds } = input;
  const pending: QboChange[] = [];
  setHandler(qboChanged, (changes) => {
    pending.push(...changes);
  });

  let polled = await activities.pollQboChanges({ firmId, since: input.cursor ?? null });
  let nextPollAt = Date.now() + pollSeconds * 1000;
  while (polled.active) {
    await condition(
      () => pending.length > 0 || workflowInfo().continueAsNewSuggested,
      Math.max(0, nextPollAt - Date.now()),
    );
    if (pending.length > 0) {
      await activities.applyQboChanges({ firmId, changes: pending.splice(0) });
    } else if (Date.now() >= nextPollAt) {
      polled = await activities.pollQboChanges({ firmId, since: polled.cursor });
      nextPollAt = Date.now() + pollSeconds * 1000;
    }
    if (workflowInfo().continueAsNewSuggested && pending.length === 0) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof reconcileWorkflow>({ ...input, cursor: polled.cursor });
    }
  }
}
