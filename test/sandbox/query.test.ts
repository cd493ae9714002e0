import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, faultCode, query, startSandbox, type Company, type Sandbox } from './helpers.js';

let sb: Sandbox;
let c: Company;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  for (const name of [
    "O'Brien & Sons, LLC",
    'José Müller',
    'Back\\slash\\',
    'Alpha Corp',
    'alpha partners',
    'Beta LLC',
  ]) {
    const r = await api(sb.base, c, 'POST', '/customer', { DisplayName: name });
    expect(r.status).toBe(200);
  }
  const beta = (await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName = 'Beta LLC'")).json.QueryResponse
    .Customer[0];
  await api(sb.base, c, 'POST', '/customer', { Id: beta.Id, SyncToken: beta.SyncToken, sparse: true, Active: false });
});
afterAll(async () => {
  await sb.close();
});

describe('query language', () => {
  it('accepts POST with application/text', async () => {
    const r = await api(
      sb.base,
      c,
      'POST',
      '/query',
      "select * from Customer where DisplayName = 'O\\'Brien & Sons, LLC'",
    );
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse.Customer).toHaveLength(1);
  });

  it('hides inactive name-list records unless Active is mentioned', async () => {
    const names = (r: any) => (r.json.QueryResponse.Customer ?? []).map((x: any) => x.DisplayName);
    expect(names(await query(sb.base, c, 'SELECT * FROM Customer'))).not.toContain('Beta LLC');
    expect(names(await query(sb.base, c, 'SELECT * FROM Customer WHERE Active IN (true, false)'))).toContain(
      'Beta LLC',
    );
    expect(names(await query(sb.base, c, 'SELECT * FROM Customer WHERE Active = false'))).toEqual(['Beta LLC']);
  });

  it('LIKE with %, case-insensitive; ORDERBY DESC; IN; COUNT', async () => {
    const like = await query(
      sb.base,
      c,
      "SELECT * FROM Customer WHERE DisplayName LIKE 'alpha%' ORDERBY DisplayName DESC",
    );
    expect(like.json.QueryResponse.Customer.map((x: any) => x.DisplayName)).toEqual(['alpha partners', 'Alpha Corp']);
    const underscore = await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName LIKE 'Alph_ Corp'");
    expect(underscore.json.QueryResponse).toEqual({});
    const ids = like.json.QueryResponse.Customer.map((x: any) => `'${x.Id}'`).join(',');
    const inq = await query(sb.base, c, `SELECT * FROM Customer WHERE Id IN (${ids})`);
    expect(inq.json.QueryResponse.Customer).toHaveLength(2);
    const count = await query(sb.base, c, "SELECT COUNT(*) FROM Customer WHERE DisplayName LIKE '%a%'");
    // Back\slash, Alpha Corp, alpha partners; the inactive Beta LLC is not counted.
    expect(count.json.QueryResponse).toEqual({ totalCount: 3 });
  });

  it('WHERE joins conditions with AND, and compares with =, <, >, <=, >=', async () => {
    const all = (await query(sb.base, c, 'SELECT * FROM Customer ORDERBY Id')).json.QueryResponse.Customer as any[];
    const [id1, id2, , id4] = all.map((x) => x.Id as string);
    const names = async (where: string) =>
      (
        (await query(sb.base, c, `SELECT * FROM Customer WHERE ${where} ORDERBY Id`)).json.QueryResponse.Customer ?? []
      ).map((x: any) => x.DisplayName);
    expect(await names(`Id < '${id2}'`)).toEqual([all[0].DisplayName]);
    expect(await names(`Id > '${id2}' AND Id <= '${id4}'`)).toEqual([all[2].DisplayName, all[3].DisplayName]);
    expect(await names(`Id >= '${id4}' AND DisplayName LIKE 'alpha%'`)).toEqual(['Alpha Corp', 'alpha partners']);
    expect(await names(`Id = '${id1}' AND DisplayName = 'nobody'`)).toEqual([]);
    expect(await names("Active = false AND DisplayName = 'Beta LLC'")).toEqual(['Beta LLC']);
  });

  it('filters on MetaData.LastUpdatedTime', async () => {
    const future = await query(
      sb.base,
      c,
      "SELECT * FROM Customer WHERE MetaData.LastUpdatedTime > '2999-01-01T00:00:00-08:00'",
    );
    expect(future.json.QueryResponse).toEqual({});
    const past = await query(
      sb.base,
      c,
      "SELECT * FROM Customer WHERE MetaData.LastUpdatedTime >= '2000-01-01T00:00:00-08:00'",
    );
    expect(past.json.QueryResponse.Customer.length).toBe(5);
  });

  it('answers an empty result as an empty QueryResponse', async () => {
    const r = await query(sb.base, c, "SELECT * FROM Invoice WHERE DocNumber = 'none'");
    expect(r.json).toMatchObject({ QueryResponse: {} });
    expect(Object.keys(r.json.QueryResponse)).toHaveLength(0);
  });

  it.each([
    ["SELECT * FROM Customer WHERE DisplayName = 'a' OR DisplayName = 'b'"],
    ['SELECT * FROM Customer JOIN Invoice'],
    ['SELECT * FROM Customer GROUP BY DisplayName'],
    ['SELECT DisplayName FROM Customer'],
    ['SELECT * FROM Customer WHERE DisplayName = \u2018Beta\u2019'],
    ["SELECT * FROM Customer WHERE DisplayName = 'unterminated"],
  ])('4000 QueryParserError for %s', async (statement) => {
    const r = await query(sb.base, c, statement);
    expect(r.status).toBe(400);
    expect(faultCode(r)).toBe('4000');
    expect(r.json.Fault.Error[0].Detail).toMatch(/^QueryParserError: /);
  });

  it('an entity QBO does not have is 4001 QueryValidationError', async () => {
    const r = await query(sb.base, c, 'SELECT * FROM Customers');
    expect(r.status).toBe(400);
    expect(faultCode(r)).toBe('4001');
    expect(r.json.Fault.Error[0].Detail).toMatch(/^QueryValidationError: /);
  });
});
