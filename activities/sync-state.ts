import { activityInfo } from '@temporalio/activity';
import { bumpGeneration, recordSynced, recordSyncFailure, setSyncStatus } from '../db/queries/sync-state.js';
import { recordSyncLog } from '../domain/sync-log-events.js';
import type { SyncPassStatus } from '../domain/sync-status.js';
import { recordSyncPass } from '../observability/metrics.js';
import type { ActivityInput } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { activityOrigin } from './sync-log-origin.js';

// The database projection of each invoice workflow's state, so the API can list invoices without Temporal.

export function syncStateActivities(deps: ActivityDeps) {
  /** Counted last, after the writes, so an activity retried after a database error counts once. */
  const count = (outcome: SyncPassStatus, startedAt: number) =>
    recordSyncPass(deps.metrics, outcome, (Date.now() - startedAt) / 1000);
  return {
    async markSyncing(input: ActivityInput<'markSyncing'>): Promise<void> {
      await setSyncStatus(deps.db, input.firmId, input.invoiceId, 'syncing', input.workflowId);
      await recordSyncLog(
        deps.db,
        {
          kind: 'sync_started',
          firmId: input.firmId,
          invoiceId: input.invoiceId,
          number: input.number,
          revision: input.revision,
        },
        activityOrigin(),
      );
    },

    async markSynced(input: ActivityInput<'markSynced'>): Promise<void> {
      await recordSynced(deps.db, input.firmId, input.invoiceId, input);
      const { firmId, invoiceId, number, revision, qboInvoiceId } = input;
      await recordSyncLog(
        deps.db,
        {
          kind: input.unchanged ? 'sync_unchanged' : 'sync_completed',
          firmId,
          invoiceId,
          number,
          revision,
          qboInvoiceId,
        },
        activityOrigin(),
      );
      count('synced', input.startedAt);
    },

    async markNeedsMapping(input: ActivityInput<'markNeedsMapping'>): Promise<void> {
      await setSyncStatus(
        deps.db,
        input.firmId,
        input.invoiceId,
        'needs_mapping',
        activityInfo().workflowExecution?.workflowId ?? '',
      );
      await recordSyncLog(
        deps.db,
        {
          kind: 'sync_held',
          firmId: input.firmId,
          invoiceId: input.invoiceId,
          number: input.number,
          reasons: input.reasons,
        },
        activityOrigin(),
      );
      count('needs_mapping', input.startedAt);
    },

    /** `createFailed`: QBO refused to create the invoice, so the next attempt may use a fresh requestid. */
    async markFailed(input: ActivityInput<'markFailed'>): Promise<void> {
      await recordSyncFailure(deps.db, input.firmId, input.invoiceId, input.error);
      if (input.createFailed) await bumpGeneration(deps.db, input.firmId, input.invoiceId);
      await recordSyncLog(
        deps.db,
        {
          kind: 'sync_failed',
          firmId: input.firmId,
          invoiceId: input.invoiceId,
          number: input.number,
          error: input.error,
        },
        activityOrigin(),
      );
      count('failed', input.startedAt);
    },
  };
}
