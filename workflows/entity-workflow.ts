import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { ACTIVITY_OPTIONS, LOCAL_ACTIVITY_OPTIONS } from './activity-options.js';
import { describeFailure } from './failures.js';
import { entityChanged } from './messages.js';
import type { EntityOutcome, EntityWorkflowInput, SyncActivities } from './types.js';

const activities = proxyActivities<SyncActivities>(ACTIVITY_OPTIONS);
const localActivities = proxyLocalActivities<SyncActivities>(LOCAL_ACTIVITY_OPTIONS);

/**
 * One payer's QuickBooks customer, or one fee item's QuickBooks item, kept in step with billing under
 * Model 1. Idle between edits; each edit (a signal) asks for a pass, and edits that arrive while a pass
 * runs share the next one. A pass reads what QuickBooks holds, decides whether to write, and leaves one
 * sync-log entry saying what it did.
 */
export async function entityWorkflow(input: EntityWorkflowInput): Promise<void> {
  const { firmId, kind, localId } = input;
  const target = { firmId, kind, localId };
  let pending: { overwrite: boolean } | null = input.pending ?? null;

  setHandler(entityChanged, ({ overwrite }) => {
    pending = { overwrite: (pending?.overwrite ?? false) || overwrite };
  });

  for (;;) {
    await condition(() => pending !== null || workflowInfo().continueAsNewSuggested);
    if (pending === null) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof entityWorkflow>({ ...target, pending });
    }
    const { overwrite } = pending;
    pending = null;
    await pass(overwrite);
  }

  async function pass(overwrite: boolean): Promise<void> {
    const record = (outcome: EntityOutcome) => localActivities.recordEntityOutcome({ ...target, outcome });
    try {
      const facts = await activities.inspectEntity(target);
      // Model 2, a paused firm, an unmapped record or one deleted since: billing's edit stays in billing.
      if (!facts.follows) return;
      if (facts.differs.length === 0) return await record({ result: 'unchanged' });
      // A record the bookkeeper had before the product linked to it is theirs unless the firm or a person says otherwise.
      if (facts.linked && !facts.updateLinked && !overwrite)
        return await record({ result: 'differs', fields: facts.differs });
      if (!facts.active) return await record({ result: 'inactive' });
      // The write records its own entry: what it sent may include a new name, which stays out of history.
      await activities.updateQboEntity({ ...target, qboId: facts.qboId });
    } catch (error) {
      await record({ result: 'failed', error: describeFailure(error) });
    }
  }
}
