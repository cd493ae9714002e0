import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, serviceItemId, startSandbox, type Company, type Sandbox } from './helpers.js';
import { keysOf, many, parseIntuitXml, realJson, realXml } from './real-payloads.js';

// Each sandbox answer is laid next to a payload QBO really sent (test/fixtures/qbo), so a sandbox that
// drifts from QBO's wire format fails here rather than in production.

let sb: Sandbox;
let c: Company;
let itemId: string;

/** QBO stamps `time` with milliseconds and the company's offset, e.g. 2014-01-26T09:19:21.801-08:00. */
const RESPONSE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[-+]\d\d:\d\d$/;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  itemId = await serviceItemId(sb.base, c, 'Services');
});
afterAll(async () => {
  await sb.close();
});

const post = (path: string, body: unknown, q: Record<string, string> = {}) => api(sb.base, c, 'POST', path, body, q);

function saleLine(item: string, amount: number) {
  return {
    DetailType: 'SalesItemLineDetail',
    Amount: amount,
    SalesItemLineDetail: { ItemRef: { value: item }, Qty: 1, UnitPrice: amount },
  };
}

/** Every key the real payload has is present in the sandbox's, with the same JSON type. */
function expectCovers(sandbox: Record<string, unknown>, real: Record<string, unknown>): void {
  const missing = Object.keys(real).filter((k) => !(k in sandbox));
  expect(missing).toEqual([]);
  for (const k of Object.keys(real)) {
    expect([k, Array.isArray(sandbox[k]), typeof sandbox[k]]).toEqual([k, Array.isArray(real[k]), typeof real[k]]);
  }
}

describe('faults', () => {
  it('6240 has the JSON Fault shape of the reference and the XML of duplicate-name-6240.xml', async () => {
    const real = realXml('duplicate-name-6240.xml');
    const realError = real.Fault.Error;
    await post('/customer', { DisplayName: 'Amy Bird Sanctuary' });

    const json = await post('/customer', { DisplayName: 'Amy Bird Sanctuary' });
    expect(json.status).toBe(400);
    expect(keysOf(json.json)).toEqual(['Fault', 'time']);
    expect(json.json.time).toMatch(RESPONSE_TIME);
    expect(real.time).toMatch(RESPONSE_TIME);
    expect(keysOf(json.json.Fault)).toEqual(['Error', 'type']);
    expect(json.json.Fault.type).toBe(real.Fault.type);
    expect(json.json.Fault.Error).toHaveLength(1);
    const error = json.json.Fault.Error[0];
    expect(keysOf(error)).toEqual(keysOf(realError));
    expect(error).toMatchObject({ Message: realError.Message, code: realError.code, element: realError.element });
    const detailStem = 'The name supplied already exists. : Another ';
    expect(realError.Detail.startsWith(detailStem)).toBe(true);
    expect(error.Detail.startsWith(detailStem)).toBe(true);

    // Without Accept: application/json QBO answers XML; the same fault must read the same way.
    const res = await fetch(`${sb.base}/v3/company/${c.realmId}/customer?minorversion=75`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ DisplayName: 'Amy Bird Sanctuary' }),
    });
    expect(res.status).toBe(400);
    const xml = parseIntuitXml(await res.text());
    expect(xml.time).toMatch(RESPONSE_TIME);
    expect(xml.Fault.type).toBe(real.Fault.type);
    expect(keysOf(xml.Fault.Error)).toEqual(keysOf(realError));
    expect(xml.Fault.Error).toMatchObject({
      Message: realError.Message,
      code: realError.code,
      element: realError.element,
    });
  });

  it('a throttled request gets the body of throttle-429.xml (as XML, to a JSON client), all but its time', async () => {
    const small = await startSandbox({ ratePerMinute: 1 });
    try {
      const t = await connect(small.base);
      expect((await api(small.base, t, 'GET', `/companyinfo/${t.realmId}`)).status).toBe(200);
      const throttled = await api(small.base, t, 'GET', `/companyinfo/${t.realmId}`);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('content-type')).toMatch(/^application\/xml/);
      const { time, ...body } = parseIntuitXml(throttled.text);
      const { time: realTime, ...realBody } = realXml('throttle-429.xml');
      expect(time).toMatch(RESPONSE_TIME);
      expect(realTime).toMatch(RESPONSE_TIME);
      expect(body).toEqual(realBody);
    } finally {
      await small.close();
    }
  });
});

