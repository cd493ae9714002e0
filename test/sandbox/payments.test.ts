import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, control, faultCode, servicesAccountId, startSandbox, type Company, type Sandbox } from './helpers.js';

let sb: Sandbox;
let c: Company;
let itemId: string;
let n = 0;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  const acct = await servicesAccountId(sb.base, c);
  itemId = (await api(sb.base, c, 'POST', '/item', { Name: 'Filing Fee', Type: 'Service', IncomeAccountRef: { value: acct } })).json.Item.Id;
});
afterAll(async () => {
  await sb.close();
});

const post = (path: string, body: unknown, q: Record<string, string> = {}) => api(sb.base, c, 'POST', path, body, q);

async function invoiceFor(total: number): Promise<{ customer: any; invoice: any }> {
  const customer = (await post('/customer', { DisplayName: `Payer ${++n}` })).json.Customer;
  const invoice = (
    await post('/invoice', {
      CustomerRef: { value: customer.Id },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: total, SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: total } }],
    })
  ).json.Invoice;
  return { customer, invoice };
}

describe('Payment', () => {
  it('applying a payment reduces the invoice Balance, links it, and bumps its SyncToken (so a stale re-push 5010s)', async () => {
    const { customer, invoice } = await invoiceFor(1000);
    const pay = await post('/payment', {
      CustomerRef: { value: customer.Id },
      TotalAmt: 600,
      Line: [{ Amount: 400, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    });
    expect(pay.status).toBe(200);
    expect(pay.json.Payment).toMatchObject({ TotalAmt: 600, UnappliedAmt: 200, SyncToken: '0', CustomerRef: { value: customer.Id, name: customer.DisplayName } });
    expect(pay.json.Payment.DepositToAccountRef.name).toBe('Undeposited Funds');
    expect(pay.json.Payment.Line[0].LinkedTxn).toEqual([{ TxnId: invoice.Id, TxnType: 'Invoice' }]);
    const inv = (await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice;
    expect(inv).toMatchObject({ Balance: 600, TotalAmt: 1000, SyncToken: '1', LinkedTxn: [{ TxnId: pay.json.Payment.Id, TxnType: 'Payment' }] });
    expect(faultCode(await post('/invoice', { Id: invoice.Id, SyncToken: '0', sparse: true, PrivateNote: 'x' }))).toBe('5010');
    expect((await api(sb.base, c, 'GET', `/payment/${pay.json.Payment.Id}`)).json.Payment.Id).toBe(pay.json.Payment.Id);
  });

  it('refuses to apply more than the open balance or more than the payment', async () => {
    const { customer, invoice } = await invoiceFor(100);
    const over = await post('/payment', { CustomerRef: { value: customer.Id }, TotalAmt: 150, Line: [{ Amount: 150, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
    expect(over.status).toBe(400);
    const more = await post('/payment', { CustomerRef: { value: customer.Id }, TotalAmt: 10, Line: [{ Amount: 50, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
    expect(more.status).toBe(400);
    expect(faultCode(await post('/payment', { CustomerRef: { value: customer.Id } }))).toBe('2020');
  });

  it('void (operation=update&include=void) zeroes amounts, notes "Voided" and restores the invoice balance', async () => {
    const { customer, invoice } = await invoiceFor(300);
    const pay = (
      await post('/payment', { CustomerRef: { value: customer.Id }, TotalAmt: 300, PrivateNote: 'check 1001', Line: [{ Amount: 300, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] })
    ).json.Payment;
    expect((await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice.Balance).toBe(0);
    const voided = await post('/payment', { Id: pay.Id, SyncToken: pay.SyncToken, sparse: true }, { operation: 'update', include: 'void' });
    expect(voided.status).toBe(200);
    expect(voided.json.Payment).toMatchObject({ TotalAmt: 0, UnappliedAmt: 0, SyncToken: '1' });
    expect(voided.json.Payment.PrivateNote).toMatch(/^Voided/);
    const inv = (await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice;
    expect(inv).toMatchObject({ Balance: 300, LinkedTxn: [], SyncToken: '2' });
  });

  it('delete removes the payment and its application', async () => {
    const { customer, invoice } = await invoiceFor(80);
    const pay = (await post('/payment', { CustomerRef: { value: customer.Id }, TotalAmt: 80, Line: [{ Amount: 80, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] })).json.Payment;
    // An invoice with a payment applied cannot be voided or deleted.
    expect((await post('/invoice', { Id: invoice.Id, SyncToken: '1' }, { operation: 'void' })).status).toBe(400);
    const del = await post('/payment', { Id: pay.Id, SyncToken: '0' }, { operation: 'delete' });
    expect(del.json.Payment).toMatchObject({ status: 'Deleted', Id: pay.Id });
    expect((await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice.Balance).toBe(80);
  });

  it('receive-payment records a bookkeeper payment; a deposited one cannot change (6540)', async () => {
    const { invoice } = await invoiceFor(250);
    const r = await control(sb.base, 'POST', `/realms/${c.realmId}/receive-payment`, { invoiceId: invoice.Id, amount: 100, deposited: true });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ TotalAmt: 100, UnappliedAmt: 0 });
    expect((await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice.Balance).toBe(150);
    const change = await post('/payment', { Id: r.json.Id, SyncToken: r.json.SyncToken, sparse: true, PrivateNote: 'edit' });
    expect(faultCode(change)).toBe('6540');
    expect(faultCode(await post('/payment', { Id: r.json.Id, SyncToken: r.json.SyncToken }, { operation: 'delete' }))).toBe('6540');
    expect(faultCode(await post('/payment', { Id: r.json.Id, SyncToken: r.json.SyncToken }, { operation: 'update', include: 'void' }))).toBe('6540');
    const full = await control(sb.base, 'POST', `/realms/${c.realmId}/receive-payment`, { invoiceId: invoice.Id });
    expect(full.json.TotalAmt).toBe(150);
  });
});

describe('CDC', () => {
  it('returns changed objects per entity and deletes as Deleted stubs', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { invoice } = await invoiceFor(40);
    const { invoice: doomed } = await invoiceFor(41);
    await post('/invoice', { Id: doomed.Id, SyncToken: '0' }, { operation: 'delete' });
    const r = await api(sb.base, c, 'GET', '/cdc', undefined, { entities: 'Invoice,Payment', changedSince: since });
    expect(r.status).toBe(200);
    const [invoices, payments] = r.json.CDCResponse[0].QueryResponse;
    const ids = invoices.Invoice.map((x: any) => x.Id);
    expect(ids).toContain(invoice.Id);
    const stub = invoices.Invoice.find((x: any) => x.Id === doomed.Id);
    expect(stub).toEqual({ domain: 'QBO', status: 'Deleted', Id: doomed.Id, MetaData: { LastUpdatedTime: expect.any(String) } });
    expect(payments).toBeDefined();
    const old = await api(sb.base, c, 'GET', '/cdc', undefined, { entities: 'Invoice', changedSince: '2000-01-01T00:00:00Z' });
    expect(old.status).toBe(400);
  });
});

describe('batch', () => {
  it('runs items in order with per-item faults, and items cannot see each other', async () => {
    const r = await post('/batch', {
      BatchItemRequest: [
        { bId: '1', operation: 'create', Customer: { DisplayName: 'Batch One' } },
        { bId: '2', operation: 'create', Customer: { DisplayName: 'x'.repeat(501) } },
        { bId: '3', Query: "SELECT * FROM Customer WHERE DisplayName = 'Batch One'" },
      ],
    });
    expect(r.status).toBe(200);
    const [one, two, three] = r.json.BatchItemResponse;
    expect(one.bId).toBe('1');
    expect(one.Customer.DisplayName).toBe('Batch One');
    expect(two.Fault.Error[0].code).toBe('2050');
    expect(three.QueryResponse).toEqual({});
    const tooMany = await post('/batch', { BatchItemRequest: Array.from({ length: 31 }, (_, i) => ({ bId: String(i), Query: 'SELECT * FROM Item' })) });
    expect(faultCode(tooMany)).toBe('1040');
  });
});

describe('webhooks', () => {
  let server: Server;
  const received: Array<{ body: string; signature: string | undefined }> = [];
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ body, signature: req.headers['intuit-signature'] as string | undefined });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/hook`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const waitFor = async (pred: () => boolean) => {
    for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('delivers classic notifications signed with the verifier token', async () => {
    await control(sb.base, 'POST', '/webhooks', { url, verifierToken: 'verifier-1', format: 'classic', dropRate: 0, duplicateRate: 0 });
    received.length = 0;
    const cust = (await post('/customer', { DisplayName: 'Hooked Client' })).json.Customer;
    await waitFor(() => received.length > 0);
    const hit = received[0]!;
    expect(hit.signature).toBe(createHmac('sha256', 'verifier-1').update(hit.body).digest('base64'));
    const body = JSON.parse(hit.body);
    expect(body.eventNotifications[0].realmId).toBe(c.realmId);
    expect(body.eventNotifications[0].dataChangeEvent.entities).toContainEqual(expect.objectContaining({ name: 'Customer', id: cust.Id, operation: 'Create' }));
  });

  it('delivers CloudEvents, also for bookkeeper actions, and drops everything at dropRate 1', async () => {
    await control(sb.base, 'POST', '/webhooks', { url, verifierToken: 'verifier-2', format: 'cloudevents' });
    received.length = 0;
    const made = await control(sb.base, 'POST', `/realms/${c.realmId}/Customer`, { DisplayName: 'Screen Client' });
    await waitFor(() => received.length > 0);
    const events = JSON.parse(received[0]!.body);
    expect(events[0]).toMatchObject({ specversion: '1.0', type: 'qbo.customer.created.v1', intuitentityid: made.json.Id, intuitaccountid: c.realmId });
    expect(received[0]!.signature).toBe(createHmac('sha256', 'verifier-2').update(received[0]!.body).digest('base64'));

    await control(sb.base, 'POST', '/webhooks', { dropRate: 1 });
    received.length = 0;
    await post('/customer', { DisplayName: 'Lost Event Client' });
    await new Promise((r) => setTimeout(r, 150));
    expect(received).toHaveLength(0);
    const log = (await control(sb.base, 'GET', '/webhooks')).json;
    expect(log.deliveries.some((d: any) => d.dropped)).toBe(true);
    await control(sb.base, 'POST', '/webhooks', { dropRate: 0, url: null });
  });
});
