import { createRequire } from 'node:module';
import type { BatchItemRequest, QuickBooks as QuickBooksClient, QuickBooksCallback } from 'node-quickbooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, connect, startSandbox, type Company, type Sandbox } from './helpers.js';

// An unmodified third-party QBO client, node-quickbooks (pinned in package.json's devDependencies), driven
// against the sandbox with its own methods. It is pointed here through its public static setting
// `QuickBooks.V3_ENDPOINT_BASE_URL` and authenticates with an OAuth 2.0 access token from the sandbox's own flow.
//
// The package is CommonJS (`module.exports = QuickBooks`) while its index.d.ts declares `export default`, which
// TypeScript's NodeNext resolution reads as `module.exports.default`: the class is loaded with require, and only
// the types come from the import.
const QuickBooks = createRequire(import.meta.url)('node-quickbooks') as typeof QuickBooksClient;

const T0 = Date.UTC(2026, 10, 2, 17, 0, 0);
let now = T0;
let sb: Sandbox;
let defaultEndpoint: string;

beforeAll(async () => {
  sb = await startSandbox({ now: () => now });
  defaultEndpoint = QuickBooks.V3_ENDPOINT_BASE_URL;
  QuickBooks.V3_ENDPOINT_BASE_URL = `${sb.base}/v3/company/`;
});
afterAll(async () => {
  QuickBooks.V3_ENDPOINT_BASE_URL = defaultEndpoint;
  await sb.close();
});

/** A fresh company, connected through the sandbox's OAuth flow, and a node-quickbooks client for it. */
async function client(): Promise<{ company: Company; qbo: QuickBooksClient }> {
  const company = await connect(sb.base);
  const qbo = new QuickBooks(
    CLIENT_ID,
    CLIENT_SECRET,
    company.accessToken,
    false, // no OAuth 1.0a token secret
    company.realmId,
    true, // useSandbox: take V3_ENDPOINT_BASE_URL as it is
    false,
    null, // minorversion: the library's default, 75
    '2.0',
    company.refreshToken,
  );
  return { company, qbo };
}

function explain(err: unknown): string {
  const e = err as { response?: { status: number; data: unknown }; config?: { method?: string; url?: string } };
  if (e.response)
    return `${e.response.status} ${e.config?.method} ${e.config?.url}: ${JSON.stringify(e.response.data)}`;
  return JSON.stringify(err);
}

/** Resolves with what one of the library's callback methods hands its callback; rejects when it reports an error. */
function call<T = any>(run: (callback: QuickBooksCallback<any>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    run((err, data) => {
      if (err) reject(new Error(`node-quickbooks reported an error: ${explain(err)}`));
      else resolve(data as T);
    });
  });
}

/** Resolves with the error the library hands its callback; rejects if the call succeeded. */
function failure(run: (callback: QuickBooksCallback<any>) => void): Promise<any> {
  return new Promise((resolve, reject) => {
    run((err, data) => {
      if (err) resolve(err);
      else reject(new Error(`expected an error, got ${JSON.stringify(data)}`));
    });
  });
}

/** The Fault the sandbox answered, as the library passes it on (an axios error carrying the response). */
function faultOf(err: any): { status: number; code: string; message: string } {
  return {
    status: err.response?.status,
    code: err.response?.data?.Fault?.Error?.[0]?.code,
    message: err.response?.data?.Fault?.Error?.[0]?.Message,
  };
}

/** The query statements the sandbox received for a realm, in order. */
async function statements(company: Company): Promise<string[]> {
  const res = await fetch(`${sb.base}/__sandbox/requests?realmId=${company.realmId}`);
  const log = (await res.json()) as { path: string; query: Record<string, string> }[];
  return log.filter((e) => e.path.endsWith('/query')).map((e) => e.query['query'] ?? '');
}

/** A Service item on the seeded "Services" income account, found and created through the library. */
async function serviceItem(qbo: QuickBooksClient, name: string): Promise<string> {
  const accounts = await call((cb) => qbo.findAccounts({ Name: 'Services' }, cb));
  const income = accounts.QueryResponse.Account[0].Id as string;
  const item = await call((cb) =>
    qbo.createItem({ Name: name, Type: 'Service', IncomeAccountRef: { value: income } }, cb),
  );
  expect(item).toMatchObject({ Name: name, Type: 'Service', IncomeAccountRef: { value: income, name: 'Services' } });
  return item.Id;
}

function salesLine(itemId: string, qty: number, unitPrice: number) {
  return {
    DetailType: 'SalesItemLineDetail',
    Amount: qty * unitPrice,
    SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty, UnitPrice: unitPrice },
  };
}