describe('entities', () => {
  it('an invoice carries every field of the sample company invoice.json, with the same types', async () => {
    const real = realJson('invoice.json');
    const customer = (await post('/customer', { DisplayName: "Amy's Bird Sanctuary" })).json.Customer;
    const r = await post('/invoice', {
      CustomerRef: { value: customer.Id },
      DocNumber: real.DocNumber,
      TxnDate: real.TxnDate,
      DueDate: real.DueDate,
      BillAddr: real.BillAddr,
      ShipAddr: real.ShipAddr,
      ProjectRef: real.ProjectRef,
      CustomField: real.CustomField,
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: 150,
          SalesItemLineDetail: { ItemRef: { value: itemId }, TaxCodeRef: { value: 'NON' } },
        },
      ],
    });
    expect(r.status).toBe(200);
    expect(keysOf(r.json)).toEqual(['Invoice', 'time']);
    const inv = r.json.Invoice;
    expectCovers(inv, real);
    expect(inv).toMatchObject({
      domain: 'QBO',
      sparse: false,
      SyncToken: '0',
      TotalAmt: 150,
      Balance: 150,
      LinkedTxn: [],
    });
    expect(keysOf(inv.MetaData)).toEqual(keysOf(real.MetaData));
    expect(keysOf(inv.CustomerRef)).toEqual(keysOf(real.CustomerRef));
    expect(keysOf(inv.TxnTaxDetail)).toEqual(keysOf(real.TxnTaxDetail));
    const [sale, subtotal] = inv.Line;
    expectCovers(sale, real.Line[0]);
    expect(keysOf(sale.SalesItemLineDetail.ItemRef)).toEqual(keysOf(real.Line[0].SalesItemLineDetail.ItemRef));
    expect(subtotal).toEqual(real.Line[1]);
  });

  it('a query answers QueryResponse with the entity array, startPosition and maxResults as numbers', async () => {
    await post('/customer', { DisplayName: 'Query Shape Client' });
    const r = await api(sb.base, c, 'GET', '/query', undefined, {
      query: "SELECT * FROM Customer WHERE DisplayName = 'Query Shape Client'",
    });
    expect(keysOf(r.json)).toEqual(['QueryResponse', 'time']);
    expect(r.json.QueryResponse).toEqual({
      Customer: [expect.objectContaining({ DisplayName: 'Query Shape Client' })],
      startPosition: 1,
      maxResults: 1,
    });
  });
});

