import { randomBytes } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { reconcileActivities } from '../../activities/reconcile.js';
import { createMetrics } from '../../observability/metrics.js';
import type { Service } from '../../scripts/child-process.js';
import { startWorker } from '../../scripts/product-process.js';
import { ownWorkerEnv, startHarness, type Harness } from './harness.js';

// Model 2 with every webhook lost, so the CDC poll alone brings payments back: an answer QuickBooks cut
// at its cap is paged until whole, and a cursor older than CDC's 30 days is caught up by a query.

process.env.QBO_CDC_POLL_SECONDS = '2';
/** The cap the sandbox company cuts CDC answers at, and the worker knows: QBO's 1,000, made small. */
const CAP = 2;

describe('the CDC backstop', () => {
  const taskQueue = `cdc-${randomBytes(3).toString('hex')}`;
  let h: Harness;
  let worker: Service | undefined;
  beforeAll(async () => {
    worker = await startWorker('cdc-worker', ownWorkerEnv(taskQueue), inject('logDir'), {
      QBO_CDC_MAX_OBJECTS: String(CAP),
    });
    h = await startHarness({ taskQueue });
    await h.sandbox('POST', '/__sandbox/webhooks', { url: null, dropRate: 0, duplicateRate: 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await h?.close();
  });

  /** A Model 2 firm whose sandbox company cuts CDC at CAP, with `count` synced invoices of 100.00. */
  async function firmWithInvoices(name: string, count: number) {
    const firm = await h.connectedFirm(name, { syncModel: 2 });
    await h.sandbox('PUT', `/__sandbox/realms/${firm.realmId}/preferences`, { cdcMaxObjects: CAP });
    const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
    const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Cora', lastName: 'Dias' })).body;
    const fee = (await as('POST', '/v1/fee-items', { name: 'Consultation', unitPrice: '100.00' })).body;
    const invoices: Array<{ id: string; qboId: string }> = [];
    for (let i = 0; i < count; i++) {
      const invoice = (
        await as('POST', '/v1/invoices', {
          payerId: payer.id,
          invoiceDate: '2026-11-26',
          dueDate: '2026-12-26',
          lines: [{ feeItemId: fee.id, quantity: 1 }],
        })
      ).body;
      const sync = (await as('POST', `/v1/invoices/${invoice.id}/sync`)).body.sync;
      expect(sync.status).toBe('synced');
      invoices.push({ id: invoice.id, qboId: sync.qboInvoiceId });
    }
    const receive = async (qboInvoiceId: string, amount: number): Promise<string> =>
      (
        await h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/receive-payment`, {
          invoiceId: qboInvoiceId,
          amount,
        })
      ).Id;
    const fromQuickBooks = async (invoiceId: string): Promise<string[]> =>
      ((await as('GET', `/v1/invoices/${invoiceId}/payments`)).body.payments as any[])
        .filter((p) => p.source === 'quickbooks')
        .map((p) => p.qboPaymentId)
        .sort();
    return { firm, invoices, receive, fromQuickBooks };
  }

  it('pages through answers QuickBooks cut at its cap, and loses no payment', async () => {
    const { invoices, receive, fromQuickBooks } = await firmWithInvoices('CDC Paging', 3);
    const want = new Map<string, string[]>(invoices.map((i) => [i.id, []]));
    for (const [n, invoice] of [0, 0, 0, 1, 1, 2, 2].map((i) => [i, invoices[i]!] as const)) {
      want.get(invoice.id)!.push(await receive(invoice.qboId, 10 + n));
    }
    const expected = JSON.stringify([...want.values()].map((ids) => ids.sort()));
    let seen = '';
    for (let i = 0; i < 120 && seen !== expected; i++) {
      seen = JSON.stringify(await Promise.all(invoices.map((inv) => fromQuickBooks(inv.id))));
      if (seen !== expected) await new Promise((r) => setTimeout(r, 500));
    }
    expect(seen).toBe(expected);
  }, 120_000);

  it('catches up by query when its cursor is older than CDC reaches back', async () => {
    const { firm, invoices, receive, fromQuickBooks } = await firmWithInvoices('CDC Long Outage', 2);
    const paid = [await receive(invoices[0]!.qboId, 30), await receive(invoices[1]!.qboId, 45)];
    const since = new Date(Date.now() - 40 * 24 * 3600_000).toISOString();
    const poll = reconcileActivities({ db: h.db, quickbooks: h.quickbooks, metrics: createMetrics() }).pollQboChanges;

    // CDC itself refuses a changedSince this old; the poll must not fail, and must move its cursor into reach.
    const result = (await new MockActivityEnvironment().run(poll, { firmId: firm.firmId, since })) as Awaited<
      ReturnType<typeof poll>
    >;
    expect(result.active).toBe(true);
    expect(Date.parse(result.cursor!)).toBeGreaterThan(Date.now() - 24 * 3600_000);
    expect([await fromQuickBooks(invoices[0]!.id), await fromQuickBooks(invoices[1]!.id)]).toEqual([
      [paid[0]],
      [paid[1]],
    ]);
  }, 120_000);
});
