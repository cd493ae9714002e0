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

/** Counted last, after the writes, so an activity retried after a database error counts once. */
const countPass = (deps: ActivityDeps, outcome: SyncPassStatus, startedAt: number) =>
  recordSyncPass(deps.metrics, outcome, (Date.now() - startedAt) / 1000);

/**
 * The pass ends synced: the QBO invoice and revision it left in QuickBooks, with its sync-log entry after
 * `earlier` ones (the write's own, when the write records its pass's end). The one writer of that state.
 */
export async function recordSynced(
  deps: ActivityDeps,
  input: ActivityInput<'markSynced'>,
  earlier: SyncLogEvent[] = [],
): Promise<void> {
  const { firmId, invoiceId, number, revision, qboInvoiceId, syncToken } = input;
  const completed: SyncLogEvent = {
    kind: input.unchanged ? 'sync_unchanged' : 'sync_completed',
    firmId,
    invoiceId,
    number,
    revision,
    qboInvoiceId,
  };
  const origin = activityOrigin();
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
    [...earlier, completed].map((event) => syncLogEntry(event, origin)),
  );
  countPass(deps, 'synced', input.startedAt);
}

export function syncStateActivities(deps: ActivityDeps) {
  const count = (outcome: SyncPassStatus, startedAt: number) => countPass(deps, outcome, startedAt);
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
      await recordSynced(deps, input);
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
