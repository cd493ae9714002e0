import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

// An invoice's life after its first sync: revised (Sync Again, across a payment applied in QuickBooks),
// voided, deleted in QuickBooks, numbered like one QuickBooks already has; and ops finding the failures.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
let payer: any;
let fees: any[];
const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
const stored = (entity: string) => h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/${entity}`);
const qboInvoice = async (id: string) => (await stored('Invoice')).find((i) => i.Id === id);

async function newInvoice(
  lines: Array<{ fee: number; quantity: number | string; unitPrice?: string }>,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const response = await as('POST', '/v1/invoices', {
    payerId: payer.id,
    invoiceDate: '2026-11-20',
    dueDate: '2026-12-20',
    lines: lines.map((l) => ({ feeItemId: fees[l.fee].id, quantity: l.quantity, unitPrice: l.unitPrice })),
    ...extra,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function syncNow(id: string): Promise<any> {
  const response = await as('POST', `/v1/invoices/${id}/sync`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.sync;
}

/** What QBO holds, in the source's terms: item, quantity, unit price and amount per sales line. */
function qboLines(invoice: any) {
  return invoice.Line.filter((l: any) => l.DetailType === 'SalesItemLineDetail').map((l: any) => ({
    item: l.SalesItemLineDetail.ItemRef.value,
    qty: l.SalesItemLineDetail.Qty,
    price: l.SalesItemLineDetail.UnitPrice,
    amount: l.Amount,
  }));
}

async function sourceLines(invoice: any) {
  const mappings = (await as('GET', '/v1/mappings/fee-items')).body.mappings;
  const itemOf = (feeItemId: string) => mappings.find((m: any) => m.feeItemId === feeItemId).qboItemId;
  return invoice.lines.map((l: any) => ({
    item: itemOf(l.feeItemId),
    qty: l.quantity,
    price: Number(l.unitPrice),
    amount: Number(l.amount),
  }));
}

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Lifecycle Legal PC');
  payer = (
    await as('POST', '/v1/payers', {
      type: 'individual',
      firstName: 'Layla',
      lastName: 'Haddad',
      email: 'layla@haddad.example',
    })
  ).body;
  fees = [];
  for (const [name, price] of [
    ['Consultation', '300.00'],
    ['I-485 Adjustment', '1500.00'],
    ['Translation', '45.50'],
  ]) {
    fees.push((await as('POST', '/v1/fee-items', { name, unitPrice: price })).body);
  }
});
afterAll(() => h?.close());

describe('Sync Again', () => {
  it('brings QuickBooks up to the revision, across a payment applied in QuickBooks meanwhile', async () => {
    const invoice = await newInvoice([
      { fee: 0, quantity: 2 },
      { fee: 1, quantity: 1 },
    ]);
    const first = await syncNow(invoice.id);
    expect(first).toMatchObject({ status: 'synced', syncedRevision: 1 });
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/receive-payment`, {
      invoiceId: first.qboInvoiceId,
      amount: 100,
    });

    const revised = (
      await as('PUT', `/v1/invoices/${invoice.id}`, {
        payerId: payer.id,
        invoiceDate: '2026-11-21',
        dueDate: '2027-01-05',
        memo: 'Revised after review',
        lines: [
          { feeItemId: fees[0].id, quantity: 3 },
          { feeItemId: fees[2].id, quantity: '2.5', unitPrice: '45.50' },
        ],
      })
    ).body;
    expect(revised).toMatchObject({
      revision: 2,
      total: '1013.75',
      sync: { status: 'out_of_date', action: 'sync_again', syncedRevision: 1 },
    });

    const again = await syncNow(invoice.id);
    expect(again).toMatchObject({
      status: 'synced',
      action: null,
      syncedRevision: 2,
      qboInvoiceId: first.qboInvoiceId,
    });
    const qbo = await qboInvoice(first.qboInvoiceId);
    expect(qboLines(qbo)).toEqual(await sourceLines(revised));
    expect([qbo.TxnDate, qbo.DueDate, qbo.CustomerMemo?.value, qbo.TotalAmt, qbo.Balance]).toEqual([
      '2026-11-21',
      '2027-01-05',
      'Revised after review',
      1013.75,
      913.75,
    ]);
    expect((await stored('Invoice')).filter((i) => i.DocNumber === invoice.number)).toHaveLength(1);

    const writes = (await h.sandbox<any[]>('GET', `/__sandbox/requests?realmId=${firm.realmId}`)).filter(
      (r) => r.method === 'POST' && r.path.endsWith('/invoice'),
    );
    expect(writes.map((r) => r.status).slice(-2)).toEqual([400, 200]);
  });
});

