import { activityInfo } from '@temporalio/activity';
import { bumpGeneration, recordSynced, recordSyncFailure, setSyncStatus } from '../db/queries/sync-state.js';
import { recordSyncPass, type SyncOutcome } from '../observability/metrics.js';
import type { SyncFailure } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { logStep } from './sync-log-writer.js';

// The database projection of each invoice workflow's state, so the API can list invoices without Temporal.

export function syncStateActivities(deps: ActivityDeps) {
  /** Counted last, after the writes, so an activity retried after a database error counts once. */
  const count = (outcome: SyncOutcome, startedAt: number) => deps.metrics && recordSyncPass(deps.metrics, outcome, (Date.now() - startedAt) / 1000);
  return {
    async markSyncing(input: { firmId: string; invoiceId: string; workflowId: string; number: string; revision: number }): Promise<void> {
      await setSyncStatus(deps.db, input.firmId, input.invoiceId, 'syncing', input.workflowId);
      await logStep(deps.db, { firmId: input.firmId, action: 'sync_started', entityType: 'invoice', entityId: input.invoiceId, message: `Sync of invoice ${input.number} revision ${input.revision} started` });
    },

    async markSynced(input: { firmId: string; invoiceId: string; number: string; qboInvoiceId: string; syncToken?: string; revision: number; unchanged: boolean; startedAt: number }): Promise<void> {
      await recordSynced(deps.db, input.firmId, input.invoiceId, input);
      await logStep(deps.db, {
        firmId: input.firmId,
        action: input.unchanged ? 'sync_unchanged' : 'sync_completed',
        entityType: 'invoice',
        entityId: input.invoiceId,
        message: input.unchanged
          ? `Invoice ${input.number} revision ${input.revision} is already in QuickBooks as invoice ${input.qboInvoiceId}; nothing to send`
          : `Invoice ${input.number} revision ${input.revision} is in QuickBooks as invoice ${input.qboInvoiceId}`,
        qboId: input.qboInvoiceId,
      });
      count('synced', input.startedAt);
    },

    async markNeedsMapping(input: { firmId: string; invoiceId: string; number: string; reasons: string[]; startedAt: number }): Promise<void> {
      await setSyncStatus(deps.db, input.firmId, input.invoiceId, 'needs_mapping', activityInfo().workflowExecution?.workflowId ?? '');
      await logStep(deps.db, {
        firmId: input.firmId,
        action: 'sync_held',
        entityType: 'invoice',
        entityId: input.invoiceId,
        message: `Invoice ${input.number} waits for a mapping: ${input.reasons.join('; ')}. It syncs by itself once the mapping is made.`,
      });
      count('needs_mapping', input.startedAt);
    },

    /** `createFailed`: QBO refused to create the invoice, so the next attempt may use a fresh requestid. */
    async markFailed(input: { firmId: string; invoiceId: string; number: string; error: SyncFailure; createFailed: boolean; startedAt: number }): Promise<void> {
      await recordSyncFailure(deps.db, input.firmId, input.invoiceId, input.error);
      if (input.createFailed) await bumpGeneration(deps.db, input.firmId, input.invoiceId);
      await logStep(deps.db, {
        firmId: input.firmId,
        level: 'error',
        action: 'sync_failed',
        entityType: 'invoice',
        entityId: input.invoiceId,
        message: `Sync of invoice ${input.number} failed (${input.error.code}): ${input.error.message}${input.error.hint ? ` ${input.error.hint}` : ''}`,
        intuitTid: input.error.intuitTid ?? null,
      });
      count('failed', input.startedAt);
    },
  };
}
