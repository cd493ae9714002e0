import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Service } from '../../scripts/child-process.js';
import { startWorker, type WorkerEnv } from '../../scripts/product-process.js';
import { ownWorkerEnv, startHarness, type Harness } from './harness.js';

// Bulk "Sync to QuickBooks" on 300 invoices: within QBO's limits (here the sandbox's, lowered), and through
// injected faults and a worker killed twice mid-job, ending with each invoice in QuickBooks exactly once.
// These tests have their own task queue and workers, so killing a worker touches nothing else.

const INVOICES = 300;
const taskQueue = `bulk-${randomBytes(3).toString('hex')}`;
let h: Harness;
let env: WorkerEnv;
let worker: Service | undefined;

const startBulkWorker = async (name: string, extra: NodeJS.ProcessEnv) => {
  worker = await startWorker(name, env, inject('logDir'), extra);
  return worker;
};

beforeAll(async () => {
  env = ownWorkerEnv(taskQueue);
  h = await startHarness({ taskQueue });
});
afterAll(async () => {
  await worker?.stop();
  await h?.close();
});

async function firmWithInvoices(name: string) {
  const firm = await h.connectedFirm(name);
  const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
  const payer = (
    await as('POST', '/v1/payers', {
      type: 'corporation',
      companyName: `${name} Client Corp`,
      billingPerson: { firstName: 'Bill', lastName: 'Payer', email: 'bill@client.example' },
    })
  ).body;
  const fee = (await as('POST', '/v1/fee-items', { name: 'Filing fee', unitPrice: '10.00' })).body;
  const totals = new Map<string, string>();
  for (let i = 0; i < INVOICES; i++) {
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 + (i % 7), unitPrice: `${10 + (i % 13)}.25` }],
      })
    ).body;
    totals.set(invoice.number, invoice.total);
  }
  return { firm, as, totals };
}

async function runJob(
  as: (method: string, path: string, body?: unknown) => Promise<any>,
  during?: (progress: any) => Promise<void>,
) {
  const started = await as('POST', '/v1/sync-jobs', { all: true });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body.total).toBe(INVOICES);
  let progress: any;
  for (let i = 0; i < 1_200; i++) {
    progress = (await as('GET', `/v1/sync-jobs/${started.body.id}`)).body;
    if (progress.status === 'completed') break;
    await during?.(progress);
    await new Promise((r) => setTimeout(r, 500));
  }
  return progress;
}

async function qboInvoices(realmId: string): Promise<any[]> {
  return h.sandbox<any[]>('GET', `/__sandbox/realms/${realmId}/Invoice`);
}

function expectEachOnceWithItsTotal(invoices: any[], totals: Map<string, string>) {
  expect(invoices).toHaveLength(INVOICES);
  expect(new Set(invoices.map((i) => i.DocNumber)).size).toBe(INVOICES);
  for (const invoice of invoices) expect(invoice.TotalAmt.toFixed(2)).toBe(totals.get(invoice.DocNumber));
}

describe('a bulk job of 300 invoices', () => {
  it('stays within 120 requests a minute and 3 at once, and syncs every invoice once', async () => {
    const { firm, as, totals } = await firmWithInvoices('Bulk Within Limits');
    await startBulkWorker('bulk-worker', { QBO_RATE_PER_MIN: '120', QBO_MAX_CONCURRENT: '3' });
    await h.sandbox('POST', '/__sandbox/limits', { perMinute: 120, concurrent: 3 });
    try {
      const progress = await runJob(as);
      expect(progress).toMatchObject({
        status: 'completed',
        total: INVOICES,
        succeeded: INVOICES,
        failed: 0,
        pending: 0,
      });
    } finally {
      await h.sandbox('POST', '/__sandbox/limits', { perMinute: 500, concurrent: 10 });
      await worker?.stop();
    }
    const stats = (await h.sandbox('GET', '/__sandbox/stats')).byRealm[firm.realmId];
    expect(stats.maxConcurrent).toBeLessThanOrEqual(3);
    // The product's gate is set to exactly the sandbox's limits, and the sandbox never had to refuse.
    expect(stats.throttled).toBe(0);
    expectEachOnceWithItsTotal(await qboInvoices(firm.realmId), totals);
  }, 600_000);

  it('survives 500s, 429s, lost answers and a worker killed twice, with each invoice in QuickBooks once', async () => {
    const { firm, as, totals } = await firmWithInvoices('Bulk Through Faults');
    const extra = { QBO_THROTTLE_PAUSE_MS: '2000' };
    await startBulkWorker('bulk-worker-1', extra);
    // Four of each kind, spread over the job: armed at these points of its progress, each hits the next
    // invoice write, so every kind really lands however the dice fall. The last is armed with at least 140
    // invoices to go: the realm's batches leave one at a time, 30 invoices each, and progress is read every
    // half second, so it can jump past a late point while the job's final batch is already in flight.
    const faultsAt = [10, 60, 110, 160];
    let armed = 0;
    const injectedBefore = (await h.sandbox('GET', '/__sandbox/stats')).injected;
    const kills = [60, 180];
    let restarts = 0;
    try {
      const progress = await runJob(as, async (p) => {
        for (; armed < faultsAt.length && p.succeeded + p.failed >= faultsAt[armed]!; armed++) {
          for (const mode of ['error500', 'throttle429', 'dropAfterCommit']) {
            await h.sandbox('POST', '/__sandbox/faults', {
              mode,
              method: 'POST',
              // A bulk job writes its invoices through QuickBooks batches.
              pathContains: '/batch',
              realmId: firm.realmId,
              count: 1,
            });
          }
        }
        if (restarts < kills.length && p.succeeded + p.failed >= kills[restarts]!) {
          worker!.child.kill('SIGKILL');
          await worker!.stop();
          restarts += 1;
          await startBulkWorker(`bulk-worker-${restarts + 1}`, extra);
        }
      });
      expect(restarts).toBe(2);
      expect(progress).toMatchObject({ status: 'completed', succeeded: INVOICES, failed: 0, pending: 0 });
    } finally {
      await h.sandbox('DELETE', '/__sandbox/faults');
    }
    const stats = await h.sandbox('GET', '/__sandbox/stats');
    expect(armed).toBe(faultsAt.length);
    expect(stats.byRealm[firm.realmId].throttled).toBeGreaterThanOrEqual(4);
    for (const mode of ['error500', 'dropAfterCommit'])
      expect(stats.injected[mode] - (injectedBefore[mode] ?? 0), mode).toBeGreaterThanOrEqual(4);
    expectEachOnceWithItsTotal(await qboInvoices(firm.realmId), totals);
    const stuck = (await as('GET', '/v1/invoices?syncStatus=syncing&limit=500')).body.invoices;
    expect(stuck).toEqual([]);
  }, 600_000);
});
