import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  connect,
  control,
  faultCode,
  query,
  servicesAccountId,
  startSandbox,
  type Company,
  type Sandbox,
} from './helpers.js';

let sb: Sandbox;
let c: Company;
let incomeId: string;
let n = 0;
const uniq = (p: string) => `${p} ${++n}`;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  incomeId = await servicesAccountId(sb.base, c);
});
afterAll(async () => {
  await sb.close();
});

const post = (path: string, body: unknown, q: Record<string, string> = {}) => api(sb.base, c, 'POST', path, body, q);
const get = (path: string) => api(sb.base, c, 'GET', path);

async function customer(name = uniq('Client')): Promise<any> {
  const r = await post('/customer', { DisplayName: name });
  expect(r.status).toBe(200);
  return r.json.Customer;
}
async function item(name = uniq('Fee')): Promise<any> {
  const r = await post('/item', { Name: name, Type: 'Service', IncomeAccountRef: { value: incomeId }, UnitPrice: 250 });
  expect(r.status).toBe(200);
  return r.json.Item;
}
function line(itemId: string, qty: number, price: number, amount: number) {
  return {
    DetailType: 'SalesItemLineDetail',
    Amount: amount,
    SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty, UnitPrice: price },
  };
}
function expectValidation(r: { status: number; json: any }, code: string, element?: string): void {
  expect(r.status).toBe(400);
  expect(r.json.Fault.type).toBe('ValidationFault');
  expect(r.json.Fault.Error[0].code).toBe(code);
  expect(typeof r.json.Fault.Error[0].Message).toBe('string');
  expect(typeof r.json.Fault.Error[0].Detail).toBe('string');
  if (element !== undefined) expect(r.json.Fault.Error[0].element).toBe(element);
  expect(typeof r.json.time).toBe('string');
}

describe('CompanyInfo and Account', () => {
  it('reads CompanyInfo by realm id', async () => {
    const r = await get(`/companyinfo/${c.realmId}`);
    expect(r.status).toBe(200);
    expect(r.json.CompanyInfo).toMatchObject({ domain: 'QBO', sparse: false, SyncToken: '0' });
    expect(typeof r.json.CompanyInfo.CompanyName).toBe('string');
  });

  it('seeds a chart of accounts with two Income accounts, Checking and Undeposited Funds', async () => {
    const r = await query(sb.base, c, 'SELECT * FROM Account MAXRESULTS 1000');
    const accounts = r.json.QueryResponse.Account as any[];
    expect(accounts.filter((a) => a.AccountType === 'Income').length).toBeGreaterThanOrEqual(2);
    expect(accounts.find((a) => a.Name === 'Services').AccountType).toBe('Income');
    expect(accounts.find((a) => a.Name === 'Checking').AccountType).toBe('Bank');
    expect(accounts.find((a) => a.Name === 'Undeposited Funds').AccountType).toBe('Other Current Asset');
    const one = await get(`/account/${incomeId}`);
    expect(one.json.Account.Name).toBe('Services');
  });
});

