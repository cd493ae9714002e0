import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  connect,
  control,
  faultCode,
  query,
  servicesAccountId,
  startSandbox,
  type ApiResult,
  type Company,
  type Sandbox,
} from './helpers.js';

// QBO §2.2: customers, vendors and employees share one DisplayName namespace, inactive records included.

let sb: Sandbox;
let c: Company;
let n = 0;
const uniq = (p: string) => `${p} ${++n}`;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
});
afterAll(async () => {
  await sb.close();
});

const post = (path: string, body: unknown, q: Record<string, string> = {}) => api(sb.base, c, 'POST', path, body, q);
const get = (path: string) => api(sb.base, c, 'GET', path);

async function created(path: string, body: unknown, entity: string): Promise<any> {
  const r = await post(path, body);
  expect(r.status).toBe(200);
  return r.json[entity];
}

/** The name in another case with padding: QBO trims and ignores case when it compares names. */
const disguised = (name: string) => `  ${name.toUpperCase()}   `;

function expectClash(r: ApiResult, kind: string, id: string): void {
  expect(r.status).toBe(400);
  expect(r.json.Fault.type).toBe('ValidationFault');
  expect(r.json.Fault.Error[0]).toMatchObject({ code: '6240', Message: 'Duplicate Name Exists Error' });
  expect(r.json.Fault.Error[0].Detail).toBe(
    `The name supplied already exists. : Another ${kind} is already using this name. Please use a different name. The ${kind} ID is: ${id}`,
  );
}

describe('a customer clashing with a vendor or an employee', () => {
  it('6240 naming the vendor id when a vendor holds the name in any case and spacing', async () => {
    const name = uniq('Harbor Couriers');
    const vendor = await created('/vendor', { DisplayName: name }, 'Vendor');
    expectClash(await post('/customer', { DisplayName: disguised(name) }), 'vendor', vendor.Id);
  });

  it('6240 naming the employee id when an employee holds the name', async () => {
    const name = uniq('Maria Lopez');
    const employee = await created('/employee', { DisplayName: name }, 'Employee');
    expectClash(await post('/customer', { DisplayName: disguised(name) }), 'employee', employee.Id);
  });

  it('an inactive vendor still holds its name', async () => {
    const name = uniq('Dormant Supplies');
    const vendor = await created('/vendor', { DisplayName: name }, 'Vendor');
    const off = await post('/vendor', { Id: vendor.Id, SyncToken: vendor.SyncToken, sparse: true, Active: false });
    expect(off.json.Vendor.Active).toBe(false);
    expectClash(await post('/customer', { DisplayName: name }), 'vendor', vendor.Id);
  });

  it('6240 when a customer is renamed to a vendor name; keeping its own name is fine', async () => {
    const name = uniq('Northwind Legal');
    const vendor = await created('/vendor', { DisplayName: name }, 'Vendor');
    const customer = await created('/customer', { DisplayName: uniq('Northwind Client') }, 'Customer');
    expectClash(
      await post('/customer', { Id: customer.Id, SyncToken: customer.SyncToken, sparse: true, DisplayName: name }),
      'vendor',
      vendor.Id,
    );
    const kept = await post('/customer', {
      Id: customer.Id,
      SyncToken: customer.SyncToken,
      sparse: true,
      Notes: 'same name',
    });
    expect(kept.status).toBe(200);
  });

  it('a name built from the name parts is checked too', async () => {
    const family = uniq('Okafor');
    const employee = await created('/employee', { GivenName: 'Ada', FamilyName: family }, 'Employee');
    expect(employee.DisplayName).toBe(`Ada ${family}`);
    expectClash(await post('/customer', { GivenName: 'ada', FamilyName: family }), 'employee', employee.Id);
  });
});

describe('a vendor or an employee clashing with the others', () => {
  it('6240 naming the customer id when a customer holds the name', async () => {
    const name = uniq('Bluebird Bakery');
    const customer = await created('/customer', { DisplayName: name }, 'Customer');
    expectClash(await post('/vendor', { DisplayName: disguised(name) }), 'customer', customer.Id);
  });

  it('6240 between a vendor and an employee, either way round', async () => {
    const name = uniq('Sam Reyes');
    const employee = await created('/employee', { DisplayName: name }, 'Employee');
    expectClash(await post('/vendor', { DisplayName: name }), 'employee', employee.Id);
    const other = uniq('Lee Park');
    const vendor = await created('/vendor', { DisplayName: other }, 'Vendor');
    expectClash(await post('/employee', { DisplayName: other }), 'vendor', vendor.Id);
  });

  it('6240 between two vendors', async () => {
    const name = uniq('Twin Freight');
    const vendor = await created('/vendor', { DisplayName: name }, 'Vendor');
    expectClash(await post('/vendor', { DisplayName: disguised(name) }), 'vendor', vendor.Id);
  });

  it('different names pass, and an item may share a person name as before', async () => {
    const base = uniq('Distinct');
    await created('/customer', { DisplayName: `${base} Customer` }, 'Customer');
    await created('/vendor', { DisplayName: `${base} Vendor` }, 'Vendor');
    await created('/employee', { DisplayName: `${base} Employee` }, 'Employee');
    const income = await servicesAccountId(sb.base, c);
    const item = await post('/item', { Name: `${base} Vendor`, Type: 'Service', IncomeAccountRef: { value: income } });
    expect(item.status).toBe(200);
  });
});

