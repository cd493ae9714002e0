import { createFirm, seedInvoices, type BenchFirm } from '../firms.js';
import { percentile } from '../percentiles.js';
import type { Stack } from '../../stack.js';

export interface SyncNowLatency {
  p50: number;
  p95: number;
  p99: number;
}

/** After a 202 (the pass outlasted the API's 10 s wait) the invoice is polled, so slow passes count in full. */
const POLL_MS = 50;

async function syncNowMs(firm: BenchFirm, invoiceId: string): Promise<number> {
  const started = performance.now();
  const answer = await firm.call('POST', `/v1/invoices/${invoiceId}/sync`);
  let status: string = answer.sync?.status ?? 'syncing';
  while (status !== 'synced') {
    if (status === 'failed') throw new Error(`Sync Now of invoice ${invoiceId} failed`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    status = (await firm.call('GET', `/v1/invoices/${invoiceId}`)).sync.status;
  }
  return performance.now() - started;
}

/**
 * E1. Billing staff press Sync Now on one invoice at a time: milliseconds until it is in QuickBooks. The
 * firm's first sync (which also finds or creates the customer and items) is a warm-up, not counted.
 */
export async function runSyncNowLatency(stack: Stack, syncs: number): Promise<SyncNowLatency> {
  const firm = await createFirm(stack, 'Bench Sync Now Law');
  await seedInvoices(firm, syncs + 1);
  const [warmUp, ...measured] = firm.invoiceIds;
  await syncNowMs(firm, warmUp!);
  const samples: number[] = [];
  for (const id of measured) samples.push(await syncNowMs(firm, id));
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}
