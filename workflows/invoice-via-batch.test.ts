import { describe, expect, it } from 'vitest';
import {
  createTestWorker,
  invoiceFacts,
  recordingActivities,
  uniqueTaskQueue,
  workflowTestServerForFile,
} from '../test/workflow-env.js';
import { requestSyncPass } from '../temporal/invoice-sync.js';
import type { SyncRequest } from './types.js';

// Which passes write through a QuickBooks batch: a bulk job's (`viaBatch`) and only those, in a local
// activity (the whole pass one workflow task). A Sync Now keeps its single request in an activity task,
// also when it shares a pass with a bulk job's request. On a real dev server with stub
// activities recording what the workflow asked.

const file = workflowTestServerForFile();
const firmId = 'firm-vb';

/** An invoice never posted; its create waits for `release` when given, so requests can pile up on one pass. */
function newInvoice(invoiceId: string, release?: Promise<void>) {
  const facts = invoiceFacts(invoiceId);
  const stubs = recordingActivities({
    loadInvoice: () => ({ ...facts }),
    markSyncing: () => undefined,
    resolveCustomer: () => ({ qboId: 'qbo-payer-1', via: 'mapped' as const }),
    resolveItem: () => ({ qboId: 'qbo-fee-1', via: 'mapped' as const }),
    createQboInvoice: async () => {
      await release;
      return { qboInvoiceId: `qbo-${invoiceId}`, syncToken: '0', revision: 1 };
    },
    markSynced: () => undefined,
    markFailed: () => undefined,
  });
  return { invoiceId, facts, ...stubs };
}

async function sync(invoice: ReturnType<typeof newInvoice>, requests: SyncRequest[]): Promise<void> {
  const taskQueue = uniqueTaskQueue('via-batch');
  const worker = await createTestWorker(file.server, { taskQueue, activities: invoice.activities });
  await worker.runUntil(async () => {
    const target = { firmId, invoiceId: invoice.invoiceId, number: invoice.facts.number };
    const updates = [];
    for (const request of requests)
      updates.push(await requestSyncPass({ client: file.client, taskQueue }, target, {}, request));
    await Promise.all(updates.map((u) => u.result()));
  });
}

describe('a pass through a batch', () => {
  it("is a bulk job's: its create asks for the batch, from a local activity", async () => {
    const invoice = newInvoice('b1');
    await sync(invoice, [{ viaBatch: true }]);
    expect(invoice.of('createQboInvoice').map((c) => c.input.viaBatch)).toEqual([true]);
    expect(invoice.calls.filter((c) => !c.local)).toEqual([]);
  });

  it("is never Sync Now's", async () => {
    const invoice = newInvoice('b2');
    await sync(invoice, [{}]);
    expect(invoice.of('createQboInvoice').map((c) => c.input.viaBatch)).toEqual([undefined]);
    expect(invoice.of('createQboInvoice').map((c) => c.local)).toEqual([false]);
  });

  it('is not taken when a Sync Now shares the pass with a bulk job', async () => {
    let release!: () => void;
    const invoice = newInvoice('b3', new Promise<void>((r) => (release = r)));
    // The first pass (a Sync Now) holds its create while a bulk request and another Sync Now queue for the next.
    const taskQueue = uniqueTaskQueue('via-batch');
    const worker = await createTestWorker(file.server, { taskQueue, activities: invoice.activities });
    await worker.runUntil(async () => {
      const target = { firmId, invoiceId: invoice.invoiceId, number: invoice.facts.number };
      const access = { client: file.client, taskQueue };
      const first = await requestSyncPass(access, target, {}, { viaBatch: true });
      while (invoice.of('createQboInvoice').length === 0) await new Promise((r) => setTimeout(r, 20));
      const bulk = await requestSyncPass(access, target, {}, { viaBatch: true });
      const person = await requestSyncPass(access, target, {}, {});
      release();
      await Promise.all([first.result(), bulk.result(), person.result()]);
    });
    expect(invoice.of('createQboInvoice').map((c) => c.input.viaBatch)).toEqual([true, undefined]);
    expect(invoice.of('createQboInvoice').map((c) => c.local)).toEqual([true, false]);
  });
});