describe('Vendor and Employee as entities', () => {
  it('create and read back with the QBO envelope; DisplayName defaults from the name parts', async () => {
    const family = uniq('Brandt');
    const vendor = await created(
      '/vendor',
      { Title: 'Ms.', GivenName: 'Ilse', FamilyName: family, CompanyName: 'Brandt GmbH' },
      'Vendor',
    );
    expect(vendor).toMatchObject({
      DisplayName: `Ms. Ilse ${family}`,
      PrintOnCheckName: 'Brandt GmbH',
      Active: true,
      SyncToken: '0',
      domain: 'QBO',
    });
    expect((await get(`/vendor/${vendor.Id}`)).json.Vendor).toEqual(vendor);
    const employee = await created(
      '/employee',
      { GivenName: 'Tomas', FamilyName: uniq('Novak'), HiredDate: '2025-03-01' },
      'Employee',
    );
    expect((await get(`/employee/${employee.Id}`)).json.Employee).toEqual(employee);
  });

  it('6080 with no name, 6000 for a colon, 2050 over 500 characters', async () => {
    expect(faultCode(await post('/vendor', { CompanyName: 'Nameless Ltd' }))).toBe('6080');
    expect(faultCode(await post('/employee', { Organization: false }))).toBe('6080');
    expect(faultCode(await post('/vendor', { DisplayName: 'Parent:Child' }))).toBe('6000');
    expect(faultCode(await post('/employee', { DisplayName: 'x'.repeat(501) }))).toBe('2050');
  });

  it('are not deletable, as names in QBO are only made inactive', async () => {
    const vendor = await created('/vendor', { DisplayName: uniq('Permanent Vendor') }, 'Vendor');
    const r = await post('/vendor', { Id: vendor.Id, SyncToken: vendor.SyncToken }, { operation: 'delete' });
    expect(r.status).toBe(400);
    expect((await get(`/vendor/${vendor.Id}`)).status).toBe(200);
  });

  it('Vendor queries by DisplayName return active vendors unless the WHERE mentions Active', async () => {
    const name = uniq("O'Brien Haulage");
    const vendor = await created('/vendor', { DisplayName: name }, 'Vendor');
    const escaped = name.replace(/'/g, "\\'");
    const found = await query(sb.base, c, `SELECT * FROM Vendor WHERE DisplayName = '${escaped}'`);
    expect(found.json.QueryResponse.Vendor.map((v: any) => v.Id)).toEqual([vendor.Id]);

    await post('/vendor', { Id: vendor.Id, SyncToken: vendor.SyncToken, sparse: true, Active: false });
    expect(
      (await query(sb.base, c, `SELECT * FROM Vendor WHERE DisplayName = '${escaped}'`)).json.QueryResponse,
    ).toEqual({});
    const all = await query(
      sb.base,
      c,
      `SELECT * FROM Vendor WHERE DisplayName = '${escaped}' AND Active IN (true, false)`,
    );
    expect(all.json.QueryResponse.Vendor.map((v: any) => v.Active)).toEqual([false]);
  });

  it('Employee is queryable', async () => {
    const name = uniq('Queried Employee');
    const employee = await created('/employee', { DisplayName: name }, 'Employee');
    const r = await query(sb.base, c, `SELECT * FROM Employee WHERE DisplayName = '${name}'`);
    expect(r.json.QueryResponse.Employee.map((e: any) => e.Id)).toEqual([employee.Id]);
  });

  it('show up in CDC and in per-endpoint stats like any other entity', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const vendor = await created('/vendor', { DisplayName: uniq('Tracked Vendor') }, 'Vendor');
    const cdc = await api(sb.base, c, 'GET', '/cdc', undefined, { entities: 'Vendor,Employee', changedSince: since });
    const ids = cdc.json.CDCResponse[0].QueryResponse[0].Vendor.map((v: any) => v.Id);
    expect(ids).toContain(vendor.Id);
    const stats = await control(sb.base, 'GET', '/stats');
    expect(stats.json.byRealm[c.realmId].byEndpoint['POST /vendor']).toBeGreaterThan(0);
  });
});

describe('bookkeeper control routes', () => {
  it('create a vendor under the same rules and list it', async () => {
    const name = uniq('Bookkeeper Vendor');
    const r = await control(sb.base, 'POST', `/realms/${c.realmId}/Vendor`, { DisplayName: name });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ DisplayName: name, Active: true });
    const listed = await control(sb.base, 'GET', `/realms/${c.realmId}/Vendor`);
    expect(listed.json.map((v: any) => v.Id)).toContain(r.json.Id);
    expectClash(await post('/customer', { DisplayName: name }), 'vendor', r.json.Id);
  });

  it('refuse an employee whose name a customer holds', async () => {
    const name = uniq('Shared Name');
    const customer = await created('/customer', { DisplayName: name }, 'Customer');
    const r = await control(sb.base, 'POST', `/realms/${c.realmId}/Employee`, { DisplayName: name });
    expect(r.status).toBe(400);
    expect(r.json.Fault.Error[0].Detail).toContain(`The customer ID is: ${customer.Id}`);
  });
});
