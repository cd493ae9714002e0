import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityOf } from '../history-activities.js';
import { startHarness, type Harness } from './harness.js';

// Mapping against a sandbox company seeded with the customers that trip integrations up: the same name
// with another email, the same email under another name, an inactive customer with the payer's name, a
// vendor holding a payer's name, apostrophes, accents and colons, and 2,500 customers across pages.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
const stored = (entity: string) => h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/${entity}`);
const seed = (entity: string, body: unknown) =>
  h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/${entity}`, body);

async function create(path: string, body: unknown): Promise<any> {
  const response = await as('POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const payers: Record<string, any> = {};
const qbo: Record<string, any> = {};
let consultation: any;

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Mapping Matters LLP');

  qbo.otherJose = await seed('Customer', {
    DisplayName: 'José Müller',
    PrimaryEmailAddr: { Address: 'jose@old-employer.example' },
  });
  qbo.aoife = await seed('Customer', {
    DisplayName: 'Kelly, Aoife',
    PrimaryEmailAddr: { Address: 'aoife@kelly.example' },
  });
  qbo.ida = await seed('Customer', { DisplayName: 'Ida Inactive', Active: false });
  qbo.vendor = await seed('Vendor', { DisplayName: 'Vendor Clash LLC' });
  qbo.consult = await seed('Item', {
    Name: 'consultation',
    Type: 'Service',
    IncomeAccountRef: { value: (await stored('Account')).find((a) => a.AccountType === 'Income').Id },
  });
  const filler = Array.from({ length: 2500 }, (_, i) => `Filler Client ${String(i).padStart(4, '0')}`);
  for (let i = 0; i < filler.length; i += 100)
    await Promise.all(filler.slice(i, i + 100).map((name) => seed('Customer', { DisplayName: name })));
  qbo.deep = await seed('Customer', { DisplayName: "Z. O'Neil (accounts)", CompanyName: "Zoe O'Neil Holdings Inc" });

  payers.jose = await create('/v1/payers', {
    type: 'individual',
    firstName: 'José',
    lastName: 'Müller',
    email: 'jose@new-employer.example',
  });
  payers.aoife = await create('/v1/payers', {
    type: 'individual',
    firstName: 'Aoife',
    lastName: 'Kelly',
    email: 'AOIFE@kelly.example',
  });
  payers.ida = await create('/v1/payers', { type: 'individual', firstName: 'Ida', lastName: 'Inactive' });
  payers.vendor = await create('/v1/payers', {
    type: 'corporation',
    companyName: 'Vendor Clash LLC',
    billingPerson: { firstName: 'Val', lastName: 'Clash', email: 'ap@clash.example' },
  });
  payers.zoe = await create('/v1/payers', {
    type: 'corporation',
    companyName: "Zoë O'Neil: Holdings, Inc.",
    billingPerson: { firstName: 'Zoë', lastName: "O'Neil" },
  });
  consultation = await create('/v1/fee-items', { name: 'Consultation', unitPrice: '250.00' });
}, 180_000);
afterAll(() => h?.close());

describe('suggestions', () => {
  it('suggests by email, then name, then company, across all pages, and never the wrong José', async () => {
    const response = await as('GET', '/v1/mappings/payers');
    expect(response.status).toBe(200);
    const byPayer = Object.fromEntries(response.body.mappings.map((m: any) => [m.payerId, m]));
    expect(byPayer[payers.aoife.id].suggestion).toMatchObject({
      qboCustomerId: qbo.aoife.Id,
      matchedOn: 'email',
      displayName: 'Kelly, Aoife',
    });
    expect(byPayer[payers.aoife.id].suggestion.reason).toContain('aoife@kelly.example');
    expect(byPayer[payers.ida.id].suggestion).toMatchObject({
      qboCustomerId: qbo.ida.Id,
      matchedOn: 'name',
      active: false,
    });
    expect(byPayer[payers.zoe.id].suggestion).toMatchObject({ qboCustomerId: qbo.deep.Id, matchedOn: 'company' });
    expect(byPayer[payers.jose.id].suggestion).toBeNull();
    expect(byPayer[payers.vendor.id].suggestion).toBeNull();
    expect(byPayer[payers.jose.id]).toMatchObject({
      payerName: 'José Müller',
      qboCustomerId: null,
      createNew: false,
      source: null,
    });

    const items = (await as('GET', '/v1/mappings/fee-items')).body.mappings;
    expect(items[0]).toMatchObject({
      feeItemId: consultation.id,
      suggestion: { qboItemId: qbo.consult.Id, matchedOn: 'name' },
    });
  });

  it('browses QuickBooks live with search and paging, inactive ones marked', async () => {
    const search = (await as('GET', `/v1/quickbooks/customers?search=${encodeURIComponent('Ida')}`)).body.customers;
    expect(search).toEqual([
      { id: qbo.ida.Id, displayName: 'Ida Inactive', companyName: null, email: null, active: false },
    ]);
    const first = (await as('GET', '/v1/quickbooks/customers?limit=500')).body;
    expect(first.customers).toHaveLength(500);
    const second = (await as('GET', `/v1/quickbooks/customers?limit=500&cursor=${first.nextCursor}`)).body;
    expect(second.customers[0].id).not.toBe(first.customers[0].id);
    expect(new Set([...first.customers, ...second.customers].map((c: any) => c.id)).size).toBe(1000);
    expect((await as('GET', `/v1/quickbooks/items?search=onsult`)).body.items.map((i: any) => i.id)).toEqual([
      qbo.consult.Id,
    ]);
  });
});

