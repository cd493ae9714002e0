import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entityWorkflowId, requestEntitySync } from '../../temporal/entity-sync.js';
import { startHarness, type Harness } from './harness.js';

// Model 1 keeps a payer's QuickBooks customer and a fee item's QuickBooks item in step with billing's
// edits, through each record's entity workflow; what QuickBooks holds is read back from the sandbox over HTTP.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
const stored = async (entity: string, id: string) =>
  (await h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/${entity}`)).find((r) => r.Id === id);
const seed = (entity: string, body: unknown) =>
  h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/${entity}`, body);

async function ok(method: string, path: string, body: unknown, status = 200): Promise<any> {
  const response = await as(method, path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

/** The sync-log entries about one payer or fee item, oldest first. */
async function logOf(localId: string): Promise<Array<{ action: string; level: string; message: string }>> {
  const response = await as('GET', '/v1/sync-log?limit=500');
  expect(response.status).toBe(200);
  return response.body.entries.filter((e: any) => e.entityId === localId);
}

const POLL = { timeout: 30_000, interval: 250 };

const acmeBody = {
  type: 'corporation',
  companyName: 'Acme Visas LLC',
  email: 'office@acme.example',
  phone: '617-555-0100',
  address: { line1: '1 Harbor Way', city: 'Boston', region: 'MA', postalCode: '02110', country: 'US' },
  billingPerson: { firstName: 'Aoife', lastName: 'Kelly', email: 'aoife@acme.example' },
};

let acme: any;
let consultation: any;
let qboCustomerId: string;
let qboItemId: string;

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Entity Updates LLP');
  acme = await ok('POST', '/v1/payers', acmeBody, 201);
  consultation = await ok(
    'POST',
    '/v1/fee-items',
    { name: 'Consultation', description: 'One hour', unitPrice: '150.00' },
    201,
  );
  const invoice = await ok(
    'POST',
    '/v1/invoices',
    {
      payerId: acme.id,
      invoiceDate: '2026-11-20',
      dueDate: '2026-12-20',
      lines: [{ feeItemId: consultation.id, quantity: 1 }],
    },
    201,
  );
  const synced = await ok('POST', `/v1/invoices/${invoice.id}/sync`, undefined);
  expect(synced.sync.status).toBe('synced');
  const payers = await ok('GET', '/v1/mappings/payers', undefined);
  qboCustomerId = payers.mappings.find((m: any) => m.payerId === acme.id).qboCustomerId;
  const items = await ok('GET', '/v1/mappings/fee-items', undefined);
  qboItemId = items.mappings.find((m: any) => m.feeItemId === consultation.id).qboItemId;
  expect(qboCustomerId).toBeTruthy();
  expect(qboItemId).toBeTruthy();
}, 120_000);
afterAll(() => h?.close());

