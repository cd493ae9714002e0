import { activityInfo } from '@temporalio/activity';
import type { Db } from '../db/database.js';
import { appendSyncLog } from '../db/queries/sync-log.js';
import type { LogLevel } from '../db/schema.js';

export interface LogStep {
  firmId: string;
  level?: LogLevel;
  action: string;
  entityType: 'invoice' | 'customer' | 'item' | 'payment';
  entityId: string;
  message: string;
  qboId?: string | null;
  intuitTid?: string | null;
}

/**
 * Writes a sync-log entry tagged with the running workflow. The event key names this activity execution
 * and step, so an activity that is retried after it already logged does not log twice.
 */
export async function logStep(db: Db, step: LogStep): Promise<void> {
  const info = activityInfo();
  const run = info.workflowExecution;
  await appendSyncLog(db, {
    firm_id: step.firmId,
    level: step.level ?? 'info',
    action: step.action,
    entity_type: step.entityType,
    entity_id: step.entityId,
    message: step.message,
    qbo_id: step.qboId ?? null,
    workflow_id: run?.workflowId ?? null,
    intuit_tid: step.intuitTid ?? null,
    event_key: run ? `${run.runId}/${info.activityId}/${step.action}` : null,
  });
}