describe('auto-match and on-demand creation', () => {
  it('applies the suggestions it can and counts the rest', async () => {
    const result = (await as('POST', '/v1/mappings/auto-match')).body;
    // Ida's only match is inactive: that stays for a person (or the sync's link-and-reactivate) to decide.
    expect(result).toEqual({
      matched: 3,
      unmatched: 3,
      payers: { matched: 2, unmatched: 3 },
      feeItems: { matched: 1, unmatched: 0 },
    });
    const log = (await as('GET', '/v1/sync-log')).body.entries.filter((e: any) => e.action === 'mapping_auto');
    expect(log).toHaveLength(3);
    expect((await as('POST', '/v1/mappings/auto-match')).body.matched).toBe(0);
  });

  it('creates what is missing at sync time without ever duplicating a customer', async () => {
    const customersBefore = (await stored('Customer')).length;
    const synced: Record<string, any> = {};
    for (const key of ['jose', 'aoife', 'ida', 'vendor', 'zoe']) {
      const invoice = await create('/v1/invoices', {
        payerId: payers[key].id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: consultation.id, quantity: 1 }],
      });
      const response = await as('POST', `/v1/invoices/${invoice.id}/sync`);
      expect(response.body.sync?.status, JSON.stringify(response.body)).toBe('synced');
      synced[key] = (await stored('Invoice')).find((i) => i.Id === response.body.sync.qboInvoiceId);
    }
    const customers = await stored('Customer');
    const name = (key: string) => customers.find((c) => c.Id === synced[key].CustomerRef.value).DisplayName;
    expect(name('jose')).toBe('José Müller (2)');
    expect(name('vendor')).toBe('Vendor Clash LLC (2)');
    expect(synced.aoife.CustomerRef.value).toBe(qbo.aoife.Id);
    expect(synced.zoe.CustomerRef.value).toBe(qbo.deep.Id);
    expect(synced.ida.CustomerRef.value).toBe(qbo.ida.Id);
    expect(customers.find((c) => c.Id === qbo.ida.Id).Active).toBe(true);
    expect(customers.length).toBe(customersBefore + 2);
    expect(new Set(Object.values(synced).map((i) => i.Line[0].SalesItemLineDetail.ItemRef.value))).toEqual(
      new Set([qbo.consult.Id]),
    );

    const why = (await as('GET', '/v1/sync-log')).body.entries.find(
      (e: any) => e.action === 'customer_created' && e.entityId === payers.vendor.id,
    );
    expect(why.message).toContain('"Vendor Clash LLC" is used by a QuickBooks vendor');

    const again = await create('/v1/invoices', {
      payerId: payers.jose.id,
      invoiceDate: '2026-11-26',
      dueDate: '2026-12-26',
      lines: [{ feeItemId: consultation.id, quantity: 2 }],
    });
    expect((await as('POST', `/v1/invoices/${again.id}/sync`)).body.sync.status).toBe('synced');
    expect((await stored('Customer')).length).toBe(customersBefore + 2);
  });

  it('refuses a mapping to a QuickBooks record that does not exist, naming the field', async () => {
    const response = await as('PUT', `/v1/mappings/payers/${payers.jose.id}`, { qboCustomerId: '99999999' });
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('qboCustomerId');
  });
});

describe('a mapping to an inactive record', () => {
  it('fails the sync once, with an actionable error, instead of retrying', async () => {
    const dormant = await seed('Customer', { DisplayName: 'Dormant Dan', Active: false });
    const payer = await create('/v1/payers', { type: 'individual', firstName: 'Dan', lastName: 'Dormant' });
    expect((await as('PUT', `/v1/mappings/payers/${payer.id}`, { qboCustomerId: dormant.Id })).status).toBe(200);
    const invoice = await create('/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-11-25',
      dueDate: '2026-12-25',
      lines: [{ feeItemId: consultation.id, quantity: 1 }],
    });
    const posts = async () =>
      (await h.sandbox('GET', '/__sandbox/stats')).byRealm[firm.realmId].byEndpoint['POST /invoice'] ?? 0;
    const before = await posts();
    const response = await as('POST', `/v1/invoices/${invoice.id}/sync`);
    expect(response.body.sync).toMatchObject({ status: 'failed', action: 'sync_now', lastError: { code: '610' } });
    expect(response.body.sync.lastError.hint).toMatch(/reactivate it or change the mapping/);
    expect(await posts()).toBe(before + 1);
  });
});