describe('a record the product created follows billing', () => {
  it("carries a corporation's new billing person, email and address to its QuickBooks customer", async () => {
    const before = await stored('Customer', qboCustomerId);
    expect(before.PrimaryEmailAddr.Address).toBe('aoife@acme.example');

    await ok('PUT', `/v1/payers/${acme.id}`, {
      ...acmeBody,
      address: {
        line1: '200 State St',
        line2: 'Floor 3',
        city: 'Boston',
        region: 'MA',
        postalCode: '02109',
        country: 'US',
      },
      billingPerson: { firstName: 'Ben', lastName: 'Ortiz', email: 'ben.ortiz@acme.example' },
    });

    await expect
      .poll(async () => (await stored('Customer', qboCustomerId))?.PrimaryEmailAddr?.Address, POLL)
      .toBe('ben.ortiz@acme.example');
    const after = await stored('Customer', qboCustomerId);
    expect(after).toMatchObject({
      DisplayName: 'Acme Visas LLC',
      CompanyName: 'Acme Visas LLC',
      GivenName: 'Ben',
      FamilyName: 'Ortiz',
      BillAddr: { Line1: '200 State St', Line2: 'Floor 3', City: 'Boston', PostalCode: '02109' },
    });
    // One sparse update from the token it read: nothing else moved.
    expect(Number(after.SyncToken)).toBe(Number(before.SyncToken) + 1);
    await expect
      .poll(
        async () => (await logOf(acme.id)).filter((e) => e.action === 'customer_updated').map((e) => e.message),
        POLL,
      )
      .toEqual([
        `Updated QuickBooks customer ${qboCustomerId} for payer Acme Visas LLC: first name, last name, email, address`,
      ]);
  });

  it('re-reads once when a bookkeeper moved the SyncToken meanwhile (5010), and sends what still differs', async () => {
    const delays = async () => (await h.sandbox<any>('GET', '/__sandbox/stats')).injected.delay ?? 0;
    const before = await delays();
    await h.sandbox('POST', '/__sandbox/faults', {
      mode: 'delay',
      delayMs: 1500,
      method: 'POST',
      pathContains: '/customer',
      realmId: firm.realmId,
      count: 1,
    });
    await ok('PUT', `/v1/payers/${acme.id}`, {
      ...acmeBody,
      address: {
        line1: '200 State St',
        line2: 'Floor 3',
        city: 'Boston',
        region: 'MA',
        postalCode: '02109',
        country: 'US',
      },
      billingPerson: { firstName: 'Ben', lastName: 'Ortiz', email: 'ben.ortiz@acme.example', phone: '617-555-0199' },
    });
    // The write is held at QuickBooks' door; the bookkeeper's edit lands first.
    await expect.poll(delays, POLL).toBe(before + 1);
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Customer/${qboCustomerId}`, { Notes: 'VIP client' });

    await expect
      .poll(async () => (await stored('Customer', qboCustomerId))?.PrimaryPhone?.FreeFormNumber, POLL)
      .toBe('617-555-0199');
    expect((await stored('Customer', qboCustomerId)).Notes).toBe('VIP client');
    expect((await logOf(acme.id)).at(-1)!.message).toMatch(/: phone$/);
  });

  it('renames and reprices its QuickBooks item', async () => {
    await ok('PUT', `/v1/fee-items/${consultation.id}`, {
      name: 'Initial consultation',
      description: 'One hour',
      unitPrice: '175.50',
    });
    await expect.poll(async () => (await stored('Item', qboItemId))?.Name, POLL).toBe('Initial consultation');
    expect(await stored('Item', qboItemId)).toMatchObject({ UnitPrice: 175.5, Description: 'One hour' });
    const entries = await logOf(consultation.id);
    expect(entries.at(-1)).toMatchObject({ action: 'item_updated', level: 'info' });
    expect(entries.at(-1)!.message).toMatch(/: name, price$/);
  });

  it('says so when an edit leaves QuickBooks as it is', async () => {
    await ok('PUT', `/v1/fee-items/${consultation.id}`, {
      name: 'Initial consultation',
      description: 'One hour',
      unitPrice: '175.50',
    });
    await expect.poll(async () => (await logOf(consultation.id)).at(-1)?.action, POLL).toBe('item_unchanged');
  });

  it('renames to "Name (2)" when QuickBooks already has the name, and says why', async () => {
    const account = (await h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/Account`)).find(
      (a) => a.AccountType === 'Income',
    );
    const other = await seed('Item', {
      Name: 'Premium consultation',
      Type: 'Service',
      IncomeAccountRef: { value: account.Id },
    });
    await ok('PUT', `/v1/fee-items/${consultation.id}`, {
      name: 'Premium consultation',
      description: 'One hour',
      unitPrice: '175.50',
    });
    await expect.poll(async () => (await stored('Item', qboItemId))?.Name, POLL).toBe('Premium consultation (2)');
    const last = (await logOf(consultation.id)).at(-1)!;
    expect(last.action).toBe('item_updated');
    expect(last.message).toContain(`"Premium consultation" is used by a QuickBooks item (${other.Id})`);
    // Its own "(2)" is billing's name still: a later edit does not try the plain name again.
    await ok('PUT', `/v1/fee-items/${consultation.id}`, {
      name: 'Premium consultation',
      description: 'One hour, by video',
      unitPrice: '175.50',
    });
    await expect.poll(async () => (await stored('Item', qboItemId))?.Description, POLL).toBe('One hour, by video');
    expect((await logOf(consultation.id)).at(-1)!.message).toMatch(/: description$/);
    expect((await stored('Item', other.Id)).Name).toBe('Premium consultation');
  });
});

