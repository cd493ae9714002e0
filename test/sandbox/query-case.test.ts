import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, query, serviceItemId, startSandbox, type Company, type Sandbox } from './helpers.js';

// QBO reads entity names, keywords and property names in any case (node-quickbooks has always sent
// `select * from account`; Intuit's examples write `Metadata.LastUpdatedTime`), and answers under the
// entity's own name whatever the statement said.

let sb: Sandbox;
let c: Company;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  for (const name of ['Case Client A', 'Case Client B', 'Case Client C'])
    await api(sb.base, c, 'POST', '/customer', { DisplayName: name });
  const itemId = await serviceItemId(sb.base, c, 'Case Fee');
  const customerId = (await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName = 'Case Client A'")).json
    .QueryResponse.Customer[0].Id;
  await api(sb.base, c, 'POST', '/invoice', {
    CustomerRef: { value: customerId },
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 5,
        SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 5 },
      },
    ],
  });
});
afterAll(async () => {
  await sb.close();
});

describe('queries in any case', () => {
  it('select * from account answers under "Account"', async () => {
    const r = await query(sb.base, c, 'select * from account');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json.QueryResponse)).toEqual(['Account', 'startPosition', 'maxResults']);
    expect(r.json.QueryResponse.Account.map((a: any) => a.Name)).toContain('Services');
  });

  it('SELECT * FROM Customer where DisplayName = ... mixes keyword cases', async () => {
    const r = await query(sb.base, c, "SELECT * FROM Customer where DisplayName = 'Case Client B'");
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse.Customer.map((x: any) => x.DisplayName)).toEqual(['Case Client B']);
  });

  it("Select Count(*) From invoice counts under QBO's own key", async () => {
    const r = await query(sb.base, c, 'Select Count(*) From invoice');
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse).toEqual({ totalCount: 1 });
  });

  it('orderby, desc, startposition and maxresults in lower case page the same as upper case', async () => {
    const lower = await query(
      sb.base,
      c,
      "select * from CUSTOMER where displayname like 'case client%' orderby DisplayName desc startposition 2 maxresults 1",
    );
    const upper = await query(
      sb.base,
      c,
      "SELECT * FROM Customer WHERE DisplayName LIKE 'Case Client%' ORDERBY DisplayName DESC STARTPOSITION 2 MAXRESULTS 1",
    );
    expect(lower.status).toBe(200);
    expect(lower.json.QueryResponse).toEqual(upper.json.QueryResponse);
    expect(lower.json.QueryResponse.Customer.map((x: any) => x.DisplayName)).toEqual(['Case Client B']);
    expect(lower.json.QueryResponse).toMatchObject({ startPosition: 2, maxResults: 1 });
  });

  it('property names in any case: Metadata.LastUpdatedTime, active', async () => {
    const r = await query(
      sb.base,
      c,
      "SELECT * FROM Customer WHERE Metadata.LastUpdatedTime > '2000-01-01T00:00:00-08:00' AND active = true",
    );
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse.Customer).toHaveLength(3);
  });

  it('a POSTed statement in lower case too', async () => {
    const r = await api(sb.base, c, 'POST', '/query', "select * from item where name = 'Case Fee'");
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse.Item.map((x: any) => x.Name)).toEqual(['Case Fee']);
  });
});
