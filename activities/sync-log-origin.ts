import { activityInfo } from '@temporalio/activity';
import type { SyncLogOrigin } from '../domain/sync-log-events.js';

/**
 * The running activity as the origin of the sync-log entries it records: they are tagged with its
 * workflow, and keyed by this activity execution, so an activity retried after it already logged a step
 * does not log it twice.
 */
export function activityOrigin(): SyncLogOrigin | undefined {
  const info = activityInfo();
  const run = info.workflowExecution;
  return run ? { workflowId: run.workflowId, execution: `${run.runId}/${info.activityId}` } : undefined;
}
