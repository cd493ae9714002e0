import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  connect,
  control,
  faultCode,
  serviceItemId,
  startSandbox,
  type ApiResult,
  type Company,
  type Sandbox,
} from './helpers.js';
import { keysOf, many, parseIntuitXml, realXml } from './real-payloads.js';

let sb: Sandbox;
let c: Company;
let itemId: string;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  itemId = await serviceItemId(sb.base, c, 'Batch Fee');
});
afterAll(async () => {
  await sb.close();
});

const post = (path: string, body: unknown, q: Record<string, string> = {}) => api(sb.base, c, 'POST', path, body, q);
const batch = (items: unknown[]): Promise<ApiResult> => post('/batch', { BatchItemRequest: items });

function invoiceFor(customerId: string) {
  return {
    CustomerRef: { value: customerId },
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 10,
        SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 10 },
      },
    ],
  };
}

describe('per-item results', () => {
  it('mixes successes and faults, in request order, each correlated by its bId, a fault stopping nothing after it', async () => {
    const client = (await post('/customer', { DisplayName: 'Batch Existing' })).json.Customer;
    const doomed = (await post('/invoice', invoiceFor(client.Id))).json.Invoice;
    const r = await batch([
      { bId: '7c', operation: 'create', Customer: { DisplayName: 'Batch New' } },
      { bId: '1a', operation: 'create', Customer: { DisplayName: 'Batch Long', GivenName: 'g'.repeat(101) } },
      { bId: '5e', operation: 'update', Customer: { Id: client.Id, SyncToken: '0', sparse: true, Notes: 'first' } },
      { bId: '2b', operation: 'update', Customer: { Id: client.Id, SyncToken: '0', sparse: true, Notes: 'second' } },
      { bId: '9z', operation: 'delete', Invoice: { Id: doomed.Id, SyncToken: doomed.SyncToken } },
      { bId: '3q', Query: "SELECT * FROM Customer WHERE DisplayName = 'Batch Existing'" },
    ]);
    expect(r.status).toBe(200);
    const items = r.json.BatchItemResponse as any[];
    expect(items.map((x) => x.bId)).toEqual(['7c', '1a', '5e', '2b', '9z', '3q']);
    const byId = new Map(items.map((x) => [x.bId, x]));

    expect(byId.get('7c').Customer).toMatchObject({ DisplayName: 'Batch New', SyncToken: '0' });
    expect(byId.get('7c').Fault).toBeUndefined();
    expect(byId.get('1a')).toEqual({
      bId: '1a',
      Fault: {
        type: 'ValidationFault',
        Error: [
          expect.objectContaining({
            code: '2050',
            element: 'GivenName',
            Message: expect.any(String),
            Detail: expect.stringContaining('Max:100'),
          }),
        ],
      },
    });
    // Items run in order: the first update moves the SyncToken, so the second, written against 0, is stale.
    expect(byId.get('5e').Customer).toMatchObject({ Id: client.Id, SyncToken: '1', Notes: 'first' });
    expect(byId.get('2b').Fault.Error[0].code).toBe('5010');
    expect(byId.get('9z').Invoice).toEqual({ domain: 'QBO', status: 'Deleted', Id: doomed.Id });
    expect(byId.get('3q').QueryResponse.Customer[0]).toMatchObject({ Id: client.Id, Notes: 'first' });

    const after = (await api(sb.base, c, 'GET', `/customer/${client.Id}`)).json.Customer;
    expect(after).toMatchObject({ SyncToken: '1', Notes: 'first' });
    expect(faultCode(await api(sb.base, c, 'GET', `/invoice/${doomed.Id}`))).toBe('610');
  });

  it('items cannot see what earlier items of the same batch created, by reference or by query', async () => {
    const before = (await post('/customer', { DisplayName: 'Batch Before' })).json.Customer;
    const nextId = String(Number(before.Id) + 1);
    const r = await batch([
      { bId: 'a', operation: 'create', Customer: { DisplayName: 'Batch Sibling' } },
      { bId: 'b', operation: 'create', Invoice: invoiceFor(nextId) },
      { bId: 'c', Query: "SELECT * FROM Customer WHERE DisplayName = 'Batch Sibling'" },
    ]);
    const [a, b, q] = r.json.BatchItemResponse;
    expect(a.Customer.Id).toBe(nextId);
    expect(b.Fault.Error[0]).toMatchObject({ code: '2500', element: 'CustomerRef' });
    expect(q.QueryResponse).toEqual({});
    // Once the batch is over, the customer is there for everyone.
    expect((await post('/invoice', invoiceFor(nextId))).status).toBe(200);
  });
});

