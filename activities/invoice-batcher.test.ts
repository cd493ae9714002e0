import { describe, expect, it } from 'vitest';
import type { BatchContents, BatchOutcome, QboClient } from '../quickbooks/client.js';
import { QboError } from '../quickbooks/errors.js';
import type { Invoice } from '../quickbooks/wire-types.js';
import { InvoiceBatcher, batchRequestId } from './invoice-batcher.js';

// The batcher's own decisions (when a batch goes, what it carries, who gets which answer), against a client
// stand-in that answers each batch at once: the real client and QBO's batch are tested against the sandbox.

type Answer = (writes: BatchContents<'Invoice'>['writes']) => BatchOutcome<'Invoice'> | Promise<never>;

function fakeQbo(answer: Answer = created) {
  const batches: string[][] = [];
  const qbo = {
    async batch(_entity: 'Invoice', gather: () => BatchContents<'Invoice'>) {
      await new Promise((r) => setTimeout(r, 5));
      const { writes, requestId } = gather();
      expect(requestId.length).toBeLessThanOrEqual(36);
      batches.push(writes.map((w) => String(w.fields.DocNumber)));
      return { writes, outcome: await answer(writes) };
    },
  } as unknown as QboClient;
  return { qbo, batches };
}

function created(writes: BatchContents<'Invoice'>['writes']): BatchOutcome<'Invoice'> {
  return new Map(writes.map((w) => [w.bId, { Id: `qbo-${String(w.fields.DocNumber)}`, SyncToken: '0' } as Invoice]));
}

const docs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `D-${from + i}`);

describe('InvoiceBatcher', () => {
  it('sends 30 writes as one batch at once, and the 31st after the linger, each caller getting its own record', async () => {
    const { qbo, batches } = fakeQbo();
    const batcher = new InvoiceBatcher(50);
    const started = performance.now();
    const results = await Promise.all(
      docs(31).map((DocNumber) => batcher.write('realm-1', qbo, 'create', { DocNumber })),
    );
    expect(batches.map((b) => b.length)).toEqual([30, 1]);
    expect(results.map((r) => r.Id)).toEqual(docs(31).map((d) => `qbo-${d}`));
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('keeps realms apart', async () => {
    const { qbo, batches } = fakeQbo();
    const batcher = new InvoiceBatcher(10);
    await Promise.all([
      batcher.write('realm-1', qbo, 'create', { DocNumber: 'A' }),
      batcher.write('realm-2', qbo, 'create', { DocNumber: 'B' }),
    ]);
    expect(batches.sort()).toEqual([['A'], ['B']]);
  });

  it('fails only the faulted item with its own QboError, and every gathered item when the request fails', async () => {
    const refusal = new QboError(400, 'ValidationFault', [{ Message: 'Bad', code: '2050' }], null);
    const { qbo } = fakeQbo((writes) => {
      const outcome = created(writes);
      outcome.set(writes[1]!.bId, refusal);
      return outcome;
    });
    const batcher = new InvoiceBatcher(10);
    const settled = await Promise.allSettled(
      docs(3).map((DocNumber) => batcher.write('realm-1', qbo, 'update', { DocNumber })),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBe(refusal);

    const lost = QboError.network(new Error('socket hang up'));
    const down = fakeQbo(() => Promise.reject(lost));
    const all = await Promise.allSettled(
      docs(2).map((DocNumber) => batcher.write('realm-1', down.qbo, 'create', { DocNumber })),
    );
    expect(all.map((s) => (s as PromiseRejectedResult).reason)).toEqual([lost, lost]);
  });

  it('takes the writes that arrived while the batch waited for admission', async () => {
    const batches: number[] = [];
    let admit!: () => void;
    const admitted = new Promise<void>((r) => (admit = r));
    const qbo = {
      async batch(_entity: 'Invoice', gather: () => BatchContents<'Invoice'>) {
        await admitted;
        const { writes } = gather();
        batches.push(writes.length);
        return { writes, outcome: created(writes) };
      },
    } as unknown as QboClient;
    const batcher = new InvoiceBatcher(5);
    const first = batcher.write('realm-1', qbo, 'create', { DocNumber: 'X-0' });
    await new Promise((r) => setTimeout(r, 20));
    const later = docs(12, 1).map((DocNumber) => batcher.write('realm-1', qbo, 'create', { DocNumber }));
    admit();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([13]);
  });
});

describe('batchRequestId', () => {
  it('is 36 characters and new for every batch', () => {
    expect(batchRequestId()).toHaveLength(36);
    expect(batchRequestId()).not.toBe(batchRequestId());
  });
});
