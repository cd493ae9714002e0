import { runBulkJob } from '../bulk-job.js';
import { createFirm, seedInvoices } from '../firms.js';
import { QBO_LIMITS, realmTraffic } from '../sandbox.js';
import type { Stack } from '../../stack.js';

export interface CeilingResult {
  invoices: number;
  /** QBO requests admitted per minute during the job ÷ the realm's limit. */
  ratio: number;
  throttled: number;
  failed: number;
  callsPerInvoice: number;
}

/**
 * A. One firm bulk-syncs `invoices` with the sandbox and the worker's realm gate both at QBO's limits
 * times `factor`: how close the product gets to what QuickBooks allows.
 */
export async function runCeiling(stack: Stack, invoices: number, factor: number): Promise<CeilingResult> {
  const firm = await createFirm(stack, 'Bench Ceiling Law');
  await seedInvoices(firm, invoices);
  const before = await realmTraffic(stack, firm.realmId);
  const job = await runBulkJob(firm);
  const after = await realmTraffic(stack, firm.realmId);
  const requests = after.total - before.total;
  const throttled = after.throttled - before.throttled;
  const admittedPerMinute = (requests - throttled) / (job.seconds / 60);
  return {
    invoices: job.total,
    ratio: admittedPerMinute / (QBO_LIMITS.perMinute * factor),
    throttled,
    failed: job.failed,
    callsPerInvoice: requests / job.succeeded,
  };
}