describe('batch size', () => {
  const queries = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ bId: `q${i}`, Query: 'SELECT COUNT(*) FROM Item' }));

  it('takes 30 items; 31 is refused whole with 1040', async () => {
    const thirty = await batch(queries(30));
    expect(thirty.status).toBe(200);
    expect(thirty.json.BatchItemResponse).toHaveLength(30);
    const tooMany = await batch(queries(31));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.Fault).toMatchObject({
      type: 'ValidationFault',
      Error: [{ code: '1040', Message: 'Batch size exceeds allowed limit' }],
    });
    expect(tooMany.json.BatchItemResponse).toBeUndefined();
  });

  it('refuses an empty batch as malformed', async () => {
    const empty = await batch([]);
    expect(empty.status).toBe(400);
    expect(empty.json.Fault.Error[0].Detail).toBe('MalformedRequest: Batch Request is Empty');
  });
});

// QBO's batch limits and the sandbox's batch faults. These companies live on a second sandbox whose clock
// is injected, so a minute of batch rate passes in a line; the requests are real HTTP.

const START = Date.UTC(2026, 11, 1, 15, 0, 0);
let now = START;
let clocked: Sandbox;

interface Firm {
  company: Company;
  customerId: string;
  itemId: string;
}

beforeAll(async () => {
  clocked = await startSandbox({ now: () => now });
});
afterAll(async () => {
  await clocked.close();
});
afterEach(async () => {
  await control(clocked.base, 'DELETE', '/faults');
  await control(clocked.base, 'POST', '/limits', { perMinute: 500, concurrent: 10, batchPerMinute: 40 });
});

/** A company that accepts duplicate DocNumbers, so only requestids stand between a repeat and a second invoice. */
async function firm(preferences: Record<string, unknown> = {}): Promise<Firm> {
  const { realmId } = (await control(clocked.base, 'POST', '/realms', { duplicateDocNumbers: 'allow', ...preferences }))
    .json;
  const company = await connect(clocked.base, realmId);
  const itemId = await serviceItemId(clocked.base, company, 'Filing Fee');
  const customerId = (await api(clocked.base, company, 'POST', '/customer', { DisplayName: 'Batch Payer' })).json
    .Customer.Id;
  return { company, customerId, itemId };
}

function invoiceItems(f: Firm, docNumbers: string[]): unknown[] {
  return docNumbers.map((docNumber, i) => ({
    bId: `b${i + 1}`,
    operation: 'create',
    Invoice: {
      DocNumber: docNumber,
      CustomerRef: { value: f.customerId },
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: 25,
          SalesItemLineDetail: { ItemRef: { value: f.itemId }, Qty: 1, UnitPrice: 25 },
        },
      ],
    },
  }));
}

const sendBatch = (f: Firm, items: unknown[], requestid?: string): Promise<ApiResult> =>
  api(clocked.base, f.company, 'POST', '/batch', { BatchItemRequest: items }, requestid ? { requestid } : {});

const queryBatch = (f: Firm, n = 1): Promise<ApiResult> =>
  sendBatch(
    f,
    Array.from({ length: n }, (_, i) => ({ bId: `q${i}`, Query: 'SELECT COUNT(*) FROM Item' })),
  );

const readCompany = (f: Firm): Promise<ApiResult> =>
  api(clocked.base, f.company, 'GET', `/companyinfo/${f.company.realmId}`);

async function docNumbers(f: Firm): Promise<string[]> {
  const invoices = (await control(clocked.base, 'GET', `/realms/${f.company.realmId}/Invoice`)).json as any[];
  return invoices.map((x) => x.DocNumber).sort();
}

async function realmStats(f: Firm): Promise<any> {
  return (await control(clocked.base, 'GET', '/stats')).json.byRealm[f.company.realmId];
}

async function arm(rule: Record<string, unknown>): Promise<void> {
  const r = await control(clocked.base, 'POST', '/faults', rule);
  expect(r.status).toBe(201);
}