describe('CDC and batch', () => {
  it('CDC answers in the shape of cdc-response.xml: full records, and Deleted stubs with only Id and MetaData.LastUpdatedTime', async () => {
    const real = realXml('cdc-response.xml');
    const [realInvoices, realPayments] = many(real.CDCResponse.QueryResponse) as any[];
    const [realFull, realStub] = many(realInvoices.Invoice) as any[];
    const realPayment = realPayments.Payment;

    // A company of its own, so the counts are only what this test changed.
    const own = await connect(sb.base);
    const write = (path: string, body: unknown, q: Record<string, string> = {}) =>
      api(sb.base, own, 'POST', path, body, q);
    const fee = await serviceItemId(sb.base, own, 'Rock Fountain');
    const since = new Date(Date.now() - 1000).toISOString();
    const customer = (await write('/customer', { DisplayName: 'Geeta Kalapatapu' })).json.Customer;
    const invoice = (
      await write('/invoice', {
        CustomerRef: { value: customer.Id },
        CustomerMemo: { value: 'Thank you for your business and have a great day!' },
        BillEmail: { Address: 'Geeta@Kalapatapu.com' },
        Line: [saleLine(fee, 537.5)],
      })
    ).json.Invoice;
    await write('/payment', {
      CustomerRef: { value: customer.Id },
      TotalAmt: 537.5,
      Line: [{ Amount: 537.5, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    });
    const doomed = (await write('/invoice', { CustomerRef: { value: customer.Id }, Line: [saleLine(fee, 10)] })).json
      .Invoice;
    expect(
      (await write('/invoice', { Id: doomed.Id, SyncToken: doomed.SyncToken }, { operation: 'delete' })).status,
    ).toBe(200);

    const r = await api(sb.base, own, 'GET', '/cdc', undefined, { entities: 'Invoice,Payment', changedSince: since });
    expect(r.status).toBe(200);
    expect(keysOf(r.json)).toEqual(['CDCResponse', 'time']);
    expect(r.json.CDCResponse).toHaveLength(1);
    const [invoices, payments] = r.json.CDCResponse[0].QueryResponse;
    expect(r.json.CDCResponse[0].QueryResponse).toHaveLength(2);
    expect(keysOf(invoices)).toEqual(keysOf(realInvoices));
    expect(invoices).toMatchObject({ startPosition: 1, maxResults: 2, totalCount: 2 });

    const full = invoices.Invoice.find((x: any) => x.Id === invoice.Id);
    for (const k of Object.keys(realFull)) expect(full).toHaveProperty(k);
    expect(full).toMatchObject({ Balance: 0, LinkedTxn: [{ TxnType: 'Payment' }] });
    expect(full.status).toBeUndefined();

    const stub = invoices.Invoice.find((x: any) => x.Id === doomed.Id);
    expect(keysOf(stub)).toEqual(keysOf(realStub));
    expect(keysOf(stub.MetaData)).toEqual(keysOf(realStub.MetaData));
    expect(stub).toMatchObject({ domain: realStub.domain, status: realStub.status });
    expect(stub.MetaData.LastUpdatedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/);

    for (const k of keysOf(realPayments)) expect(payments).toHaveProperty(k);
    const payment = payments.Payment[0];
    for (const k of Object.keys(realPayment)) expect(payment).toHaveProperty(k);
    for (const k of Object.keys(realPayment.Line)) expect(payment.Line[0]).toHaveProperty(k);
    expect(payment.Line[0].LinkedTxn).toEqual([{ TxnId: invoice.Id, TxnType: 'Invoice' }]);
  });

  it('batch answers in the shape of batch-response.xml: a result or a Fault per item, keyed by bId', async () => {
    const real = realXml('batch-response.xml');
    const [realFault, realCustomer] = many(real.BatchItemResponse) as any[];
    const r = await post('/batch', {
      BatchItemRequest: [
        { bId: '1a', operation: 'create', Customer: { DisplayName: 'Fault Basler', GivenName: 'x'.repeat(101) } },
        { bId: '2b', operation: 'create', Customer: { GivenName: 'Mark', FamilyName: 'Basler' } },
      ],
    });
    expect(r.status).toBe(200);
    expect(keysOf(r.json)).toEqual(['BatchItemResponse', 'time']);
    const [fault, created] = r.json.BatchItemResponse;
    expect(keysOf(fault)).toEqual(keysOf(realFault));
    expect(keysOf(fault.Fault)).toEqual(keysOf(realFault.Fault));
    expect(fault.Fault.type).toBe(realFault.Fault.type);
    expect(keysOf(fault.Fault.Error[0])).toEqual(keysOf(many(realFault.Fault.Error)[0]));
    expect(fault).toMatchObject({ bId: '1a', Fault: { Error: [{ code: '2050', element: 'GivenName' }] } });
    expect(keysOf(created)).toEqual(keysOf(realCustomer));
    expect(created.bId).toBe('2b');
    for (const k of Object.keys(realCustomer.Customer)) expect(created.Customer).toHaveProperty(k);
    expect(created.Customer.DisplayName).toBe(realCustomer.Customer.DisplayName);
  });
});
