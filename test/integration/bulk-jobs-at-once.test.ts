import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Service } from '../../scripts/child-process.js';
import { startWorker } from '../../scripts/product-process.js';
import { ownWorkerEnv, startHarness, type Harness } from './harness.js';

// Month-end: more firms start bulk jobs at once than the worker has activity slots. A job's pages wait
// on their own task queue, so the invoices' own activities (the QBO writes) always find a slot; were
// the pages on the main queue, the jobs would hold every slot and wait forever on invoices that cannot run.

const FIRMS = 4;
const INVOICES = 5;
const taskQueue = `jobs-at-once-${randomBytes(3).toString('hex')}`;
let h: Harness;
let worker: Service | undefined;

beforeAll(async () => {
  worker = await startWorker('jobs-at-once-worker', ownWorkerEnv(taskQueue), inject('logDir'), {
    WORKER_MAX_ACTIVITIES: '2',
  });
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
      type: 'individual',
      firstName: 'Ines',
      lastName: name,
      email: `ines@${firm.firmId}.example`,
    })
  ).body;
  const fee = (await as('POST', '/v1/fee-items', { name: 'Filing fee', unitPrice: '10.00' })).body;
  for (let i = 0; i < INVOICES; i++) {
    await as('POST', '/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-11-25',
      dueDate: '2026-12-25',
      lines: [{ feeItemId: fee.id, quantity: i + 1 }],
    });
  }
  return { firm, as };
}

describe('bulk jobs of more firms than the worker has activity slots', () => {
  it('all complete, every invoice synced once', async () => {
    const firms = await Promise.all(
      Array.from({ length: FIRMS }, (_, i) => firmWithInvoices(`Month End ${i + 1} LLP`)),
    );
    const jobs = await Promise.all(
      firms.map(async ({ as }) => (await as('POST', '/v1/sync-jobs', { all: true })).body.id as string),
    );

    const progress = await Promise.all(
      firms.map(async ({ as }, i) => {
        for (let attempt = 0; attempt < 240; attempt++) {
          const job = (await as('GET', `/v1/sync-jobs/${jobs[i]}`)).body;
          if (job.status === 'completed') return job;
          await new Promise((r) => setTimeout(r, 250));
        }
        return (await as('GET', `/v1/sync-jobs/${jobs[i]}`)).body;
      }),
    );
    for (const job of progress)
      expect(job).toMatchObject({ status: 'completed', total: INVOICES, succeeded: INVOICES, failed: 0 });
    for (const { firm } of firms) {
      const invoices = await h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/Invoice`);
      expect(new Set(invoices.map((i) => i.DocNumber)).size).toBe(INVOICES);
      expect(invoices).toHaveLength(INVOICES);
    }
  }, 120_000);
});
