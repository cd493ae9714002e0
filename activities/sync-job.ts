import { cancellationSignal } from '@temporalio/activity';
import pMap from 'p-map';
import { getInvoice } from '../db/queries/invoices.js';
import {
  completeSyncJob,
  jobInvoicePage,
  jobItemStatus,
  pendingJobItems,
  settleJobItem,
} from '../db/queries/sync-jobs.js';
import { syncInvoice, type SyncTarget } from '../temporal/invoice-sync.js';
import type { ActivityDeps } from './deps.js';
import type { ActivityInput } from '../workflows/types.js';

const GONE = 'The invoice no longer exists';

export function syncJobActivities(deps: ActivityDeps) {
  /** A Sync Now to the invoice's workflow (started if need be), awaited, and its outcome recorded on the job. */
  async function syncAndSettle(jobId: string, target: SyncTarget): Promise<void> {
    if (!deps.temporal) throw new Error('this worker has no Temporal client for bulk jobs');
    // A job trades each invoice's latency for the realm's rate: its writes go out in QuickBooks batches.
    const outcome = await syncInvoice(deps.temporal, target, { viaBatch: true });
    if (outcome.status === 'synced') return settleJobItem(deps.db, jobId, target.invoiceId, 'succeeded', null);
    const why =
      outcome.status === 'needs_mapping'
        ? 'It waits for a payer or fee item mapping'
        : `${outcome.error?.code}: ${outcome.error?.message}`;
    await settleJobItem(deps.db, jobId, target.invoiceId, 'failed', why);
  }

  return {
    async jobInvoicePage(input: ActivityInput<'jobInvoicePage'>): Promise<string[]> {
      return jobInvoicePage(deps.db, input.jobId, input.after, input.limit);
    },

    /**
     * A page of a bulk job: `window` Sync Nows in flight at once, each settled on the job as it ends. One
     * activity for the page keeps the job's history (and the worker's activity slots) small however many
     * invoices are in flight. Retried, it picks up the invoices not settled yet.
     */
    async syncJobPage(input: ActivityInput<'syncJobPage'>): Promise<void> {
      const { firmId, jobId } = input;
      const pending = await pendingJobItems(deps.db, jobId, input.invoiceIds);
      // Cancelled (its worker shutting down, or Temporal having given the page to another attempt), the page
      // starts no more Sync Nows and stops awaiting the ones in flight (their workflows go on), so it fails at
      // once and moves to another worker instead of holding this one until every invoice it awaits is done.
      await pMap(
        pending,
        async ({ invoiceId, number }) => {
          if (number === null) await settleJobItem(deps.db, jobId, invoiceId, 'failed', GONE);
          else await syncAndSettle(jobId, { firmId, invoiceId, number });
        },
        { concurrency: input.window, signal: cancellationSignal() },
      );
    },

    /** One invoice of a bulk job, as jobs started before syncJobPage still ask; an item already settled is left alone. */
    async syncInvoiceInJob(input: ActivityInput<'syncInvoiceInJob'>): Promise<void> {
      const { firmId, jobId, invoiceId } = input;
      if ((await jobItemStatus(deps.db, jobId, invoiceId)) !== 'pending') return;
      const found = await getInvoice(deps.db, firmId, invoiceId);
      if (!found) return settleJobItem(deps.db, jobId, invoiceId, 'failed', GONE);
      await syncAndSettle(jobId, { firmId, invoiceId, number: found.invoice.number });
    },

    async completeJob(input: ActivityInput<'completeJob'>): Promise<void> {
      await completeSyncJob(deps.db, input.jobId);
    },
  };
}