describe('Customer', () => {
  it('creates and reads with QBO envelope fields', async () => {
    const r = await post('/customer', {
      GivenName: 'José',
      FamilyName: 'Müller',
      PrimaryEmailAddr: { Address: 'jm@example.com' },
    });
    expect(r.status).toBe(200);
    const cust = r.json.Customer;
    expect(cust.DisplayName).toBe('José Müller');
    expect(cust).toMatchObject({
      domain: 'QBO',
      sparse: false,
      SyncToken: '0',
      Active: true,
      FullyQualifiedName: 'José Müller',
    });
    expect(cust.Id).toMatch(/^\d+$/);
    expect(cust.MetaData.CreateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/);
    const read = await get(`/customer/${cust.Id}`);
    expect(read.json.Customer).toEqual(cust);
  });

  it('builds DisplayName from the name parts in order', async () => {
    const r = await post('/customer', {
      Title: 'Dr.',
      GivenName: 'Ana',
      MiddleName: 'B.',
      FamilyName: 'Cruz',
      Suffix: 'Jr.',
    });
    expect(r.json.Customer.DisplayName).toBe('Dr. Ana B. Cruz Jr.');
  });

  it('6080 when no name is given at all', async () => {
    expectValidation(await post('/customer', { CompanyName: 'Only A Company' }), '6080');
  });

  it('6240 for a duplicate DisplayName (trimmed, case-insensitive, inactive included) naming the existing id', async () => {
    const first = await customer('Acme Visa Services');
    await post('/customer', { Id: first.Id, SyncToken: first.SyncToken, sparse: true, Active: false });
    const dup = await post('/customer', { DisplayName: '  acme VISA services ' });
    expectValidation(dup, '6240');
    expect(dup.json.Fault.Error[0].Message).toBe('Duplicate Name Exists Error');
    expect(dup.json.Fault.Error[0].Detail).toContain('The name supplied already exists.');
    expect(dup.json.Fault.Error[0].Detail).toContain(`The customer ID is: ${first.Id}`);
  });

  it('rejects a colon in DisplayName', async () => {
    expectValidation(await post('/customer', { DisplayName: 'Parent:Child' }), '6000', 'DisplayName');
  });

  it('2050 for over-long fields with Min/Max in the detail', async () => {
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{ DisplayName: 'x'.repeat(501) }, 'DisplayName', 500],
      [{ DisplayName: uniq('a'), GivenName: 'g'.repeat(101) }, 'GivenName', 100],
      [{ DisplayName: uniq('a'), FamilyName: 'f'.repeat(101) }, 'FamilyName', 100],
      [{ DisplayName: uniq('a'), CompanyName: 'c'.repeat(101) }, 'CompanyName', 100],
      [
        { DisplayName: uniq('a'), PrimaryEmailAddr: { Address: `${'e'.repeat(95)}@x.com` } },
        'PrimaryEmailAddr.Address',
        100,
      ],
      [{ DisplayName: uniq('a'), PrimaryPhone: { FreeFormNumber: '1'.repeat(31) } }, 'PrimaryPhone.FreeFormNumber', 30],
    ];
    for (const [body, element, max] of cases) {
      const r = await post('/customer', body);
      expectValidation(r, '2050', element);
      expect(r.json.Fault.Error[0].Detail).toContain(`Min:0 Max:${max}`);
    }
    // Exactly at the limit is fine.
    expect((await post('/customer', { DisplayName: 'y'.repeat(500) })).status).toBe(200);
  });

  it('2010 for a property QBO does not know', async () => {
    expectValidation(await post('/customer', { DisplayName: uniq('x'), Nickname: 'nope' }), '2010');
  });

  it('sparse update keeps omitted fields, checks SyncToken (5010), full update clears omitted fields', async () => {
    const r = await post('/customer', { DisplayName: uniq('Sparse'), CompanyName: 'Keep Me', Notes: 'n' });
    const cust = r.json.Customer;
    const sparse = await post('/customer', { Id: cust.Id, SyncToken: '0', sparse: true, Notes: 'changed' });
    expect(sparse.status).toBe(200);
    expect(sparse.json.Customer).toMatchObject({ SyncToken: '1', CompanyName: 'Keep Me', Notes: 'changed' });
    const stale = await post('/customer', { Id: cust.Id, SyncToken: '0', sparse: true, Notes: 'again' });
    expectValidation(stale, '5010');
    expect(stale.json.Fault.Error[0].Message).toBe('Stale Object Error');
    const full = await post('/customer', { Id: cust.Id, SyncToken: '1', DisplayName: cust.DisplayName });
    expect(full.json.Customer.SyncToken).toBe('2');
    expect(full.json.Customer.CompanyName).toBeUndefined();
    expect(full.json.Customer.Notes).toBeUndefined();
  });

  it('cannot be deleted, only made inactive', async () => {
    const cust = await customer();
    const r = await post('/customer', { Id: cust.Id, SyncToken: '0' }, { operation: 'delete' });
    expectValidation(r, '500');
    expect(r.json.Fault.Error[0].Message).toBe('Unsupported Operation');
    expect((await get(`/customer/${cust.Id}`)).json.Customer.Active).toBe(true);
    const inactive = await post('/customer', { Id: cust.Id, SyncToken: '0', sparse: true, Active: false });
    expect(inactive.json.Customer).toMatchObject({ Active: false, SyncToken: '1' });
  });

  it('610 Object Not Found when reading an unknown id', async () => {
    const r = await get('/customer/999999');
    expectValidation(r, '610');
    expect(r.json.Fault.Error[0].Message).toBe('Object Not Found');
    // A missing record and an inactive reference share the code; QBO tells them apart by the Detail.
    expect(r.json.Fault.Error[0].Detail).toBe('Object Not Found : Another user has deleted this transaction.');
  });
});

