import { getInvoice } from '../db/queries/invoices.js';
import { completeSyncJob, jobInvoicePage, jobItemStatus, settleJobItem } from '../db/queries/sync-jobs.js';
import { startInvoiceSync } from '../temporal/invoice-sync.js';
import type { ActivityDeps } from './deps.js';

export function syncJobActivities(deps: ActivityDeps) {
  return {
    async jobInvoicePage(input: { jobId: string; after: string | null; limit: number }): Promise<string[]> {
      return jobInvoicePage(deps.db, input.jobId, input.after, input.limit);
    },

    /**
     * One invoice of a bulk job: a Sync Now to its workflow (started if need be), awaited, and the outcome
     * recorded on the job. An item already settled (this activity retried after recording) is left alone.
     */
    async syncInvoiceInJob(input: { firmId: string; jobId: string; invoiceId: string }): Promise<void> {
      const { firmId, jobId, invoiceId } = input;
      if ((await jobItemStatus(deps.db, jobId, invoiceId)) !== 'pending') return;
      const found = await getInvoice(deps.db, firmId, invoiceId);
      if (!found) return settleJobItem(deps.db, jobId, invoiceId, 'failed', 'The invoice no longer exists');
      if (!deps.temporal) throw new Error('this worker has no Temporal client for bulk jobs');
      const update = await startInvoiceSync(deps.temporal, { firmId, invoiceId, number: found.invoice.number });
      const outcome = await update.result();
      if (outcome.status === 'synced') return settleJobItem(deps.db, jobId, invoiceId, 'succeeded', null);
      const why = outcome.status === 'needs_mapping' ? 'It waits for a payer or fee item mapping' : `${outcome.error?.code}: ${outcome.error?.message}`;
      await settleJobItem(deps.db, jobId, invoiceId, 'failed', why);
    },

    async completeJob(input: { jobId: string }): Promise<void> {
      await completeSyncJob(deps.db, input.jobId);
    },
  };
}