/** The 429 in the shape of throttle-429.xml: XML even to this JSON client, SERVICE 3001. */
function expectThrottled(r: ApiResult): void {
  expect(r.status).toBe(429);
  expect(r.headers.get('content-type')).toMatch(/^application\/xml/);
  const real = realXml('throttle-429.xml');
  const xml = parseIntuitXml(r.text);
  expect(keysOf(xml.Fault)).toEqual(keysOf(real.Fault));
  expect(xml.Fault).toEqual({ ...real.Fault });
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}

describe('batch rate: 40 batch requests a minute per company and app', () => {
  it('answers the 41st batch within a minute 429 in the throttle shape, while single requests and other companies go on', async () => {
    now = START;
    const f = await firm();
    const other = await firm();
    for (let i = 0; i < 39; i++) expect((await queryBatch(f)).status).toBe(200);
    now = START + 59_999;
    expect((await queryBatch(f)).status).toBe(200);
    expectThrottled(await queryBatch(f));
    expect((await readCompany(f)).status).toBe(200);
    expect((await queryBatch(other)).status).toBe(200);
    now = START + 60_000;
    expect((await queryBatch(f)).status).toBe(200);
    expect((await realmStats(f)).batch).toEqual({ requests: 42, throttled: 1, items: 41, maxItems: 1 });
    expect((await realmStats(f)).throttled).toBe(1);
  });

  it('counts each batch as one request toward the general per-minute limit, whatever it carries', async () => {
    now = START;
    const f = await firm();
    // Setting the company's limits starts its minute afresh; the set-up requests before it stay in `total`.
    await control(clocked.base, 'PUT', `/realms/${f.company.realmId}/limits`, { perMinute: 5 });
    const setUp = (await realmStats(f)).total;
    for (let i = 0; i < 3; i++) expect((await readCompany(f)).status).toBe(200);
    expect((await queryBatch(f, 30)).status).toBe(200);
    expect((await queryBatch(f, 30)).status).toBe(200);
    expectThrottled(await readCompany(f));
    expectThrottled(await queryBatch(f));
    expect(await realmStats(f)).toMatchObject({
      total: setUp + 7,
      throttled: 2,
      batch: { requests: 3, throttled: 1, items: 60, maxItems: 30 },
    });
  });

  it('holds one of the concurrent slots while it runs', async () => {
    now = START;
    const f = await firm();
    await control(clocked.base, 'PUT', `/realms/${f.company.realmId}/limits`, { concurrent: 1 });
    await arm({ mode: 'delay', delayMs: 400, pathContains: '/batch', realmId: f.company.realmId });
    const held = queryBatch(f);
    await until(async () => (await realmStats(f))?.maxConcurrent === 1);
    expectThrottled(await readCompany(f));
    expect((await held).status).toBe(200);
    expect((await readCompany(f)).status).toBe(200);
  });

  it('is configurable sandbox-wide, per company and by option, and 0 switches it off', async () => {
    now = START;
    const f = await firm();
    const limits = await control(clocked.base, 'POST', '/limits', { batchPerMinute: 2 });
    expect(limits.json).toEqual({ perMinute: 500, concurrent: 10, batchPerMinute: 2 });
    expect([(await queryBatch(f)).status, (await queryBatch(f)).status]).toEqual([200, 200]);
    expectThrottled(await queryBatch(f));
    await control(clocked.base, 'POST', '/limits', { batchPerMinute: 0 });
    for (let i = 0; i < 50; i++) expect((await queryBatch(f)).status).toBe(200);

    await control(clocked.base, 'POST', '/limits', { batchPerMinute: 40 });
    const own = await firm();
    const set = await control(clocked.base, 'PUT', `/realms/${own.company.realmId}/limits`, { batchPerMinute: 1 });
    expect(set.json).toEqual({ perMinute: 500, concurrent: 10, batchPerMinute: 1 });
    expect((await queryBatch(own)).status).toBe(200);
    expectThrottled(await queryBatch(own));
    expect((await queryBatch(f)).status).toBe(200);

    const small = await startSandbox({ batchRatePerMinute: 1 });
    try {
      const c = await connect(small.base);
      const one = { BatchItemRequest: [{ bId: '1', Query: 'SELECT COUNT(*) FROM Item' }] };
      expect((await api(small.base, c, 'POST', '/batch', one)).status).toBe(200);
      expect((await api(small.base, c, 'POST', '/batch', one)).status).toBe(429);
    } finally {
      await small.close();
    }
  });
});

