import { runBulkJob } from '../bulk-job.js';
import { createFirm, seedInvoices, type BenchFirm } from '../firms.js';
import { percentile } from '../percentiles.js';
import type { Stack } from '../../stack.js';

export interface FairnessResult {
  firms: number;
  invoicesPerFirm: number;
  p50CompletionS: number;
  maxCompletionS: number;
}

/**
 * D. Many firms press "Sync to QuickBooks" at the same moment, each under its own realm's limits: the
 * spread of their completion times shows whether one firm's job waits behind the others'.
 */
export async function runFairness(stack: Stack, firmCount: number, invoicesPerFirm: number): Promise<FairnessResult> {
  const firms: BenchFirm[] = [];
  for (let i = 1; i <= firmCount; i++) {
    const firm = await createFirm(stack, `Bench Fairness Law ${i}`);
    await seedInvoices(firm, invoicesPerFirm);
    firms.push(firm);
  }
  const startedAt = performance.now();
  const jobs = await Promise.all(firms.map((firm) => runBulkJob(firm, startedAt)));
  const completions = jobs.map((j) => j.seconds);
  return {
    firms: firmCount,
    invoicesPerFirm,
    p50CompletionS: percentile(completions, 50),
    maxCompletionS: Math.max(...completions),
  };
}
