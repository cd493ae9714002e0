import { activityInfo } from '@temporalio/activity';
import { changeSyncState } from '../db/queries/sync-state.js';
import { syncLogEntry, type SyncLogEvent } from '../domain/sync-log-events.js';
import type { SyncPassStatus } from '../domain/sync-status.js';
import { recordSyncPass } from '../observability/metrics.js';
import type { ActivityInput } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { activityOrigin } from './sync-log-origin.js';

// The database projection of each invoice workflow's state, so the API can list invoices without Temporal.
// Each step writes its state change and its sync-log entry in one statement.

export function syncStateActivities(deps: ActivityDeps) {
  /** Counted last, after the writes, so an activity retried after a database error counts once. */
  const count = (outcome: SyncPassStatus, startedAt: number) =>
    recordSyncPass(deps.metrics, outcome, (Date.now() - startedAt) / 1000);
  const entry = (event: SyncLogEvent) => [syncLogEntry(event, activityOrigin())];
  return {
    async markSyncing(input: ActivityInput<'markSyncing'>): Promise<void> {
      const { firmId, invoiceId, number, revision } = input;
      await changeSyncState(
        deps.db,
        firmId,
        invoiceId,
        { status: 'syncing', workflow_id: input.workflowId },
        entry({ kind: 'sync_started', firmId, invoiceId, number, revision }),
      );
    },

    async markSynced(input: ActivityInput<'markSynced'>): Promise<void> {
      const { firmId, invoiceId, number, revision, qboInvoiceId, syncToken } = input;
      await changeSyncState(
        deps.db,
        firmId,
        invoiceId,
        {
          status: 'synced',
          qbo_invoice_id: qboInvoiceId,
          ...(syncToken !== undefined && { qbo_sync_token: syncToken }),
          synced_revision: revision,
          last_synced_at: new Date(),
          last_error: null,
        },
        entry({
          kind: input.unchanged ? 'sync_unchanged' : 'sync_completed',
          firmId,
          invoiceId,
          number,
          revision,
          qboInvoiceId,
        }),
      );
      count('synced', input.startedAt);
    },

    async markNeedsMapping(input: ActivityInput<'markNeedsMapping'>): Promise<void> {
      const { firmId, invoiceId, number, reasons } = input;
      await changeSyncState(
        deps.db,
        firmId,
        invoiceId,
        { status: 'needs_mapping', workflow_id: activityInfo().workflowExecution?.workflowId ?? '' },
        entry({ kind: 'sync_held', firmId, invoiceId, number, reasons }),
      );
      count('needs_mapping', input.startedAt);
    },

    /** `createFailed`: QBO refused to create the invoice, so the next attempt may use a fresh requestid. */
    async markFailed(input: ActivityInput<'markFailed'>): Promise<void> {
      const { firmId, invoiceId, number, error } = input;
      await changeSyncState(
        deps.db,
        firmId,
        invoiceId,
        { status: 'failed', last_error: JSON.stringify(error) },
        entry({ kind: 'sync_failed', firmId, invoiceId, number, error }),
        { bumpGeneration: input.createFailed },
      );
      count('failed', input.startedAt);
    },
  };
}
