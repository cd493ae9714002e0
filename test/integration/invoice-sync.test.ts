import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirmIdKey, InvoiceIdKey, InvoiceNumberKey, SyncStatusKey } from '../../workflows/search-attributes.js';
import { startHarness, type Harness } from './harness.js';

// The walking skeleton end to end: the API over HTTP, the invoice workflow on a real Temporal dev server,
// activities in a separate worker process, the QBO sandbox over HTTP, state in PostgreSQL.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Walking Skeleton Immigration LLP');
});
afterAll(() => h?.close());

async function post(path: string, body: unknown) {
  const response = await h.call('POST', path, { key: firm.key, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const stored = (entity: string) => h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/${entity}`);

describe('Sync Now, from the API into QuickBooks', () => {
  let obrien: any;
  let jose: any;
  let consultation: any;
  let filing: any;
  let invoice: any;

  beforeAll(async () => {
    obrien = await post('/v1/payers', {
      type: 'corporation',
      companyName: "O'Brien & Sons, LLC",
      email: 'office@obrien.example',
      phone: '617-555-0100',
      address: { line1: '1 Harbor Way', city: 'Boston', region: 'MA', postalCode: '02110', country: 'US' },
      billingPerson: { firstName: 'Aoife', lastName: 'Kelly', email: 'billing@obrien.example', phone: '617-555-0199' },
    });
    jose = await post('/v1/payers', {
      type: 'individual',
      firstName: 'José',
      lastName: 'Müller',
      email: 'jose.muller@example.com',
    });
    consultation = await post('/v1/fee-items', {
      name: 'Consultation',
      description: 'Attorney consultation (hourly)',
      unitPrice: '333.33',
    });
    filing = await post('/v1/fee-items', {
      name: 'I-129 Petition',
      description: 'H-1B petition preparation',
      unitPrice: '2500.00',
    });
    invoice = await post('/v1/invoices', {
      payerId: obrien.id,
      number: 'OB-2026-0001',
      invoiceDate: '2026-11-20',
      dueDate: '2026-12-20',
      memo: 'Thank you for your business',
      caseReference: 'H1B-2026-117',
      lines: [
        { feeItemId: consultation.id, quantity: 1.5 },
        { feeItemId: filing.id, quantity: 1, description: 'H-1B petition for R. Singh' },
        { feeItemId: filing.id, quantity: '0.5', unitPrice: '1999.99', description: 'Premium processing follow-up' },
      ],
    });
  });

  it('prices the invoice exactly and starts it at revision 1, not yet synced', () => {
    expect(invoice.revision).toBe(1);
    expect(invoice.lines.map((l: any) => l.amount)).toEqual(['500.00', '2500.00', '1000.00']);
    expect(invoice.total).toBe('4000.00');
    expect(invoice.sync).toMatchObject({ status: 'not_synced', action: 'sync_now', qboInvoiceId: null });
  });

  it('posts the invoice with its customer and items, and answers synced', async () => {
    const response = await h.call('POST', `/v1/invoices/${invoice.id}/sync`, { key: firm.key });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.workflowId).toBe(`invoice/${firm.firmId}/${invoice.id}`);
    expect(response.body.sync).toMatchObject({ status: 'synced', action: null, syncedRevision: 1, lastError: null });

    const invoices = await stored('Invoice');
    expect(invoices).toHaveLength(1);
    const qbo = invoices[0];
    expect(response.body.sync.qboInvoiceId).toBe(qbo.Id);

    const customers = await stored('Customer');
    const customer = customers.find((c) => c.Id === qbo.CustomerRef.value);
    expect(customer).toMatchObject({
      DisplayName: "O'Brien & Sons, LLC",
      CompanyName: "O'Brien & Sons, LLC",
      GivenName: 'Aoife',
      FamilyName: 'Kelly',
      PrimaryEmailAddr: { Address: 'billing@obrien.example' },
    });

    expect(qbo.DocNumber).toBe('OB-2026-0001');
    expect(qbo.TxnDate).toBe('2026-11-20');
    expect(qbo.DueDate).toBe('2026-12-20');
    expect(qbo.TotalAmt).toBe(4000);

    const items = await stored('Item');
    const itemIdByName = Object.fromEntries(items.map((i) => [i.Name, i.Id]));
    expect(items.find((i) => i.Name === 'I-129 Petition')).toMatchObject({
      Type: 'Service',
      IncomeAccountRef: expect.objectContaining({ value: expect.any(String) }),
    });
    const salesLines = qbo.Line.filter((l: any) => l.DetailType === 'SalesItemLineDetail');
    expect(
      salesLines.map((l: any) => ({
        item: l.SalesItemLineDetail.ItemRef.value,
        qty: l.SalesItemLineDetail.Qty,
        price: l.SalesItemLineDetail.UnitPrice,
        amount: l.Amount,
      })),
    ).toEqual([
      { item: itemIdByName['Consultation'], qty: 1.5, price: 333.33, amount: 500 },
      { item: itemIdByName['I-129 Petition'], qty: 1, price: 2500, amount: 2500 },
      { item: itemIdByName['I-129 Petition'], qty: 0.5, price: 1999.99, amount: 1000 },
    ]);
  });

  it('creates nothing more on a second Sync Now', async () => {
    const before = { customers: (await stored('Customer')).length, items: (await stored('Item')).length };
    const again = await h.call('POST', `/v1/invoices/${invoice.id}/sync`, { key: firm.key });
    expect(again.status).toBe(200);
    expect(again.body.sync.status).toBe('synced');
    expect(await stored('Invoice')).toHaveLength(1);
    expect((await stored('Customer')).length).toBe(before.customers);
    expect((await stored('Item')).length).toBe(before.items);
    expect(before).toEqual({ customers: 1, items: 2 });
  });

  it("reuses the items and makes an individual's own name the customer", async () => {
    const second = await post('/v1/invoices', {
      payerId: jose.id,
      invoiceDate: '2026-11-21',
      dueDate: '2026-11-21',
      lines: [{ feeItemId: consultation.id, quantity: 2 }],
    });
    expect(second.number).toMatch(/^INV-\d+$/);
    const response = await h.call('POST', `/v1/invoices/${second.id}/sync`, { key: firm.key });
    expect(response.body.sync?.status).toBe('synced');
    const customers = await stored('Customer');
    expect(customers.map((c) => c.DisplayName).sort()).toEqual(['José Müller', "O'Brien & Sons, LLC"]);
    expect(customers.find((c) => c.DisplayName === 'José Müller')).toMatchObject({
      GivenName: 'José',
      FamilyName: 'Müller',
    });
    expect(await stored('Item')).toHaveLength(2);
    expect(await stored('Invoice')).toHaveLength(2);
  });

  it('lists every step in the sync log with the workflow id', async () => {
    const response = await h.call('GET', `/v1/sync-log?invoiceId=${invoice.id}`, { key: firm.key });
    expect(response.status).toBe(200);
    const entries = response.body.entries as any[];
    expect(entries.map((e) => e.action)).toEqual([
      'sync_started',
      'invoice_created',
      'sync_completed',
      'sync_started',
      'sync_unchanged',
    ]);
    expect(new Set(entries.map((e) => e.workflowId))).toEqual(new Set([`invoice/${firm.firmId}/${invoice.id}`]));
    expect(entries.every((e) => e.level === 'info')).toBe(true);

    const all = (await h.call('GET', '/v1/sync-log', { key: firm.key })).body.entries as any[];
    const resolutions = all
      .filter((e) => e.action.startsWith('customer_') || e.action.startsWith('item_'))
      .map((e) => e.action);
    expect(resolutions.filter((a) => a === 'customer_created')).toHaveLength(2);
    expect(resolutions.filter((a) => a === 'item_created')).toHaveLength(2);
    expect(resolutions).toContain('item_mapped');
    const [connected, ...syncEntries] = all;
    expect(connected).toMatchObject({
      action: 'quickbooks_connected',
      entityType: 'connection',
      entityId: firm.realmId,
      workflowId: null,
    });
    expect(
      syncEntries.every((e) => typeof e.workflowId === 'string' && e.workflowId.startsWith(`invoice/${firm.firmId}/`)),
    ).toBe(true);

    const csv = await h.call('GET', `/v1/sync-log?invoiceId=${invoice.id}&format=csv`, { key: firm.key });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((csv.body as string).trim().split('\r\n')).toHaveLength(1 + entries.length);
  });

  it("resolves a mapped payer and fee items in the pass's first step, and logs each of them", async () => {
    const third = await post('/v1/invoices', {
      payerId: obrien.id,
      invoiceDate: '2026-11-24',
      dueDate: '2026-12-24',
      lines: [
        { feeItemId: filing.id, quantity: 1 },
        { feeItemId: consultation.id, quantity: 2 },
      ],
    });
    const response = await h.call('POST', `/v1/invoices/${third.id}/sync`, { key: firm.key });
    expect(response.body.sync?.status, JSON.stringify(response.body)).toBe('synced');
    const workflowId = `invoice/${firm.firmId}/${third.id}`;
    const entries = ((await h.call('GET', '/v1/sync-log', { key: firm.key })).body.entries as any[]).filter(
      (e) => e.workflowId === workflowId,
    );
    expect(entries.map((e) => [e.action, e.entityId]).sort()).toEqual(
      [
        ['customer_mapped', obrien.id],
        ['invoice_created', third.id],
        ['item_mapped', consultation.id],
        ['item_mapped', filing.id],
        ['sync_completed', third.id],
        ['sync_started', third.id],
      ].sort(),
    );
    // The first step's entries come first: the pass began, then what it resolved, then what it wrote.
    expect(entries.map((e) => e.action).slice(0, 1)).toEqual(['sync_started']);
    expect(entries.map((e) => e.action).slice(-2)).toEqual(['invoice_created', 'sync_completed']);
  });

  it('filters the invoice list by the status billing staff see', async () => {
    const synced = (await h.call('GET', '/v1/invoices?syncStatus=synced', { key: firm.key })).body.invoices as any[];
    expect(synced.map((i) => i.id)).toContain(invoice.id);
    expect(synced.every((i) => i.sync.status === 'synced')).toBe(true);
    const notSynced = (await h.call('GET', '/v1/invoices?syncStatus=not_synced', { key: firm.key })).body
      .invoices as any[];
    expect(notSynced.map((i) => i.id)).not.toContain(invoice.id);
  });

  it("keeps the workflow's search attributes current for ops", async () => {
    const description = await h.client.workflow.getHandle(`invoice/${firm.firmId}/${invoice.id}`).describe();
    const attributes = description.typedSearchAttributes;
    expect(attributes.get(FirmIdKey)).toBe(firm.firmId);
    expect(attributes.get(InvoiceIdKey)).toBe(invoice.id);
    expect(attributes.get(InvoiceNumberKey)).toBe('OB-2026-0001');
    expect(attributes.get(SyncStatusKey)).toBe('synced');
  });
});

describe('a create whose answer is lost', () => {
  it('is replayed through its requestid: the activity runs twice, QuickBooks holds one invoice', async () => {
    const payer = await post('/v1/payers', { type: 'individual', firstName: 'Ana', lastName: 'Lima' });
    const fee = await post('/v1/fee-items', { name: 'Naturalization N-400', unitPrice: '725.00' });
    const invoice = await post('/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-11-22',
      dueDate: '2026-12-22',
      lines: [{ feeItemId: fee.id, quantity: 1 }],
    });
    const invoicesBefore = (await stored('Invoice')).length;
    const postsBefore =
      (await h.sandbox('GET', '/__sandbox/stats')).byRealm[firm.realmId]?.byEndpoint['POST /invoice'] ?? 0;

    await h.sandbox('POST', '/__sandbox/faults', {
      mode: 'dropAfterCommit',
      method: 'POST',
      pathContains: '/invoice',
      realmId: firm.realmId,
      count: 1,
    });
    const response = await h.call('POST', `/v1/invoices/${invoice.id}/sync`, { key: firm.key });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.sync.status).toBe('synced');

    const stats = await h.sandbox('GET', '/__sandbox/stats');
    expect(stats.byRealm[firm.realmId].byEndpoint['POST /invoice'] - postsBefore).toBe(2);
    const invoices = await stored('Invoice');
    expect(invoices).toHaveLength(invoicesBefore + 1);
    expect(invoices.filter((i) => i.Id === response.body.sync.qboInvoiceId)).toHaveLength(1);
  });

  it.each(['auth403Xml', 'auth403Lowercase'])(
    'a company that refuses the app (403 3100, %s) fails the sync at once, asking for a reconnect',
    async (mode) => {
      const payer = await post('/v1/payers', { type: 'individual', firstName: 'Rui', lastName: 'Costa' });
      const fee = await post('/v1/fee-items', { name: `Travel document I-131 (${mode})`, unitPrice: '630.00' });
      const invoice = await post('/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-23',
        dueDate: '2026-12-23',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      });
      const refusedBefore =
        (await h.sandbox('GET', '/__sandbox/stats')).byRealm[firm.realmId]?.byEndpoint['POST /invoice'] ?? 0;
      await h.sandbox('POST', '/__sandbox/faults', {
        mode,
        method: 'POST',
        pathContains: '/invoice',
        realmId: firm.realmId,
        rate: 1,
      });
      try {
        const response = await h.call('POST', `/v1/invoices/${invoice.id}/sync`, { key: firm.key });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        expect(response.body.sync).toMatchObject({ status: 'failed', lastError: { code: '3100' } });
        expect(response.body.sync.lastError.hint).toMatch(/reconnect QuickBooks/);
        // Not retried: one refused POST, not a retry schedule's worth.
        const posts = (await h.sandbox('GET', '/__sandbox/stats')).byRealm[firm.realmId].byEndpoint['POST /invoice'];
        expect(posts - refusedBefore).toBe(1);
      } finally {
        await h.sandbox('DELETE', '/__sandbox/faults');
      }
    },
  );
});