describe('a record linked to an existing QuickBooks customer', () => {
  let harbor: any;
  let existing: any;
  const harborBody = {
    type: 'individual',
    firstName: 'Hana',
    lastName: 'Harbor',
    email: 'hana@harbor.example',
  };

  beforeAll(async () => {
    existing = await seed('Customer', {
      DisplayName: 'Hana Harbor',
      GivenName: 'Hana',
      FamilyName: 'Harbor',
      PrimaryEmailAddr: { Address: 'hana@harbor.example' },
      Notes: 'Kept by the bookkeeper',
    });
    harbor = await ok('POST', '/v1/payers', harborBody, 201);
    await ok('PUT', `/v1/mappings/payers/${harbor.id}`, { qboCustomerId: existing.Id });
  });

  it('is left alone by default, and the sync log says what differs', async () => {
    await ok('PUT', `/v1/payers/${harbor.id}`, { ...harborBody, email: 'hana.harbor@new.example', phone: '555-0101' });
    await expect.poll(async () => (await logOf(harbor.id)).at(-1)?.action, POLL).toBe('customer_differs');
    expect((await logOf(harbor.id)).at(-1)!.message).toContain('differs from payer Hana Harbor in email, phone');
    const untouched = await stored('Customer', existing.Id);
    expect(untouched.SyncToken).toBe(existing.SyncToken);
    expect(untouched.PrimaryEmailAddr.Address).toBe('hana@harbor.example');
  });

  it('is updated once the firm sets updateLinkedRecords, keeping what billing does not own', async () => {
    expect((await ok('GET', '/v1/quickbooks/status', undefined)).updateLinkedRecords).toBe(false);
    const bad = await as('PUT', '/v1/quickbooks/settings', { updateLinkedRecords: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('updateLinkedRecords');
    const settings = await ok('PUT', '/v1/quickbooks/settings', { updateLinkedRecords: true });
    expect(settings.updateLinkedRecords).toBe(true);
    expect((await ok('GET', '/v1/quickbooks/status', undefined)).updateLinkedRecords).toBe(true);

    await ok('PUT', `/v1/payers/${harbor.id}`, { ...harborBody, email: 'hana.harbor@new.example', phone: '555-0102' });
    await expect
      .poll(async () => (await stored('Customer', existing.Id))?.PrimaryEmailAddr?.Address, POLL)
      .toBe('hana.harbor@new.example');
    const updated = await stored('Customer', existing.Id);
    expect(updated).toMatchObject({ PrimaryPhone: { FreeFormNumber: '555-0102' }, Notes: 'Kept by the bookkeeper' });
    expect((await logOf(harbor.id)).at(-1)).toMatchObject({ action: 'customer_updated' });
  });

  it('fails with the creation hint when the mapped customer is inactive', async () => {
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Customer/${existing.Id}`, { Active: false });
    await ok('PUT', `/v1/payers/${harbor.id}`, { ...harborBody, email: 'hana@elsewhere.example' });
    await expect.poll(async () => (await logOf(harbor.id)).at(-1)?.action, POLL).toBe('customer_update_failed');
    const last = (await logOf(harbor.id)).at(-1)!;
    expect(last.level).toBe('error');
    expect(last.message).toMatch(/inactive.*Reactivate it in QuickBooks or change the payer's mapping/);
    expect((await stored('Customer', existing.Id)).PrimaryEmailAddr.Address).toBe('hana.harbor@new.example');
  });

  it('is overwritten when a person asks, whatever the setting', async () => {
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Customer/${existing.Id}`, { Active: true });
    await ok('PUT', '/v1/quickbooks/settings', { updateLinkedRecords: false });
    // What the drift report's "overwrite QuickBooks" does.
    await requestEntitySync(
      { client: h.client, taskQueue: inject('taskQueue') },
      { firmId: firm.firmId, kind: 'payer', localId: harbor.id, overwrite: true },
    );
    await expect
      .poll(async () => (await stored('Customer', existing.Id))?.PrimaryEmailAddr?.Address, POLL)
      .toBe('hana@elsewhere.example');
  });
});

describe('nothing follows billing', () => {
  const noWorkflow = async (firmId: string, kind: 'payer' | 'fee_item', localId: string) => {
    const handle = h.client.workflow.getHandle(entityWorkflowId({ firmId, kind, localId }));
    await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  };

  it('for an unmapped payer', async () => {
    const body = { type: 'individual', firstName: 'Una', lastName: 'Mapped' };
    const una = await ok('POST', '/v1/payers', body, 201);
    await ok('PUT', `/v1/payers/${una.id}`, { ...body, email: 'una@example.com' });
    await noWorkflow(firm.firmId, 'payer', una.id);
  });

  it('under Model 2, even for a mapped fee item', async () => {
    const model2 = await h.connectedFirm('Model Two LLP', { syncModel: 2 });
    const call = (method: string, path: string, body?: unknown) => h.call(method, path, { key: model2.key, body });
    const account = (await h.sandbox<any[]>('GET', `/__sandbox/realms/${model2.realmId}/Account`)).find(
      (a) => a.AccountType === 'Income',
    );
    const item = await h.sandbox<any>('POST', `/__sandbox/realms/${model2.realmId}/Item`, {
      Name: 'Filing',
      Type: 'Service',
      IncomeAccountRef: { value: account.Id },
    });
    const filing = (await call('POST', '/v1/fee-items', { name: 'Filing', unitPrice: '10.00' })).body;
    expect((await call('PUT', `/v1/mappings/fee-items/${filing.id}`, { qboItemId: item.Id })).status).toBe(200);
    expect((await call('PUT', `/v1/fee-items/${filing.id}`, { name: 'Filing', unitPrice: '12.00' })).status).toBe(200);
    await noWorkflow(model2.firmId, 'fee_item', filing.id);
  });
});