describe('batch size', () => {
  it('runs nothing of a batch of 31', async () => {
    now = START;
    const f = await firm();
    const r = await sendBatch(
      f,
      invoiceItems(
        f,
        Array.from({ length: 31 }, (_, i) => `S-${i}`),
      ),
    );
    expect(faultCode(r)).toBe('1040');
    expect(await docNumbers(f)).toEqual([]);
    expect((await realmStats(f)).batch).toMatchObject({ requests: 1, items: 0 });
  });
});

describe('requestid on a batch', () => {
  it('takes at most 36 characters (single writes take 50); a longer one is refused with 2050 and nothing runs', async () => {
    now = START;
    const f = await firm();
    const ok = await sendBatch(f, invoiceItems(f, ['R-1']), 'r'.repeat(36));
    expect(ok.status).toBe(200);
    const long = await sendBatch(f, invoiceItems(f, ['R-2']), 'r'.repeat(37));
    expect(long.status).toBe(400);
    expect(long.json.Fault).toEqual({
      type: 'ValidationFault',
      Error: [
        expect.objectContaining({ code: '2050', element: 'requestid', Detail: expect.stringContaining('Max:36') }),
      ],
    });
    expect(long.json.BatchItemResponse).toBeUndefined();
    expect(await docNumbers(f)).toEqual(['R-1']);
    const single = await api(
      clocked.base,
      f.company,
      'POST',
      '/customer',
      { DisplayName: 'Long Id' },
      {
        requestid: 'r'.repeat(37),
      },
    );
    expect(single.status).toBe(200);
  });

  it('with a requestid, takes bIds of at most 10 characters; a longer one refuses the whole batch with 2050', async () => {
    now = START;
    const f = await firm();
    const items = invoiceItems(f, ['L-1', 'L-2']) as any[];
    items[1].bId = 'b'.repeat(11);
    const refused = await sendBatch(f, items, 'long-bid-1');
    expect(refused.status).toBe(400);
    expect(refused.json.Fault.Error[0]).toMatchObject({ code: '2050', element: 'bId' });
    expect(refused.json.Fault.Error[0].Detail).toContain('Max:10 supplied length:11');
    expect(await docNumbers(f)).toEqual([]);
    items[1].bId = 'b'.repeat(10);
    expect((await sendBatch(f, items, 'long-bid-2')).status).toBe(200);
    // Intuit states the bId limit for batches that carry a requestid; without one the sandbox does not apply it.
    items[1].bId = 'b'.repeat(11);
    items[0].Invoice.DocNumber = 'L-3';
    items[1].Invoice.DocNumber = 'L-4';
    expect((await sendBatch(f, items)).status).toBe(200);
    expect(await docNumbers(f)).toEqual(['L-1', 'L-2', 'L-3', 'L-4']);
  });

  it("replays a repeated batch requestid as a single write's: byte for byte, running nothing again", async () => {
    now = START;
    const f = await firm();
    const first = await sendBatch(f, invoiceItems(f, ['P-1', 'P-2']), 'batch-replay-1');
    expect(first.status).toBe(200);
    now += 24 * 3600 * 1000;
    f.company = await connect(clocked.base, f.company.realmId);
    const again = await sendBatch(f, invoiceItems(f, ['P-1', 'P-2']), 'batch-replay-1');
    expect(again.text).toBe(first.text);
    expect(await docNumbers(f)).toEqual(['P-1', 'P-2']);
    expect((await realmStats(f)).batch).toMatchObject({ requests: 2, items: 2 });
  });

  it("follows the company's requestIdReplay: ignored runs a repeat again, failures-too replays a refused batch", async () => {
    now = START;
    const ignoring = await firm({ requestIdReplay: 'ignored' });
    await sendBatch(ignoring, invoiceItems(ignoring, ['I-1']), 'batch-ignored');
    await sendBatch(ignoring, invoiceItems(ignoring, ['I-1']), 'batch-ignored');
    expect(await docNumbers(ignoring)).toEqual(['I-1', 'I-1']);

    const strict = await firm({ requestIdReplay: 'failures-too' });
    const tooMany = invoiceItems(
      strict,
      Array.from({ length: 31 }, (_, i) => `F-${i}`),
    );
    const refused = await sendBatch(strict, tooMany, 'batch-strict');
    expect(faultCode(refused)).toBe('1040');
    const corrected = await sendBatch(strict, tooMany.slice(0, 30), 'batch-strict');
    expect(corrected.text).toBe(refused.text);
    expect(await docNumbers(strict)).toEqual([]);

    const expiring = await firm({ requestIdReplay: 'expires', requestIdTtlSeconds: 60 });
    const first = await sendBatch(expiring, invoiceItems(expiring, ['E-1']), 'batch-expires');
    now += 59_000;
    expect((await sendBatch(expiring, invoiceItems(expiring, ['E-1']), 'batch-expires')).text).toBe(first.text);
    now += 1_000;
    await sendBatch(expiring, invoiceItems(expiring, ['E-1']), 'batch-expires');
    expect(await docNumbers(expiring)).toEqual(['E-1', 'E-1']);
  });
});

