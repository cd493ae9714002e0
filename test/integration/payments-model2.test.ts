import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Service } from '../../scripts/child-process.js';
import { startWorker } from '../../scripts/product-process.js';
import { ownWorkerEnv, startHarness, type Harness } from './harness.js';

// Model 2: a bookkeeper receives payments in QuickBooks; they flow back to billing exactly once, through
// webhooks that get lost (30%) and repeated, with the CDC poll as the backstop, and through a worker crash.

const VERIFIER = 'model-2-verifier-token';
process.env.QBO_CDC_POLL_SECONDS = '4';

interface Expected {
  invoiceId: string;
  qboInvoiceId: string;
  payments: Map<string, string>;
}

async function setUp(h: Harness, name: string, invoices: number) {
  await h.sandbox('POST', '/__sandbox/webhooks', {
    url: `${h.url}/v1/webhooks/quickbooks`,
    verifierToken: VERIFIER,
    format: 'cloudevents',
    dropRate: 0.3,
    duplicateRate: 0.3,
  });
  const firm = await h.connectedFirm(name, { syncModel: 2 });
  const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
  const payer = (
    await as('POST', '/v1/payers', {
      type: 'individual',
      firstName: 'Pay',
      lastName: 'In QuickBooks',
      email: 'payer@qbo.example',
    })
  ).body;
  const fee = (await as('POST', '/v1/fee-items', { name: 'Retainer', unitPrice: '100.00' })).body;
  const expected: Expected[] = [];
  for (let i = 0; i < invoices; i++) {
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      })
    ).body;
    const sync = (await as('POST', `/v1/invoices/${invoice.id}/sync`)).body.sync;
    expect(sync.status).toBe('synced');
    expected.push({ invoiceId: invoice.id, qboInvoiceId: sync.qboInvoiceId, payments: new Map() });
  }
  const receive = async (e: Expected, amount: number) => {
    const payment = await h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/receive-payment`, {
      invoiceId: e.qboInvoiceId,
      amount,
    });
    e.payments.set(payment.Id, amount.toFixed(2));
    return payment.Id as string;
  };
  return { firm, as, expected, receive };
}

/** Polls until billing holds exactly the expected payments (or gives up after a minute and returns what it saw). */
async function billingSide(as: (m: string, p: string) => Promise<any>, expected: Expected[]) {
  const want = expected.map((e) => [...e.payments.entries()].sort());
  let seen: string[][][] = [];
  for (let i = 0; i < 120; i++) {
    seen = await Promise.all(
      expected.map(async (e) =>
        ((await as('GET', `/v1/invoices/${e.invoiceId}/payments`)).body.payments as any[])
          .filter((p) => p.source === 'quickbooks')
          .map((p) => [p.qboPaymentId, p.amount])
          .sort(),
      ),
    );
    if (JSON.stringify(seen) === JSON.stringify(want)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { seen, want };
}

async function expectBalancesAndCues(as: (m: string, p: string) => Promise<any>, expected: Expected[]) {
  for (const e of expected) {
    const invoice = (await as('GET', `/v1/invoices/${e.invoiceId}`)).body;
    const paid = [...e.payments.values()].reduce((sum, a) => sum + Number(a), 0);
    expect([invoice.amountPaid, invoice.balance]).toEqual([paid.toFixed(2), (100 - paid).toFixed(2)]);
    expect(invoice.sync.recentPayment !== null).toBe(e.payments.size > 0);
  }
  const cued = (await as('GET', '/v1/invoices?recentPayment=true&limit=500')).body.invoices
    .map((i: any) => i.id)
    .sort();
  expect(cued).toEqual(
    expected
      .filter((e) => e.payments.size > 0)
      .map((e) => e.invoiceId)
      .sort(),
  );
}

describe('Model 2 reconciliation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ webhookVerifierToken: VERIFIER });
  });
  afterAll(async () => {
    await h?.sandbox('POST', '/__sandbox/webhooks', { url: null, dropRate: 0, duplicateRate: 0 });
    await h?.close();
  });

  it('records 50 QuickBooks payments exactly once despite lost and repeated webhooks', async () => {
    const { firm, as, expected, receive } = await setUp(h, 'Model Two Immigration', 30);
    const ids: string[] = [];
    for (const [i, e] of expected.entries()) {
      if (i < 19) ids.push(await receive(e, 30), await receive(e, 45));
      else ids.push(await receive(e, 100));
    }
    // One voided and one deleted later, as a bookkeeper would correct mistakes.
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Payment/${ids[0]}/void`);
    expected[0]!.payments.delete(ids[0]!);
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Payment/${ids[3]}/delete`);
    expected[1]!.payments.delete(ids[3]!);
    // And one on an invoice this product never posted.
    const customer = (await h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/Customer`))[0];
    const item = (await h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/Item`))[0];
    const foreign = await h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/Invoice`, {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: 50,
          SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1, UnitPrice: 50 },
        },
      ],
    });
    const foreignPayment = await h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/receive-payment`, {
      invoiceId: foreign.Id,
      amount: 50,
    });
    expect(ids.length + 1).toBe(50);

    const { seen, want } = await billingSide(as, expected);
    expect(seen).toEqual(want);
    await expectBalancesAndCues(as, expected);
    const deliveries = (await h.sandbox<any>('GET', '/__sandbox/webhooks')).deliveries as any[];
    expect(deliveries.some((d) => d.dropped)).toBe(true);
    // The foreign payment is the last event: its webhook may be one of those lost, and then only the CDC poll
    // brings it, after the expected payments are all in.
    const syncLog = async () => (await as('GET', '/v1/sync-log?limit=500')).body.entries as any[];
    await expect
      .poll(
        async () => (await syncLog()).some((e) => e.action === 'payment_ignored' && e.qboId === foreignPayment.Id),
        {
          timeout: 60_000,
          interval: 500,
        },
      )
      .toBe(true);
    const log = await syncLog();
    // Each payment is received once; the voided and deleted ones may have been corrected before they arrived.
    const received = log.filter((e) => e.action === 'payment_received').map((e) => e.qboId);
    expect(new Set(received).size).toBe(received.length);
    expect(received).toEqual(expect.arrayContaining(expected.flatMap((e) => [...e.payments.keys()])));
  }, 180_000);

  it('refuses billing-side payments under Model 2', async () => {
    const firm = await h.connectedFirm('Model Two Guards', { syncModel: 2 });
    const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
    const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'G', lastName: 'Uard' })).body;
    const fee = (await as('POST', '/v1/fee-items', { name: 'Guarded', unitPrice: '5.00' })).body;
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      })
    ).body;
    const refused = await as('POST', `/v1/invoices/${invoice.id}/payments`, { amount: '5.00', date: '2026-11-25' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('payments_managed_in_quickbooks');
  });
});

describe('Model 2 reconciliation through a worker crash', () => {
  const taskQueue = `model2-${randomBytes(3).toString('hex')}`;
  let h: Harness;
  let worker: Service | undefined;
  beforeAll(async () => {
    worker = await startWorker('model2-worker-1', ownWorkerEnv(taskQueue), inject('logDir'));
    h = await startHarness({ webhookVerifierToken: VERIFIER, taskQueue });
  });
  afterAll(async () => {
    await h?.sandbox('POST', '/__sandbox/webhooks', { url: null, dropRate: 0, duplicateRate: 0 });
    await worker?.stop();
    await h?.close();
  });

  it('loses and doubles nothing when the worker is killed mid-way and restarted', async () => {
    const { as, expected, receive } = await setUp(h, 'Model Two Crash', 10);
    for (const e of expected.slice(0, 5)) await receive(e, 40);
    worker!.child.kill('SIGKILL');
    await worker!.stop();
    for (const e of expected) await receive(e, 25);
    worker = await startWorker('model2-worker-2', ownWorkerEnv(taskQueue), inject('logDir'));
    const { seen, want } = await billingSide(as, expected);
    expect(seen).toEqual(want);
    await expectBalancesAndCues(as, expected);
  }, 180_000);
});