describe('Item', () => {
  it('creates a Service item with its income account ref named', async () => {
    const it = await item('Consultation (initial)');
    expect(it).toMatchObject({
      Type: 'Service',
      Active: true,
      UnitPrice: 250,
      IncomeAccountRef: { value: incomeId, name: 'Services' },
    });
    expect((await get(`/item/${it.Id}`)).json.Item.Name).toBe('Consultation (initial)');
  });

  it('2020 without Name, 2020 for a Service without IncomeAccountRef', async () => {
    expectValidation(await post('/item', { Type: 'Service', IncomeAccountRef: { value: incomeId } }), '2020', 'Name');
    expectValidation(await post('/item', { Name: uniq('NoAcct'), Type: 'Service' }), '2020', 'IncomeAccountRef');
  });

  it('6240 for a duplicate name including inactive items; 2050 over 100 characters', async () => {
    const it = await item('H-1B Petition');
    await post('/item', { Id: it.Id, SyncToken: '0', sparse: true, Active: false });
    const dup = await post('/item', { Name: 'h-1b petition', Type: 'Service', IncomeAccountRef: { value: incomeId } });
    expectValidation(dup, '6240');
    expect(dup.json.Fault.Error[0].Detail).toContain(it.Id);
    expectValidation(
      await post('/item', { Name: 'n'.repeat(101), Type: 'Service', IncomeAccountRef: { value: incomeId } }),
      '2050',
      'Name',
    );
  });

  it('cannot be deleted, only made inactive; a colon in Name is refused', async () => {
    const fee = await item();
    expectValidation(await post('/item', { Id: fee.Id, SyncToken: '0' }, { operation: 'delete' }), '500');
    expect((await get(`/item/${fee.Id}`)).json.Item.Active).toBe(true);
    expect((await post('/item', { Id: fee.Id, SyncToken: '0', sparse: true, Active: false })).json.Item.Active).toBe(
      false,
    );
    expectValidation(
      await post('/item', { Name: 'Filing:Expedited', Type: 'Service', IncomeAccountRef: { value: incomeId } }),
      '6000',
      'Name',
    );
  });

  it('2500 for an unknown account ref, 610 for an inactive one', async () => {
    expectValidation(
      await post('/item', { Name: uniq('BadRef'), Type: 'Service', IncomeAccountRef: { value: '99999' } }),
      '2500',
      'IncomeAccountRef',
    );
    const acct = await post('/account', { Name: uniq('Old Income'), AccountType: 'Income' });
    expect(acct.status).toBe(200);
    await post('/account', { Id: acct.json.Account.Id, SyncToken: '0', sparse: true, Active: false });
    const inactive = await post('/item', {
      Name: uniq('Inactive'),
      Type: 'Service',
      IncomeAccountRef: { value: acct.json.Account.Id },
    });
    expectValidation(inactive, '610');
    expect(inactive.json.Fault.Error[0].Detail).toMatch(/has been made inactive/);
  });
});

