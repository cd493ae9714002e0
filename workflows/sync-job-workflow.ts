import { continueAsNew, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { JOB_PAGE_ACTIVITY_OPTIONS, PERSISTENT_ACTIVITY_OPTIONS } from './activity-options.js';
import { bulkPagesQueue } from './task-queues.js';
import type { SyncActivities } from './types.js';

// It never gives up on an item itself (the invoice workflow decides failure), nor on QBO being down a while.
const activities = proxyActivities<SyncActivities>(PERSISTENT_ACTIVITY_OPTIONS);

/** Runs recorded before this patch scheduled one activity per invoice; later ones, one per page. */
const PAGE_ACTIVITY_PATCH = 'one-activity-per-page';

export interface SyncJobInput {
  firmId: string;
  jobId: string;
  /** Invoices at once; the realm gate, not this, keeps QBO within its limits. */
  window?: number;
  /** Where the previous run (before continue-as-new) stopped. */
  after?: string | null;
}

/**
 * Invoices a page (and a run) holds. A page's last invoices go out with nothing queued behind them, in
 * batches that leave part-empty, so fewer, larger pages keep a job's batches full; the page activity
 * carries only the ids, and the history holds one activity per page whatever its size.
 */
export const PAGE_SIZE = 1000;

/** Runs recorded before this patch took pages of 200. */
const LARGER_PAGES_PATCH = 'job-pages-of-1000';
const FIRST_PAGE_SIZE = 200;

/**
 * A job's invoices write through QuickBooks batches of 30, at most 40 batches a minute: a full batch needs
 * 30 writes waiting while the previous one is out, and the rest of the window covers the invoices busy
 * with the steps around their writes. (Each waiting write holds one of the worker's activity slots.)
 */
export const DEFAULT_JOB_WINDOW = 120;

/**
 * Bulk Sync Now: walks the job's invoices a page at a time, keeping `window` Sync Nows in flight, each
 * awaiting its invoice workflow's outcome. Continues as new after every page, so a job of any size keeps a
 * small history.
 */
export async function syncJobWorkflow(input: SyncJobInput): Promise<void> {
  const { firmId, jobId } = input;
  const window = input.window ?? DEFAULT_JOB_WINDOW;
  const limit = patched(LARGER_PAGES_PATCH) ? PAGE_SIZE : FIRST_PAGE_SIZE;
  const page = await activities.jobInvoicePage({ jobId, after: input.after ?? null, limit });

  if (patched(PAGE_ACTIVITY_PATCH)) {
    const pages = proxyActivities<SyncActivities>({
      ...JOB_PAGE_ACTIVITY_OPTIONS,
      taskQueue: bulkPagesQueue(workflowInfo().taskQueue),
    });
    await pages.syncJobPage({ firmId, jobId, invoiceIds: page, window });
  } else {
    await oneActivityPerInvoice(firmId, jobId, page, input.window ?? 10);
  }

  if (page.length === limit) return continueAsNew<typeof syncJobWorkflow>({ ...input, after: page[page.length - 1]! });
  await activities.completeJob({ jobId });
}

async function oneActivityPerInvoice(firmId: string, jobId: string, page: string[], window: number): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (const invoiceId of page) {
    const item: Promise<void> = activities.syncInvoiceInJob({ firmId, jobId, invoiceId }).then(() => {
      inFlight.delete(item);
    });
    inFlight.add(item);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}