describe('per-item fault injection (batchItemFault)', () => {
  it('answers the operation with the DocNumber with a Fault under its bId, and runs the others', async () => {
    now = START;
    const f = await firm();
    await arm({ mode: 'batchItemFault', docNumber: 'D-2', detail: 'Select a bank account for this deposit' });
    const r = await sendBatch(f, invoiceItems(f, ['D-1', 'D-2', 'D-3']));
    expect(r.status).toBe(200);
    const [one, two, three] = r.json.BatchItemResponse;
    expect(one).toMatchObject({ bId: 'b1', Invoice: { DocNumber: 'D-1' } });
    expect(two).toEqual({
      bId: 'b2',
      Fault: {
        type: 'ValidationFault',
        Error: [
          {
            code: '6000',
            element: '',
            Message: 'A business validation error has occurred while processing your request',
            Detail: 'Business Validation Error: Select a bank account for this deposit',
          },
        ],
      },
    });
    expect(three).toMatchObject({ bId: 'b3', Invoice: { DocNumber: 'D-3' } });
    expect(await docNumbers(f)).toEqual(['D-1', 'D-3']);
    expect((await control(clocked.base, 'GET', '/stats')).json.injected.batchItemFault).toBe(1);
    // Used up: the same operation sent again runs.
    const retry = await sendBatch(f, invoiceItems(f, ['D-2']));
    expect(retry.json.BatchItemResponse[0].Invoice.DocNumber).toBe('D-2');
  });

  it('hits the Nth operation of the next `count` batches with the code asked for, in QBO wording', async () => {
    now = START;
    const f = await firm();
    await arm({ mode: 'batchItemFault', nth: 2, code: '5010', count: 2, realmId: f.company.realmId });
    const codes = async (docs: string[]) =>
      (await sendBatch(f, invoiceItems(f, docs))).json.BatchItemResponse.map(
        (x: any) => x.Fault?.Error[0].code ?? 'ok',
      );
    const first = await sendBatch(f, invoiceItems(f, ['N-1', 'N-2']));
    expect(first.json.BatchItemResponse[1].Fault.Error[0]).toMatchObject({
      code: '5010',
      Message: 'Stale Object Error',
    });
    expect(await codes(['N-3', 'N-4', 'N-5'])).toEqual(['ok', '5010', 'ok']);
    expect(await codes(['N-6', 'N-7'])).toEqual(['ok', 'ok']);
    expect((await control(clocked.base, 'GET', '/faults')).json.faults).toEqual([]);
    const zeroth = await control(clocked.base, 'POST', '/faults', { mode: 'batchItemFault', nth: 0 });
    expect([zeroth.status, zeroth.json.message]).toEqual([400, 'nth counts operations from 1']);
  });

  it('matches entity and operation when given, and never touches single requests', async () => {
    now = START;
    const f = await firm();
    await arm({ mode: 'batchItemFault', entity: 'Invoice', operation: 'update', code: '610' });
    const single = await api(clocked.base, f.company, 'POST', '/invoice', (invoiceItems(f, ['U-1'])[0] as any).Invoice);
    expect(single.status).toBe(200);
    const invoice = single.json.Invoice;
    const r = await sendBatch(f, [
      ...invoiceItems(f, ['U-2']),
      {
        bId: 'up',
        operation: 'update',
        Invoice: { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, PrivateNote: 'x' },
      },
      { bId: 'cust', operation: 'update', Customer: { Id: f.customerId, SyncToken: '0', sparse: true, Notes: 'y' } },
    ]);
    const [created, updated, customer] = r.json.BatchItemResponse;
    expect(created.Invoice.DocNumber).toBe('U-2');
    expect(updated).toMatchObject({ bId: 'up', Fault: { Error: [{ code: '610', Message: 'Object Not Found' }] } });
    expect(customer.Customer.Notes).toBe('y');
    expect(
      (await api(clocked.base, f.company, 'GET', `/invoice/${invoice.Id}`)).json.Invoice.PrivateNote,
    ).toBeUndefined();
  });

  it('answers XML clients in the shape of batch-response.xml: a Fault under one bId, entities under the others', async () => {
    now = START;
    const f = await firm();
    const real = many(realXml('batch-response.xml').BatchItemResponse) as any[];
    const realFault = real.find((x) => x.Fault);
    const realInvoice = real.find((x) => x.Invoice);
    await arm({ mode: 'batchItemFault', nth: 1, code: '2050', element: 'DocNumber', message: 'Length exceeds limit' });
    const res = await fetch(`${clocked.base}/v3/company/${f.company.realmId}/batch?minorversion=75`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.company.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ BatchItemRequest: invoiceItems(f, ['X-1', 'X-2']) }),
    });
    expect(res.status).toBe(200);
    const xml = parseIntuitXml(await res.text());
    const [fault, invoice] = many(xml.BatchItemResponse) as any[];
    expect(keysOf(fault)).toEqual(keysOf(realFault));
    expect(keysOf(fault.Fault)).toEqual(keysOf(realFault.Fault));
    expect(fault.Fault.type).toBe(realFault.Fault.type);
    expect(keysOf(fault.Fault.Error)).toEqual(keysOf(many(realFault.Fault.Error)[0]));
    expect(fault).toMatchObject({
      bId: 'b1',
      Fault: { Error: { code: '2050', element: 'DocNumber', Message: 'Length exceeds limit' } },
    });
    expect(keysOf(invoice)).toEqual(keysOf(realInvoice));
    expect(invoice.bId).toBe('b2');
    for (const k of Object.keys(realInvoice.Invoice)) expect(invoice.Invoice).toHaveProperty(k);
  });
});