describe('Invoice', () => {
  it('computes TotalAmt, Balance, line ids, the subtotal line and names the customer', async () => {
    const cust = await customer("O'Brien & Sons, LLC");
    const fee = await item();
    const r = await post('/invoice', {
      CustomerRef: { value: cust.Id },
      DocNumber: 'INV-1042',
      TxnDate: '2026-11-01',
      DueDate: '2026-12-01',
      Line: [line(fee.Id, 6, 250, 1500), line(fee.Id, 3.5, 75, 262.5), line(fee.Id, 3, 33.33, 99.99)],
    });
    expect(r.status).toBe(200);
    const inv = r.json.Invoice;
    expect(inv).toMatchObject({
      TotalAmt: 1862.49,
      Balance: 1862.49,
      SyncToken: '0',
      DocNumber: 'INV-1042',
      LinkedTxn: [],
      domain: 'QBO',
      sparse: false,
    });
    expect(inv.CustomerRef).toEqual({ value: cust.Id, name: "O'Brien & Sons, LLC" });
    expect(inv.Line.map((l: any) => l.Id)).toEqual(['1', '2', '3', undefined]);
    expect(inv.Line.map((l: any) => l.LineNum)).toEqual([1, 2, 3, undefined]);
    expect(inv.Line[3]).toEqual({ Amount: 1862.49, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
    expect(inv.Line[0].SalesItemLineDetail.ItemRef.name).toBe(fee.Name);
    expect((await get(`/invoice/${inv.Id}`)).json.Invoice).toEqual(inv);
  });

  it('2020 without CustomerRef or without lines', async () => {
    const fee = await item();
    expectValidation(await post('/invoice', { Line: [line(fee.Id, 1, 10, 10)] }), '2020', 'CustomerRef');
    const cust = await customer();
    expectValidation(await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [] }), '2020', 'Line');
  });

  it('2500 for an unknown customer or item, 610 for inactive ones', async () => {
    const cust = await customer();
    const fee = await item();
    expectValidation(
      await post('/invoice', { CustomerRef: { value: '424242' }, Line: [line(fee.Id, 1, 10, 10)] }),
      '2500',
    );
    expectValidation(
      await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line('424242', 1, 10, 10)] }),
      '2500',
    );
    const gone = await customer();
    await post('/customer', { Id: gone.Id, SyncToken: '0', sparse: true, Active: false });
    expectValidation(
      await post('/invoice', { CustomerRef: { value: gone.Id }, Line: [line(fee.Id, 1, 10, 10)] }),
      '610',
      'CustomerRef',
    );
    const old = await item();
    await post('/item', { Id: old.Id, SyncToken: '0', sparse: true, Active: false });
    expectValidation(
      await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line(old.Id, 1, 10, 10)] }),
      '610',
    );
  });

  it('6070 when Amount is not round(Qty x UnitPrice, 2); 2290 for a negative line', async () => {
    const cust = await customer();
    const fee = await item();
    const r = await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line(fee.Id, 3, 33.33, 100)] });
    expectValidation(r, '6070');
    expect(r.json.Fault.Error[0].Message).toBe('Amount calculation incorrect');
    // 0.1 x 3 is 0.30000000000000004 in floats; QBO's decimal arithmetic accepts 0.3.
    expect(
      (await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line(fee.Id, 3, 0.1, 0.3)] })).status,
    ).toBe(200);
    expect(
      (await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line(fee.Id, 1, 10.005, 10.01)] })).status,
    ).toBe(200);
    expectValidation(
      await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line(fee.Id, -1, 10, -10)] }),
      '2290',
    );
  });

  it('2050 for a DocNumber over 21 characters, 6140 for a duplicate unless allowed', async () => {
    const cust = await customer();
    const fee = await item();
    const body = (doc: string) => ({
      CustomerRef: { value: cust.Id },
      DocNumber: doc,
      Line: [line(fee.Id, 1, 10, 10)],
    });
    const long = await post('/invoice', body('D'.repeat(22)));
    expectValidation(long, '2050', 'DocNumber');
    expect(long.json.Fault.Error[0].Detail).toContain('Max:21');
    expect((await post('/invoice', body('D'.repeat(21)))).status).toBe(200);
    expectValidation(await post('/invoice', body('D'.repeat(21))), '6140', 'DocNumber');
    expect((await post('/invoice', body('D'.repeat(21)), { include: 'allowduplicatedocnum' })).status).toBe(200);
  });

  it('2060/2070 for dates that are not valid YYYY-MM-DD', async () => {
    const cust = await customer();
    const fee = await item();
    const body = (extra: object) => ({ CustomerRef: { value: cust.Id }, Line: [line(fee.Id, 1, 10, 10)], ...extra });
    expectValidation(await post('/invoice', body({ TxnDate: '11/01/2026' })), '2060', 'TxnDate');
    expectValidation(await post('/invoice', body({ DueDate: '2026-02-30' })), '2070', 'DueDate');
  });

  it('sparse update replaces lines, bumps SyncToken, and 5010s a stale token', async () => {
    const cust = await customer();
    const fee = await item();
    const inv = (await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line(fee.Id, 1, 10, 10)] })).json
      .Invoice;
    const upd = await post('/invoice', {
      Id: inv.Id,
      SyncToken: inv.SyncToken,
      sparse: true,
      Line: [line(fee.Id, 2, 10, 20)],
    });
    expect(upd.status).toBe(200);
    expect(upd.json.Invoice).toMatchObject({ SyncToken: '1', TotalAmt: 20, Balance: 20, DocNumber: inv.DocNumber });
    expectValidation(await post('/invoice', { Id: inv.Id, SyncToken: '0', sparse: true, PrivateNote: 'late' }), '5010');
  });

  it('voids (amounts zeroed, "Voided" note) and deletes', async () => {
    const cust = await customer();
    const fee = await item();
    const inv = (
      await post('/invoice', {
        CustomerRef: { value: cust.Id },
        PrivateNote: 'matter 7',
        Line: [line(fee.Id, 1, 10, 10)],
      })
    ).json.Invoice;
    const voided = await post('/invoice', { Id: inv.Id, SyncToken: '0' }, { operation: 'void' });
    expect(voided.status).toBe(200);
    expect(voided.json.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0, SyncToken: '1' });
    expect(voided.json.Invoice.PrivateNote).toMatch(/^Voided/);
    const inv2 = (await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line(fee.Id, 1, 10, 10)] })).json
      .Invoice;
    const del = await post('/invoice', { Id: inv2.Id, SyncToken: '0' }, { operation: 'delete' });
    expect(del.status).toBe(200);
    expect(del.json.Invoice).toMatchObject({ status: 'Deleted', Id: inv2.Id });
    expectValidation(await get(`/invoice/${inv2.Id}`), '610');
  });
});

