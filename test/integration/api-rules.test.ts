import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../db/queries/firms.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let firm: { firmId: string; key: string };
let other: { firmId: string; key: string };
let payer: any;
let feeItem: any;

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Rules & Partners');
  other = await h.connectedFirm('Elsewhere Law');
  payer = (
    await h.call('POST', '/v1/payers', {
      key: firm.key,
      body: { type: 'individual', firstName: 'Mei', lastName: 'Chen' },
    })
  ).body;
  feeItem = (
    await h.call('POST', '/v1/fee-items', {
      key: firm.key,
      body: { name: 'Green card interview prep', unitPrice: '450.00' },
    })
  ).body;
});
afterAll(() => h?.close());

const rowCount = async (table: 'payers' | 'fee_items' | 'invoices' | 'invoice_lines') =>
  Number(
    (
      await h.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('bad input gets a 400 that names the field, and nothing is written', () => {
  const validInvoice = () => ({
    payerId: payer.id,
    invoiceDate: '2026-11-01',
    dueDate: '2026-11-30',
    lines: [{ feeItemId: feeItem.id, quantity: 1 }],
  });

  it.each([
    ['/v1/payers', { firstName: 'No', lastName: 'Type' }, 'type'],
    ['/v1/payers', { type: 'partnership', companyName: 'X' }, 'type'],
    ['/v1/payers', { type: 'corporation' }, 'companyName'],
    ['/v1/payers', { type: 'individual', firstName: 'Solo' }, 'lastName'],
    [
      '/v1/payers',
      { type: 'individual', firstName: 'A', lastName: 'B', billingPerson: { firstName: 'C', lastName: 'D' } },
      'billingPerson',
    ],
    [
      '/v1/payers',
      {
        type: 'corporation',
        companyName: 'Acme',
        billingPerson: { firstName: 'C', lastName: 'D', email: 'not-an-email' },
      },
      'billingPerson.email',
    ],
    ['/v1/payers', { type: 'individual', firstName: 'A', lastName: 'B', nickname: 'x' }, 'nickname'],
    ['/v1/fee-items', { name: 'Float fee', unitPrice: 12.5 }, 'unitPrice'],
    ['/v1/fee-items', { name: 'Sub-cent fee', unitPrice: '12.345' }, 'unitPrice'],
    ['/v1/fee-items', { unitPrice: '1.00' }, 'name'],
  ])('POST %s %j -> field %s', async (path, body, field) => {
    const tables = path === '/v1/payers' ? 'payers' : 'fee_items';
    const before = await rowCount(tables);
    const response = await h.call('POST', path, { key: firm.key, body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation', field });
    expect(typeof response.body.message).toBe('string');
    expect(await rowCount(tables)).toBe(before);
  });

  it.each([
    [{ number: 'X'.repeat(22) }, 'number'],
    [{ invoiceDate: '2026-13-01' }, 'invoiceDate'],
    [{ dueDate: '2026-10-01' }, 'dueDate'],
    [{ lines: [] }, 'lines'],
    [{ lines: [{ feeItemId: 'e1f0f000-0000-7000-8000-000000000000', quantity: 1 }] }, 'lines.0.feeItemId'],
    [{ lines: [{ quantity: 1 }] }, 'lines.0.feeItemId'],
    [{ lines: [{ feeItemId: '@fee', quantity: 0 }] }, 'lines.0.quantity'],
    [{ lines: [{ feeItemId: '@fee', quantity: '0.0000' }] }, 'lines.0.quantity'],
    [{ lines: [{ feeItemId: '@fee', quantity: 1, unitPrice: '-5.00' }] }, 'lines.0.unitPrice'],
    [{ payerId: 'e1f0f000-0000-7000-8000-000000000000' }, 'payerId'],
  ])('POST /v1/invoices with %j -> field %s', async (change, field) => {
    const body: any = { ...validInvoice(), ...change };
    body.lines = body.lines.map((l: any) => (l.feeItemId === '@fee' ? { ...l, feeItemId: feeItem.id } : l));
    const before = [await rowCount('invoices'), await rowCount('invoice_lines')];
    const response = await h.call('POST', '/v1/invoices', { key: firm.key, body });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation', field });
    expect([await rowCount('invoices'), await rowCount('invoice_lines')]).toEqual(before);
  });

  it("does not let an invoice use another firm's payer or fee item", async () => {
    const theirPayer = (
      await h.call('POST', '/v1/payers', {
        key: other.key,
        body: { type: 'individual', firstName: 'Not', lastName: 'Yours' },
      })
    ).body;
    const theirFee = (
      await h.call('POST', '/v1/fee-items', { key: other.key, body: { name: 'Theirs', unitPrice: '1.00' } })
    ).body;
    expect(
      (await h.call('POST', '/v1/invoices', { key: firm.key, body: { ...validInvoice(), payerId: theirPayer.id } }))
        .body.field,
    ).toBe('payerId');
    expect(
      (
        await h.call('POST', '/v1/invoices', {
          key: firm.key,
          body: { ...validInvoice(), lines: [{ feeItemId: theirFee.id, quantity: 1 }] },
        })
      ).body.field,
    ).toBe('lines.0.feeItemId');
  });

  it('refuses a second invoice with the same number', async () => {
    const first = await h.call('POST', '/v1/invoices', { key: firm.key, body: { ...validInvoice(), number: 'DUP-1' } });
    expect(first.status).toBe(201);
    const before = await rowCount('invoices');
    const second = await h.call('POST', '/v1/invoices', {
      key: firm.key,
      body: { ...validInvoice(), number: 'DUP-1' },
    });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('duplicate_number');
    expect(await rowCount('invoices')).toBe(before);
  });
});

describe('keys, roles and firms', () => {
  it('answers 401 without a key or with a bad one', async () => {
    expect((await h.call('GET', '/v1/payers')).status).toBe(401);
    expect((await h.call('GET', '/v1/payers', { key: 'qbs_not-a-real-key' })).status).toBe(401);
    expect((await h.call('POST', '/v1/firms', { key: firm.key, body: { name: 'Nope' } })).status).toBe(401);
  });

  it('lets a viewer read but not write', async () => {
    const viewer = await issueApiKey(h.db, firm.firmId, 'viewer');
    expect((await h.call('GET', `/v1/payers/${payer.id}`, { key: viewer })).status).toBe(200);
    const before = await rowCount('payers');
    const write = await h.call('POST', '/v1/payers', {
      key: viewer,
      body: { type: 'individual', firstName: 'V', lastName: 'W' },
    });
    expect(write.status).toBe(403);
    expect((await h.call('POST', `/v1/invoices/${payer.id}/sync`, { key: viewer })).status).toBe(403);
    expect(await rowCount('payers')).toBe(before);
  });

  it("lets a viewer read the sync log, as every user may (the seed), and only its own firm's", async () => {
    const viewer = await issueApiKey(h.db, firm.firmId, 'viewer');
    const log = await h.call('GET', '/v1/sync-log?limit=500', { key: viewer });
    expect(log.status).toBe(200);
    const asAdmin = (await h.call('GET', '/v1/sync-log?limit=500', { key: firm.key })).body.entries;
    expect(asAdmin.length).toBeGreaterThan(0);
    expect(log.body.entries).toEqual(asAdmin);
    const csv = await h.call('GET', '/v1/sync-log?format=csv', { key: viewer });
    expect(csv.status).toBe(200);
    expect(String(csv.body).split('\r\n').length).toBeGreaterThan(asAdmin.length);
  });

  it("shows another firm's objects as absent", async () => {
    const invoice = (
      await h.call('POST', '/v1/invoices', {
        key: firm.key,
        body: {
          payerId: payer.id,
          invoiceDate: '2026-11-02',
          dueDate: '2026-11-02',
          lines: [{ feeItemId: feeItem.id, quantity: 2 }],
        },
      })
    ).body;
    for (const path of [`/v1/payers/${payer.id}`, `/v1/fee-items/${feeItem.id}`, `/v1/invoices/${invoice.id}`]) {
      const response = await h.call('GET', path, { key: other.key });
      expect(response.status).toBe(404);
      expect(response.body.error).toBe('not_found');
    }
    expect((await h.call('POST', `/v1/invoices/${invoice.id}/sync`, { key: other.key })).status).toBe(404);
    expect(
      (
        await h.call('PUT', `/v1/payers/${payer.id}`, {
          key: other.key,
          body: { type: 'individual', firstName: 'Hijack', lastName: 'Attempt' },
        })
      ).status,
    ).toBe(404);
    expect((await h.call('GET', `/v1/payers/${payer.id}`, { key: firm.key })).body.firstName).toBe('Mei');
    const theirList = (await h.call('GET', '/v1/invoices', { key: other.key })).body.invoices as any[];
    expect(theirList.some((i) => i.id === invoice.id)).toBe(false);
    const theirLog = (await h.call('GET', `/v1/sync-log?invoiceId=${invoice.id}`, { key: other.key })).body.entries;
    expect(theirLog).toEqual([]);
  });

  it('pages lists with a cursor', async () => {
    for (const name of ['Page A', 'Page B', 'Page C'])
      await h.call('POST', '/v1/fee-items', { key: firm.key, body: { name, unitPrice: '10.00' } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page: any = (await h.call('GET', `/v1/fee-items${query}`, { key: firm.key })).body;
      expect(page.feeItems.length).toBeLessThanOrEqual(2);
      seen.push(...page.feeItems.map((f: any) => f.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect((await h.call('GET', '/v1/fee-items?limit=501', { key: firm.key })).body.field).toBe('limit');
  });
});

describe('sync rules', () => {
  it('refuses to sync an invoice created before activation', async () => {
    const invoice = (
      await h.call('POST', '/v1/invoices', {
        key: firm.key,
        body: {
          payerId: payer.id,
          invoiceDate: '2026-11-03',
          dueDate: '2026-11-03',
          lines: [{ feeItemId: feeItem.id, quantity: 1 }],
        },
      })
    ).body;
    await h.db
      .updateTable('firms')
      .set({ activated_at: new Date(Date.now() + 60_000) })
      .where('id', '=', firm.firmId)
      .execute();
    try {
      const shown = (await h.call('GET', `/v1/invoices/${invoice.id}`, { key: firm.key })).body;
      expect(shown.sync).toMatchObject({ status: 'not_eligible', action: null });
      const response = await h.call('POST', `/v1/invoices/${invoice.id}/sync`, { key: firm.key });
      expect(response.status).toBe(409);
      expect(response.body.error).toBe('not_eligible');
    } finally {
      await h.db
        .updateTable('firms')
        .set({ activated_at: new Date(Date.now() - 3_600_000) })
        .where('id', '=', firm.firmId)
        .execute();
    }
  });
});