describe('whole-batch faults', () => {
  it('loses the answer of a committed batch (dropAfterCommit); the retry under its requestid gets the answer and nothing twice', async () => {
    now = START;
    const f = await firm();
    await arm({ mode: 'dropAfterCommit', pathContains: '/batch', realmId: f.company.realmId });
    await expect(sendBatch(f, invoiceItems(f, ['Z-1', 'Z-2']), 'lost-batch-1')).rejects.toThrow();
    expect(await docNumbers(f)).toEqual(['Z-1', 'Z-2']);
    const retry = await sendBatch(f, invoiceItems(f, ['Z-1', 'Z-2']), 'lost-batch-1');
    expect(retry.status).toBe(200);
    const stored = (await control(clocked.base, 'GET', `/realms/${f.company.realmId}/Invoice`)).json as any[];
    expect(retry.json.BatchItemResponse.map((x: any) => x.Invoice.Id).sort()).toEqual(stored.map((x) => x.Id).sort());
    expect(await docNumbers(f)).toEqual(['Z-1', 'Z-2']);
    const stats = (await control(clocked.base, 'GET', '/stats')).json;
    expect(stats.injected.dropAfterCommit).toBeGreaterThanOrEqual(1);
    expect(stats.byRealm[f.company.realmId].batch).toMatchObject({ requests: 2, items: 2 });
  });

  it('fails a whole batch with 500 (error500) before anything runs, leaving other paths alone', async () => {
    now = START;
    const f = await firm();
    await arm({ mode: 'error500', pathContains: '/batch', realmId: f.company.realmId, count: 1 });
    expect((await readCompany(f)).status).toBe(200);
    const failed = await sendBatch(f, invoiceItems(f, ['E5-1']), 'batch-500');
    expect(failed.status).toBe(500);
    expect(failed.json.Fault).toMatchObject({ type: 'SystemFault', Error: [{ code: '10000' }] });
    expect(await docNumbers(f)).toEqual([]);
    // A failure is not remembered under the default replay, so the retry under the same id does the work.
    expect((await sendBatch(f, invoiceItems(f, ['E5-1']), 'batch-500')).status).toBe(200);
    expect(await docNumbers(f)).toEqual(['E5-1']);
  });

  it('counts an injected 429 on a batch as a throttled batch', async () => {
    now = START;
    const f = await firm();
    await arm({ mode: 'throttle429', pathContains: '/batch', realmId: f.company.realmId });
    expectThrottled(await queryBatch(f));
    expect((await realmStats(f)).batch).toEqual({ requests: 1, throttled: 1, items: 0, maxItems: 0 });
  });
});