describe('node-quickbooks query methods', () => {
  it('sends its lower-case statements to the sandbox and reads the answers', async () => {
    now = T0;
    const { company, qbo } = await client();
    expect(qbo.endpoint).toBe(`${sb.base}/v3/company/`);
    for (const DisplayName of ['Acme Immigration', 'Acme Visa Services', "O'Brien & Sons", 'Zenith Law']) {
      expect(await call((cb) => qbo.createCustomer({ DisplayName }, cb))).toMatchObject({ DisplayName });
    }

    const accounts = await call((cb) => qbo.findAccounts({ Name: 'Services' }, cb));
    expect(accounts.QueryResponse.Account).toHaveLength(1);
    expect(accounts.QueryResponse.Account[0]).toMatchObject({ Name: 'Services', AccountType: 'Income' });
    const allAccounts = await call((cb) => qbo.findAccounts(cb));
    expect(allAccounts.QueryResponse.Account.map((a: any) => a.Name).sort()).toEqual([
      'Accounts Receivable (A/R)',
      'Checking',
      'Sales of Product Income',
      'Services',
      'Undeposited Funds',
    ]);

    // An apostrophe the library escapes as \' and an & it percent-encodes.
    const obrien = await call((cb) => qbo.findCustomers({ DisplayName: "O'Brien & Sons" }, cb));
    expect(obrien.QueryResponse.Customer.map((c: any) => c.DisplayName)).toEqual(["O'Brien & Sons"]);

    const like = await call((cb) =>
      qbo.findCustomers(
        [
          { field: 'DisplayName', value: 'Acme%', operator: 'LIKE' },
          { field: 'desc', value: 'DisplayName' },
        ],
        cb,
      ),
    );
    expect(like.QueryResponse.Customer.map((c: any) => c.DisplayName)).toEqual([
      'Acme Visa Services',
      'Acme Immigration',
    ]);

    const count = await call((cb) => qbo.findCustomers({ count: true }, cb));
    expect(count.QueryResponse.totalCount).toBe(4);

    // fetchAll pages with startposition/maxresults until a page comes back short.
    const paged = await call((cb) => qbo.findCustomers({ fetchAll: true, limit: 3, asc: 'DisplayName' }, cb));
    expect(paged.QueryResponse.Customer.map((c: any) => c.DisplayName)).toEqual([
      'Acme Immigration',
      'Acme Visa Services',
      "O'Brien & Sons",
      'Zenith Law',
    ]);

    expect(await statements(company)).toEqual([
      "select * from account where Name = 'Services' startposition 1 maxresults 1000",
      'select * from account',
      "select * from customer where DisplayName = 'O\\'Brien & Sons' startposition 1 maxresults 1000",
      "select * from customer where DisplayName LIKE 'Acme%' orderby DisplayName desc startposition 1 maxresults 1000",
      'select count(*) from customer startposition 1 maxresults 1000',
      'select * from customer orderby DisplayName asc startposition 1 maxresults 3',
      'select * from customer orderby DisplayName asc startposition 4 maxresults 3',
    ]);
  });
});

