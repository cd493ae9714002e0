import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  connect,
  faultCode,
  serviceItemId,
  startSandbox,
  type ApiResult,
  type Company,
  type Sandbox,
} from './helpers.js';

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
