import { runBulkJob } from '../bulk-job.js';
import { createFirm, seedInvoices } from '../firms.js';
import { okJson } from '../http.js';
import { QBO_BATCH_PER_MINUTE, QBO_LIMITS, realmTraffic, setSandboxLimits } from '../sandbox.js';
import type { Stack } from '../../stack.js';

/**
 * QuickBooks' real limits for one company and app, batch included, and its pace: no factor, since the
 * batch ceiling is what this scenario measures.
 */
export const BATCH_COMPANY = { ...QBO_LIMITS, batchPerMinute: QBO_BATCH_PER_MINUTE, latencyMs: 200 };

/**
 * Activities and local activities the worker runs at once for G: every invoice write waiting for its batch
 * holds one (a local activity since patch local-qbo-write), so a worker needs room for a batch in flight,
 * the next one filling, and the invoices around them.
 */
export const BATCH_WORKER_ACTIVITIES = 150;

export interface BatchCeilingResult {
  invoices: number;
  invoicesPerMinute: number;
  /** QBO requests (429s included) ÷ invoices synced. */
  requestsPerInvoice: number;
  batches: number;
  /** Operations per batch request, on average (QBO allows 30). */
  itemsPerBatch: number;
  throttled: number;
  failed: number;
}

async function batchRequests(stack: Stack, realmId: string): Promise<number> {
  const stats = await okJson('GET', `${stack.sandboxUrl}/__sandbox/stats`);
  return stats.byRealm[realmId]?.byEndpoint?.['POST /batch'] ?? 0;
}

/**
 * G. One firm bulk-syncs `invoices` through QuickBooks' batch endpoint, with the sandbox and the worker's
 * realm gate both at QuickBooks' real limits (500 requests and 40 batches a minute, 10 at once) and each
 * request taking 200 ms: invoices a minute beyond the per-request ceiling, and what each costs in requests.
 */
export async function runBatchCeiling(stack: Stack, invoices: number): Promise<BatchCeilingResult> {
  const { perMinute, concurrent, batchPerMinute, latencyMs } = BATCH_COMPANY;
  await setSandboxLimits(stack, perMinute, concurrent, batchPerMinute);
  await stack.replaceWorker({
    QBO_RATE_PER_MIN: String(perMinute),
    QBO_MAX_CONCURRENT: String(concurrent),
    QBO_BATCH_RATE_PER_MIN: String(batchPerMinute),
    WORKER_MAX_ACTIVITIES: String(BATCH_WORKER_ACTIVITIES),
    WORKER_MAX_LOCAL_ACTIVITIES: String(BATCH_WORKER_ACTIVITIES),
  });
  const firm = await createFirm(stack, 'Bench Batch Ceiling Law');
  await seedInvoices(firm, invoices);
  await okJson('POST', `${stack.sandboxUrl}/__sandbox/faults`, {
    body: { mode: 'delay', delayMs: latencyMs, realmId: firm.realmId, rate: 1 },
  });
  try {
    const before = await realmTraffic(stack, firm.realmId);
    const batchesBefore = await batchRequests(stack, firm.realmId);
    const job = await runBulkJob(firm);
    const after = await realmTraffic(stack, firm.realmId);
    const batches = (await batchRequests(stack, firm.realmId)) - batchesBefore;
    return {
      invoices: job.total,
      invoicesPerMinute: job.succeeded / (job.seconds / 60),
      requestsPerInvoice: (after.total - before.total) / job.succeeded,
      batches,
      itemsPerBatch: batches === 0 ? 0 : job.succeeded / batches,
      throttled: after.throttled - before.throttled,
      failed: job.failed,
    };
  } finally {
    await okJson('DELETE', `${stack.sandboxUrl}/__sandbox/faults`);
  }
}