describe('node-quickbooks CRUD methods', () => {
  it('creates, reads and sparse-updates a Customer, refusing a stale SyncToken', async () => {
    now = T0;
    const { qbo } = await client();
    const created = await call((cb) =>
      qbo.createCustomer(
        {
          DisplayName: 'Maria Lopez',
          GivenName: 'Maria',
          FamilyName: 'Lopez',
          PrimaryEmailAddr: { Address: 'maria@example.com' },
        },
        cb,
      ),
    );
    expect(created).toMatchObject({ DisplayName: 'Maria Lopez', GivenName: 'Maria', SyncToken: '0', Active: true });
    expect(created.Id).toMatch(/^\d+$/);

    const read = await call((cb) => qbo.getCustomer(created.Id, cb));
    expect(read).toMatchObject({
      Id: created.Id,
      SyncToken: '0',
      DisplayName: 'Maria Lopez',
      FamilyName: 'Lopez',
      PrimaryEmailAddr: { Address: 'maria@example.com' },
    });

    // updateCustomer sends sparse: true itself; the fields left out must survive.
    const updated = await call((cb) =>
      qbo.updateCustomer({ Id: created.Id, SyncToken: read.SyncToken, Notes: 'Retainer on file' }, cb),
    );
    expect(updated).toMatchObject({
      Id: created.Id,
      SyncToken: '1',
      Notes: 'Retainer on file',
      DisplayName: 'Maria Lopez',
      GivenName: 'Maria',
      PrimaryEmailAddr: { Address: 'maria@example.com' },
    });
    expect((await call((cb) => qbo.getCustomer(created.Id, cb))).Notes).toBe('Retainer on file');

    const stale = await failure((cb) => qbo.updateCustomer({ Id: created.Id, SyncToken: '0', Notes: 'late' }, cb));
    expect(faultOf(stale)).toMatchObject({ status: 400, code: '5010', message: 'Stale Object Error' });

    const missing = await failure((cb) => qbo.getCustomer('999999', cb));
    expect(faultOf(missing)).toMatchObject({ status: 400, code: '610', message: 'Object Not Found' });
  });

  it('creates an Invoice for an Item, reads it back, voids one and deletes another', async () => {
    now = T0;
    const { qbo } = await client();
    const itemId = await serviceItem(qbo, 'Consultation');
    const customer = await call((cb) => qbo.createCustomer({ DisplayName: 'Chen Wei' }, cb));

    const invoice = await call((cb) =>
      qbo.createInvoice(
        { CustomerRef: { value: customer.Id }, Line: [salesLine(itemId, 2, 150), salesLine(itemId, 1, 75)] },
        cb,
      ),
    );
    expect(invoice).toMatchObject({
      CustomerRef: { value: customer.Id, name: 'Chen Wei' },
      TotalAmt: 375,
      Balance: 375,
      SyncToken: '0',
    });
    const read = await call((cb) => qbo.getInvoice(invoice.Id, cb));
    expect(read).toMatchObject({ Id: invoice.Id, DocNumber: invoice.DocNumber, TotalAmt: 375, Balance: 375 });
    const lines = read.Line.filter((l: any) => l.DetailType === 'SalesItemLineDetail');
    expect(lines.map((l: any) => [l.Amount, l.SalesItemLineDetail.ItemRef.value, l.SalesItemLineDetail.Qty])).toEqual([
      [300, itemId, 2],
      [75, itemId, 1],
    ]);

    // voidInvoice with the entity posts ?operation=void; the library hands back the raw { Invoice } answer.
    const voided = await call((cb) => qbo.voidInvoice({ Id: read.Id, SyncToken: read.SyncToken }, cb));
    expect(voided.Invoice).toMatchObject({ Id: invoice.Id, SyncToken: '1', TotalAmt: 0, Balance: 0 });
    expect(voided.Invoice.PrivateNote).toMatch(/^Voided/);
    expect(await call((cb) => qbo.getInvoice(invoice.Id, cb))).toMatchObject({ TotalAmt: 0, SyncToken: '1' });

    // deleteInvoice with only the Id reads the invoice first, then posts it with ?operation=delete.
    const doomed = await call((cb) =>
      qbo.createInvoice({ CustomerRef: { value: customer.Id }, Line: [salesLine(itemId, 1, 40)] }, cb),
    );
    expect(doomed.TotalAmt).toBe(40);
    const deleted = await call((cb) => qbo.deleteInvoice(doomed.Id, cb));
    expect(deleted.Invoice).toEqual({ domain: 'QBO', status: 'Deleted', Id: doomed.Id });
    expect(faultOf(await failure((cb) => qbo.getInvoice(doomed.Id, cb)))).toMatchObject({ status: 400, code: '610' });

    const left = await call((cb) => qbo.findInvoices({ CustomerRef: customer.Id }, cb));
    expect(left.QueryResponse.Invoice.map((i: any) => [i.Id, i.TotalAmt])).toEqual([[invoice.Id, 0]]);
  });
});