describe('void', () => {
  it('carries a void across to QuickBooks', async () => {
    const invoice = await newInvoice([{ fee: 0, quantity: 1 }]);
    const { qboInvoiceId } = await syncNow(invoice.id);
    const voided = (await as('POST', `/v1/invoices/${invoice.id}/void`)).body;
    expect(voided).toMatchObject({
      status: 'void',
      revision: 2,
      sync: { status: 'synced', syncedRevision: 2, qboInvoiceId },
    });
    expect((await qboInvoice(qboInvoiceId)).TotalAmt).toBe(0);
    expect(
      (
        await as('PUT', `/v1/invoices/${invoice.id}`, {
          payerId: payer.id,
          invoiceDate: '2026-11-20',
          dueDate: '2026-12-20',
          lines: [{ feeItemId: fees[0].id, quantity: 1 }],
        })
      ).body.error,
    ).toBe('invoice_void');
  });

  it("reports QuickBooks' refusal to void an invoice with a payment applied", async () => {
    const invoice = await newInvoice([{ fee: 1, quantity: 1 }]);
    const { qboInvoiceId } = await syncNow(invoice.id);
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/receive-payment`, {
      invoiceId: qboInvoiceId,
      amount: 500,
    });
    const voided = (await as('POST', `/v1/invoices/${invoice.id}/void`)).body;
    expect(voided.sync).toMatchObject({ status: 'failed', action: 'sync_again', qboInvoiceId });
    expect(voided.sync.lastError.message.length).toBeGreaterThan(10);
    expect(voided.sync.lastError.intuitTid).toBeTruthy();
    expect((await qboInvoice(qboInvoiceId)).TotalAmt).toBe(1500);
  });

  it('voids a never-synced invoice locally, with nothing to sync', async () => {
    const invoice = await newInvoice([{ fee: 0, quantity: 1 }]);
    const voided = (await as('POST', `/v1/invoices/${invoice.id}/void`)).body;
    expect(voided).toMatchObject({ status: 'void', sync: { qboInvoiceId: null, action: null } });
    expect((await as('POST', `/v1/invoices/${invoice.id}/sync`)).body.error).toBe('invoice_void');
  });
});

describe('QuickBooks changed underneath', () => {
  it('reports an invoice deleted in QuickBooks and creates it again on the next Sync Now', async () => {
    const invoice = await newInvoice([{ fee: 0, quantity: 1 }]);
    const { qboInvoiceId } = await syncNow(invoice.id);
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Invoice/${qboInvoiceId}/delete`);
    await as('PUT', `/v1/invoices/${invoice.id}`, {
      payerId: payer.id,
      invoiceDate: '2026-11-20',
      dueDate: '2026-12-20',
      lines: [{ feeItemId: fees[0].id, quantity: 4 }],
    });
    const failed = await syncNow(invoice.id);
    expect(failed).toMatchObject({
      status: 'failed',
      action: 'sync_now',
      qboInvoiceId: null,
      lastError: { code: 'qbo_invoice_deleted' },
    });
    const recreated = await syncNow(invoice.id);
    expect(recreated).toMatchObject({ status: 'synced', syncedRevision: 2 });
    expect(recreated.qboInvoiceId).not.toBe(qboInvoiceId);
    expect((await qboInvoice(recreated.qboInvoiceId)).TotalAmt).toBe(1200);
  });

  it('links a QuickBooks invoice with our number for our customer, and refuses one for another customer', async () => {
    const customerId = (await as('GET', '/v1/mappings/payers')).body.mappings.find(
      (m: any) => m.payerId === payer.id,
    ).qboCustomerId;
    const itemId = (await as('GET', '/v1/mappings/fee-items')).body.mappings[0].qboItemId;
    const line = {
      DetailType: 'SalesItemLineDetail',
      Amount: 300,
      SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 300 },
    };
    const ours = await h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/Invoice`, {
      DocNumber: 'HAND-0001',
      CustomerRef: { value: customerId },
      Line: [line],
    });
    const invoice = await newInvoice([{ fee: 0, quantity: 2 }], { number: 'HAND-0001' });
    const linked = await syncNow(invoice.id);
    expect(linked).toMatchObject({ status: 'synced', qboInvoiceId: ours.Id });
    expect((await stored('Invoice')).filter((i) => i.DocNumber === 'HAND-0001').map((i) => i.TotalAmt)).toEqual([600]);
    expect((await as('GET', `/v1/sync-log?invoiceId=${invoice.id}`)).body.entries.map((e: any) => e.action)).toContain(
      'invoice_linked',
    );

    const stranger = await h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/Customer`, {
      DisplayName: 'Someone Else',
    });
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Invoice`, {
      DocNumber: 'HAND-0002',
      CustomerRef: { value: stranger.Id },
      Line: [line],
    });
    const clash = await newInvoice([{ fee: 0, quantity: 1 }], { number: 'HAND-0002' });
    expect(await syncNow(clash.id)).toMatchObject({ status: 'failed', lastError: { code: 'duplicate_docnum' } });
    expect((await stored('Invoice')).filter((i) => i.DocNumber === 'HAND-0002')).toHaveLength(1);
  });
});

describe('ops', () => {
  it("finds exactly a firm's failed invoices with a visibility query", async () => {
    const failed: string[] = (await as('GET', '/v1/invoices?syncStatus=failed&limit=500')).body.invoices
      .map((i: any) => `invoice/${firm.firmId}/${i.id}`)
      .sort();
    expect(failed.length).toBeGreaterThanOrEqual(2);
    let found: string[] = [];
    for (let i = 0; i < 50 && found.join() !== failed.join(); i++) {
      await new Promise((r) => setTimeout(r, 200));
      found = [];
      for await (const wf of h.client.workflow.list({ query: `FirmId = '${firm.firmId}' AND SyncStatus = 'failed'` }))
        found.push(wf.workflowId);
      found.sort();
    }
    expect(found).toEqual(failed);
  });

  it('serves the OpenAPI document and Prometheus metrics', async () => {
    const docs = await h.call('GET', '/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/v1/invoices/{id}/sync', '/v1/sync-jobs', '/metrics']),
    );
    const metrics = await h.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(/quickbooks_sync_invoices\{status="synced"\} [1-9]/);
    expect(metrics.body).toMatch(/quickbooks_sync_invoices\{status="failed"\} [1-9]/);
  });

  it('syncs new and revised invoices by themselves when autoSync is on', async () => {
    expect((await as('PUT', '/v1/quickbooks/settings', { autoSync: true })).body.autoSync).toBe(true);
    const invoice = await newInvoice([{ fee: 2, quantity: 1 }]);
    let sync: any;
    for (let i = 0; i < 100 && sync?.status !== 'synced'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      sync = (await as('GET', `/v1/invoices/${invoice.id}`)).body.sync;
    }
    expect(sync).toMatchObject({ status: 'synced', syncedRevision: 1 });
    await as('PUT', '/v1/quickbooks/settings', { autoSync: false });
  });
});