describe('PaymentMethod', () => {
  it('has seeded methods and enforces unique names', async () => {
    const r = await query(sb.base, c, 'SELECT * FROM PaymentMethod');
    expect(r.json.QueryResponse.PaymentMethod.map((m: any) => m.Name)).toContain('Check');
    const made = await post('/paymentmethod', { Name: 'Wire', Type: 'NON_CREDIT_CARD' });
    expect(made.status).toBe(200);
    expectValidation(await post('/paymentmethod', { Name: 'wire' }), '6240');
  });
});

describe('bookkeeper control routes', () => {
  it('create with the same rules and list every stored object including inactive ones', async () => {
    const made = await control(sb.base, 'POST', `/realms/${c.realmId}/Customer`, { DisplayName: 'Walk-in Client' });
    expect(made.status).toBe(201);
    expect(made.json.DisplayName).toBe('Walk-in Client');
    const dup = await control(sb.base, 'POST', `/realms/${c.realmId}/Customer`, { DisplayName: 'walk-in client' });
    expect(dup.status).toBe(400);
    expect(dup.json.Fault.Error[0].code).toBe('6240');
    await control(sb.base, 'POST', `/realms/${c.realmId}/Customer/${made.json.Id}`, { Active: false });
    const all = await control(sb.base, 'GET', `/realms/${c.realmId}/Customer`);
    expect(all.json.find((x: any) => x.Id === made.json.Id)).toMatchObject({ Active: false, SyncToken: '1' });
    expect(faultCode(await post('/customer', { Id: made.json.Id, SyncToken: '0', sparse: true, Notes: 'x' }))).toBe(
      '5010',
    );
  });
});
