import { changeSyncState, loadSyncFacts } from '../db/queries/sync-state.js';
import { syncLogEntry } from '../domain/sync-log-events.js';
import type { InvoiceFacts, ActivityInput } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { activityOrigin } from './sync-log-origin.js';

export function loadInvoiceActivities(deps: ActivityDeps) {
  return {
    /** With `syncing`, the pass also begins here (what markSyncing does), saving a step and its round trips. */
    async loadInvoice(input: ActivityInput<'loadInvoice'>): Promise<InvoiceFacts | null> {
      const { firmId, invoiceId } = input;
      const row = await loadSyncFacts(deps.db, firmId, invoiceId);
      if (!row) return null;
      if (input.syncing) {
        const started = {
          kind: 'sync_started',
          firmId,
          invoiceId,
          number: row.number,
          revision: row.revision,
        } as const;
        await changeSyncState(
          deps.db,
          firmId,
          invoiceId,
          { status: 'syncing', workflow_id: input.syncing.workflowId },
          [syncLogEntry(started, activityOrigin())],
        );
      }
      return {
        found: true,
        number: row.number,
        revision: row.revision,
        status: row.status,
        eligible: row.eligible,
        payerId: row.payer_id,
        feeItemIds: row.fee_item_ids,
        qboInvoiceId: row.qbo_invoice_id,
        qboSyncToken: row.qbo_sync_token,
        syncedRevision: row.synced_revision,
        generation: row.generation,
        paymentWork: row.payment_work,
        // A pass always leaves syncing for another state when it ends, however it ends.
        interrupted: row.sync_status === 'syncing',
      };
    },
  };
}
