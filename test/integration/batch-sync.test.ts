import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carriesOriginMarker } from '../../quickbooks/mappers.js';
import { firmWithInvoices, type JobFirm } from './bulk-job-fixture.js';
import { startHarness, type Harness } from './harness.js';

// A bulk job writes its invoices through QuickBooks' batch endpoint, 30 to a request, while each invoice's
// own workflow still records its outcome; Sync Now keeps its single request. The company accepts duplicate
// numbers and ignores requestids, so only the product stands between a lost batch answer and a second
// invoice: a duplicate would show here, not be refused.

const INVOICES = 120;

let h: Harness;
let firm: JobFirm;
beforeAll(async () => {
  h = await startHarness();
  firm = await firmWithInvoices(h, 'Batch Writes Law', INVOICES);
  await h.sandbox('PUT', `/__sandbox/realms/${firm.realmId}/preferences`, { requestIdReplay: 'ignored' });
}, 120_000);
afterAll(async () => {
  await h?.sandbox('DELETE', '/__sandbox/faults').catch(() => undefined);
  await h?.close();
});

interface Logged {
  method: string;
  path: string;
  status: number;
}
const requests = () => h.sandbox<Logged[]>('GET', `/__sandbox/requests?realmId=${firm.realmId}`);
const posts = (log: Logged[], path: string) => log.filter((r) => r.method === 'POST' && r.path === path);
const inQuickBooks = () =>
  h.sandbox<Array<{ Id: string; DocNumber: string; PrivateNote?: string }>>(
    'GET',
    `/__sandbox/realms/${firm.realmId}/Invoice`,
  );

async function runJob(): Promise<{ status: string; succeeded: number; failed: number; pending: number }> {
  const started = await firm.as('POST', '/v1/sync-jobs', { all: true });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body.total).toBe(INVOICES);
  for (let i = 0; i < 600; i++) {
    const progress = (await firm.as('GET', `/v1/sync-jobs/${started.body.id}`)).body;
    if (progress.status === 'completed') return progress;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the bulk job did not complete in 5 minutes');
}

describe('a bulk job through batch writes', () => {
  it('sends its invoices in a few batches, fails only the faulted one, and survives a lost answer and a 500', async () => {
    const numbers = new Map<string, string>();
    for (const id of firm.invoiceIds) numbers.set(id, (await firm.as('GET', `/v1/invoices/${id}`)).body.number);
    const refusedId = firm.invoiceIds[37]!;
    const injectedBefore = (await h.sandbox('GET', '/__sandbox/stats')).injected as Record<string, number>;
    const arm = (rule: Record<string, unknown>) =>
      h.sandbox('POST', '/__sandbox/faults', { realmId: firm.realmId, count: 1, ...rule });
    // Twice: should its first batch be the one whose answer is lost, the retry meets it again.
    await arm({
      count: 2,
      mode: 'batchItemFault',
      docNumber: numbers.get(refusedId),
      code: '6000',
      detail: 'The fee schedule on this invoice is not allowed for this customer.',
    });
    // One batch's answer lost after QuickBooks committed its items, another batch refused with a 500.
    await arm({ mode: 'dropAfterCommit', method: 'POST', pathContains: '/batch' });
    await arm({ mode: 'error500', method: 'POST', pathContains: '/batch' });

    const progress = await runJob();
    expect(progress).toMatchObject({ status: 'completed', succeeded: INVOICES - 1, failed: 1, pending: 0 });

    // Every fault really fired.
    const injected = (await h.sandbox('GET', '/__sandbox/stats')).injected as Record<string, number>;
    for (const mode of ['batchItemFault', 'dropAfterCommit', 'error500'])
      expect(injected[mode] ?? 0, mode).toBeGreaterThan(injectedBefore[mode] ?? 0);

    // Only the refused invoice failed, with QuickBooks' own words and what to do.
    const refused = (await firm.as('GET', `/v1/invoices/${refusedId}`)).body.sync;
    expect(refused.status).toBe('failed');
    expect(refused.lastError).toMatchObject({
      code: '6000',
      message: expect.stringContaining('The fee schedule on this invoice is not allowed for this customer.'),
      hint: 'Correct the data named in the message and sync again.',
    });

    // Each other invoice in QuickBooks exactly once, none missing: by number and by the origin mark.
    const posted = await inQuickBooks();
    expect(posted).toHaveLength(INVOICES - 1);
    expect(new Set(posted.map((p) => p.DocNumber)).size).toBe(INVOICES - 1);
    for (const id of firm.invoiceIds) {
      const marked = posted.filter((p) => carriesOriginMarker(p.PrivateNote, 'invoice', id));
      expect(marked, numbers.get(id)).toHaveLength(id === refusedId ? 0 : 1);
    }

    // Through batches only: no invoice was posted on its own, and 119 invoices took a handful of batches
    // (4 full ones at the least, plus the lost and refused ones and the retries' smaller ones).
    const log = await requests();
    expect(posts(log, '/invoice')).toEqual([]);
    const batches = posts(log, '/batch');
    expect(batches.length).toBeGreaterThanOrEqual(4);
    expect(batches.length).toBeLessThanOrEqual(20);
  }, 420_000);

  it('leaves Sync Now on its single request', async () => {
    const refusedId = firm.invoiceIds[37]!;
    await h.sandbox('DELETE', '/__sandbox/faults');
    const before = (await requests()).length;
    const sync = await firm.as('POST', `/v1/invoices/${refusedId}/sync`);
    expect(sync.body.sync, JSON.stringify(sync.body)).toMatchObject({ status: 'synced' });
    const since = (await requests()).slice(before);
    expect(posts(since, '/invoice')).toHaveLength(1);
    expect(posts(since, '/batch')).toEqual([]);
    expect(await inQuickBooks()).toHaveLength(INVOICES);
  }, 60_000);
});