describe('node-quickbooks changeDataCapture', () => {
  it('returns the Customers and Invoices changed since the moment asked, deletions as stubs', async () => {
    now = T0;
    const { qbo } = await client();
    const itemId = await serviceItem(qbo, 'Filing');
    const untouched = await call((cb) => qbo.createCustomer({ DisplayName: 'CDC Untouched' }, cb));
    const edited = await call((cb) => qbo.createCustomer({ DisplayName: 'CDC Edited' }, cb));
    const oldInvoice = await call((cb) =>
      qbo.createInvoice({ CustomerRef: { value: untouched.Id }, Line: [salesLine(itemId, 1, 10)] }, cb),
    );
    const doomed = await call((cb) =>
      qbo.createInvoice({ CustomerRef: { value: edited.Id }, Line: [salesLine(itemId, 1, 20)] }, cb),
    );

    now = T0 + 10 * 60_000;
    await call((cb) => qbo.updateCustomer({ Id: edited.Id, SyncToken: edited.SyncToken, Notes: 'edited' }, cb));
    const fresh = await call((cb) => qbo.createCustomer({ DisplayName: 'CDC Fresh' }, cb));
    const newInvoice = await call((cb) =>
      qbo.createInvoice({ CustomerRef: { value: fresh.Id }, Line: [salesLine(itemId, 3, 50)] }, cb),
    );
    await call((cb) => qbo.deleteInvoice({ Id: doomed.Id, SyncToken: doomed.SyncToken }, cb));

    // A string in QBO's documented form. (Given a Date, the library formats it in the machine's time zone and
    // does not URL-encode it: east of UTC the "+hh:mm" arrives as a space, which QBO and the sandbox both refuse.)
    const since = '2026-11-02T09:05:00-08:00'; // T0 + 5 minutes
    const cdc = await call((cb) => qbo.changeDataCapture(['Customer', 'Invoice'], since, cb));
    const sections = cdc.CDCResponse[0].QueryResponse as any[];
    const customers = sections.find((s) => s.Customer)?.Customer as any[];
    const invoices = sections.find((s) => s.Invoice)?.Invoice as any[];

    expect(customers.map((c) => [c.Id, c.DisplayName, c.SyncToken]).sort()).toEqual(
      [
        [edited.Id, 'CDC Edited', '1'],
        [fresh.Id, 'CDC Fresh', '0'],
      ].sort(),
    );
    expect(customers.find((c) => c.Id === edited.Id).Notes).toBe('edited');
    expect(invoices.find((i) => i.Id === newInvoice.Id)).toMatchObject({
      TotalAmt: 150,
      CustomerRef: { value: fresh.Id },
    });
    expect(invoices.find((i) => i.Id === doomed.Id)).toMatchObject({ status: 'Deleted' });
    expect(invoices.map((i) => i.Id).sort()).toEqual([newInvoice.Id, doomed.Id].sort());
    expect(invoices.some((i) => i.Id === oldInvoice.Id)).toBe(false);

    // The comma-separated string form of the entity list, asked from after everything happened, finds nothing.
    const later = await call((cb) => qbo.changeDataCapture('Customer,Invoice', '2026-11-02T09:11:00-08:00', cb));
    const empty = (later.CDCResponse[0].QueryResponse as any[]).flatMap((s) => [
      ...(s.Customer ?? []),
      ...(s.Invoice ?? []),
    ]);
    expect(empty).toEqual([]);
  });
});

describe('node-quickbooks batch', () => {
  it('runs create, update, delete and query items and correlates each answer by bId', async () => {
    now = T0;
    const { qbo } = await client();
    const itemId = await serviceItem(qbo, 'Batch Fee');
    const existing = await call((cb) => qbo.createCustomer({ DisplayName: 'Batch Existing' }, cb));
    const doomed = await call((cb) =>
      qbo.createInvoice({ CustomerRef: { value: existing.Id }, Line: [salesLine(itemId, 1, 25)] }, cb),
    );

    const items = [
      { bId: 'c1', operation: 'create', Customer: { DisplayName: 'Batch Created' } },
      { bId: 'u1', operation: 'update', Customer: { Id: existing.Id, SyncToken: '0', sparse: true, Notes: 'batched' } },
      { bId: 'u2', operation: 'update', Customer: { Id: existing.Id, SyncToken: '0', sparse: true, Notes: 'stale' } },
      { bId: 'd1', operation: 'delete', Invoice: { Id: doomed.Id, SyncToken: doomed.SyncToken } },
      { bId: 'q1', Query: "select * from customer where DisplayName = 'Batch Existing'" },
    ] as BatchItemRequest[];
    const answer = await call((cb) => qbo.batch(items, cb));
    const responses = answer.BatchItemResponse as any[];
    expect(responses.map((r) => r.bId)).toEqual(['c1', 'u1', 'u2', 'd1', 'q1']);
    const byId = new Map(responses.map((r) => [r.bId as string, r]));

    expect(byId.get('c1').Customer).toMatchObject({ DisplayName: 'Batch Created', SyncToken: '0' });
    expect(byId.get('u1').Customer).toMatchObject({ Id: existing.Id, SyncToken: '1', Notes: 'batched' });
    expect(byId.get('u2').Fault.Error[0].code).toBe('5010');
    expect(byId.get('d1').Invoice).toEqual({ domain: 'QBO', status: 'Deleted', Id: doomed.Id });
    expect(byId.get('q1').QueryResponse.Customer.map((c: any) => [c.Id, c.Notes])).toEqual([[existing.Id, 'batched']]);

    // What the batch wrote is there for the library's ordinary calls afterwards.
    const createdId = byId.get('c1').Customer.Id as string;
    expect(await call((cb) => qbo.getCustomer(createdId, cb))).toMatchObject({ DisplayName: 'Batch Created' });
    expect((await call((cb) => qbo.getCustomer(existing.Id, cb))).Notes).toBe('batched');
    expect(faultOf(await failure((cb) => qbo.getInvoice(doomed.Id, cb))).code).toBe('610');
  });
});