describe('hold policy', () => {
  it('parks an unmapped invoice in needs_mapping, then completes it by itself once mapped', async () => {
    expect((await as('PUT', '/v1/quickbooks/settings', { unmappedPolicy: 'hold' })).body.unmappedPolicy).toBe('hold');
    const payer = await create('/v1/payers', {
      type: 'individual',
      firstName: 'Hana',
      lastName: 'Sato',
      email: 'hana@sato.example',
    });
    const fee = await create('/v1/fee-items', { name: 'EB-5 Petition', unitPrice: '5000.00' });
    const invoice = await create('/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-11-25',
      dueDate: '2026-12-25',
      lines: [{ feeItemId: fee.id, quantity: 1 }],
    });

    const held = await as('POST', `/v1/invoices/${invoice.id}/sync`);
    expect(held.status).toBe(200);
    expect(held.body.sync).toMatchObject({ status: 'needs_mapping', action: null, qboInvoiceId: null });
    expect((await as('GET', '/v1/invoices?syncStatus=needs_mapping')).body.invoices.map((i: any) => i.id)).toEqual([
      invoice.id,
    ]);
    const workflow = h.client.workflow.getHandle(held.body.workflowId);
    expect((await workflow.describe()).searchAttributes.SyncStatus).toEqual(['needs_mapping']);

    expect((await as('PUT', `/v1/mappings/payers/${payer.id}`, { createNew: true })).body).toMatchObject({
      createNew: true,
      qboCustomerId: null,
      source: 'create_new',
    });
    expect((await as('GET', `/v1/invoices/${invoice.id}`)).body.sync.status).toBe('needs_mapping');
    expect((await as('PUT', `/v1/mappings/fee-items/${fee.id}`, { qboItemId: qbo.consult.Id })).body).toMatchObject({
      qboItemId: qbo.consult.Id,
      source: 'manual',
    });

    let sync: any;
    for (let i = 0; i < 100 && sync?.status !== 'synced'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      sync = (await as('GET', `/v1/invoices/${invoice.id}`)).body.sync;
    }
    expect(sync.status).toBe('synced');
    const posted = (await stored('Invoice')).find((i) => i.Id === sync.qboInvoiceId);
    expect(posted.Line[0].SalesItemLineDetail.ItemRef.value).toBe(qbo.consult.Id);
    expect((await stored('Customer')).find((c) => c.Id === posted.CustomerRef.value).DisplayName).toBe('Hana Sato');

    const history = await workflow.fetchHistory();
    const events = (history.events ?? [])
      .map((e) =>
        e.workflowExecutionSignaledEventAttributes
          ? `signal:${e.workflowExecutionSignaledEventAttributes.signalName}`
          : activityOf(e) && `activity:${activityOf(e)}`,
      )
      .filter(Boolean);
    const heldAt = events.indexOf('activity:markNeedsMapping');
    const signalAt = events.indexOf('signal:mappingsChanged');
    expect(heldAt).toBeGreaterThan(-1);
    expect(signalAt).toBeGreaterThan(heldAt);
    expect(events.slice(signalAt)).toContain('activity:createQboInvoice');
  });

  it('wakes a pass that read the mappings just before the missing one was saved', async () => {
    expect((await as('PUT', '/v1/quickbooks/settings', { unmappedPolicy: 'hold' })).status).toBe(200);
    const payer = await create('/v1/payers', {
      type: 'individual',
      firstName: 'Omar',
      lastName: 'Haddad',
      email: 'omar@haddad.example',
    });
    const fee = await create('/v1/fee-items', { name: 'I-130 Petition', unitPrice: '1200.00' });
    const invoice = await create('/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-11-25',
      dueDate: '2026-12-25',
      lines: [{ feeItemId: fee.id, quantity: 1 }],
    });
    expect((await as('PUT', `/v1/mappings/payers/${payer.id}`, { createNew: true })).status).toBe(200);
    // The pass finds the fee item unmapped at once, then spends two seconds creating the customer.
    await h.sandbox('POST', '/__sandbox/faults', {
      mode: 'delay',
      delayMs: 2_000,
      method: 'POST',
      pathContains: '/customer',
      realmId: firm.realmId,
      count: 1,
    });
    const pass = as('POST', `/v1/invoices/${invoice.id}/sync`);
    let status: string | undefined;
    for (let i = 0; i < 50 && status !== 'syncing'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await as('GET', `/v1/invoices/${invoice.id}`)).body.sync.status;
    }
    expect(status).toBe('syncing');
    expect((await as('PUT', `/v1/mappings/fee-items/${fee.id}`, { qboItemId: qbo.consult.Id })).status).toBe(200);
    // Its answer is the state after the pass, which the pass the mapping woke may have moved on already.
    expect(['needs_mapping', 'synced']).toContain((await pass).body.sync.status);

    let sync: any;
    for (let i = 0; i < 100 && sync?.status !== 'synced'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      sync = (await as('GET', `/v1/invoices/${invoice.id}`)).body.sync;
    }
    expect(sync.status).toBe('synced');
    // The pass that read the mappings too early held the invoice; the one woken by the new mapping posted it.
    const entries = (await as('GET', `/v1/sync-log?invoiceId=${invoice.id}`)).body.entries as any[];
    expect(entries.map((e) => e.action)).toEqual([
      'sync_started',
      'sync_held',
      'sync_started',
      'invoice_created',
      'sync_completed',
    ]);
  });
});
