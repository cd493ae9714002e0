import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

// The Sync Log Report: filters, cursor paging, CSV, and links to the workflows in the Temporal Web UI.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
const invoices: any[] = [];
const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });

beforeAll(async () => {
  h = await startHarness({ temporalUiUrl: 'http://ops.example:8233/' });
  firm = await h.connectedFirm('Log Keepers LLP');
  const payer = (
    await as('POST', '/v1/payers', {
      type: 'individual',
      firstName: 'Rosa',
      lastName: 'Diaz',
      email: 'rosa@diaz.example',
    })
  ).body;
  const fee = (await as('POST', '/v1/fee-items', { name: 'Work permit', unitPrice: '410.00' })).body;
  for (const number of ['LOG-1', 'LOG-2', 'LOG-3']) {
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        number,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      })
    ).body;
    invoices.push(invoice);
  }
  // One of them fails: QuickBooks already has its number, for another customer.
  const stranger = await h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/Customer`, {
    DisplayName: 'Not Rosa',
  });
  const item = await h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/Item`, {
    Name: 'Other',
    Type: 'Service',
    IncomeAccountRef: {
      value: (await h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/Account`)).find(
        (a) => a.AccountType === 'Income',
      ).Id,
    },
  });
  await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Invoice`, {
    DocNumber: 'LOG-3',
    CustomerRef: { value: stranger.Id },
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 1,
        SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1, UnitPrice: 1 },
      },
    ],
  });
  for (const invoice of invoices) await as('POST', `/v1/invoices/${invoice.id}/sync`);
});
afterAll(() => h?.close());

describe('the Sync Log Report', () => {
  it('filters by invoice and by level', async () => {
    const forFirst = (await as('GET', `/v1/sync-log?invoiceId=${invoices[0].id}`)).body.entries;
    expect(forFirst.map((e: any) => e.action)).toEqual(['sync_started', 'invoice_created', 'sync_completed']);
    expect(new Set(forFirst.map((e: any) => e.entityId))).toEqual(new Set([invoices[0].id]));
    const errors = (await as('GET', '/v1/sync-log?level=error')).body.entries;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      level: 'error',
      action: 'sync_failed',
      entityId: invoices[2].id,
      workflowId: `invoice/${firm.firmId}/${invoices[2].id}`,
    });
    expect(errors[0].message).toContain('LOG-3');
    expect(errors[0].workflowUrl).toBe(
      `http://ops.example:8233/namespaces/default/workflows/${encodeURIComponent(errors[0].workflowId)}`,
    );
  });

  it('filters by time', async () => {
    const all = (await as('GET', '/v1/sync-log?limit=500')).body.entries;
    const middle = all[Math.floor(all.length / 2)];
    const from = (await as('GET', `/v1/sync-log?limit=500&from=${encodeURIComponent(middle.at)}`)).body.entries;
    expect(from.every((e: any) => e.at >= middle.at)).toBe(true);
    expect(from.length).toBeLessThan(all.length);
    const to = (await as('GET', `/v1/sync-log?limit=500&to=${encodeURIComponent(middle.at)}`)).body.entries;
    expect(to.every((e: any) => e.at < middle.at)).toBe(true);
    expect(from.length + to.length).toBe(all.length);
  });

  it('pages with a cursor, each entry once, in order', async () => {
    const all = (await as('GET', '/v1/sync-log?limit=500')).body.entries.map((e: any) => e.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await as('GET', `/v1/sync-log?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.entries.length).toBeLessThanOrEqual(3);
      paged.push(...page.entries.map((e: any) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect((await as('GET', '/v1/sync-log?cursor=abc')).body.field).toBe('cursor');
    expect((await as('GET', '/v1/sync-log?level=warning')).body.field).toBe('level');
  });

  it('exports CSV with a header, quoting commas and quotes, and no formula injection', async () => {
    const csv = await as('GET', `/v1/sync-log?format=csv&invoiceId=${invoices[2].id}`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,level,action,entityType,entityId,message,qboId,workflowId,intuitTid');
    expect(lines).toHaveLength(1 + (await as('GET', `/v1/sync-log?invoiceId=${invoices[2].id}`)).body.entries.length);
    expect(lines.some((l) => l.includes(',error,sync_failed,invoice,'))).toBe(true);
  });

  it('downloads every entry the filters match as CSV, not one page of them', async () => {
    const big = await h.newFirm('Long History LLP');
    const at = new Date('2026-11-01T00:00:00Z').getTime();
    const entries = Array.from({ length: 1_234 }, (_, i) => ({
      firm_id: big.firmId,
      level: i % 10 === 0 ? ('error' as const) : ('info' as const),
      action: 'sync_completed',
      entity_type: 'invoice',
      entity_id: null,
      message: `entry ${i}, "quoted"`,
      qbo_id: null,
      workflow_id: null,
      intuit_tid: null,
      event_key: `bulk-${i}`,
      at: new Date(at + i * 1000),
    }));
    await h.db.insertInto('sync_log').values(entries).execute();
    const csv = await h.call('GET', '/v1/sync-log?format=csv&limit=5', { key: big.key });
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines).toHaveLength(1 + 1_234);
    expect(lines[1]).toContain('"entry 0, ""quoted"""');
    expect(lines.at(-1)).toContain('entry 1233');
    const errorsOnly = (await h.call('GET', '/v1/sync-log?format=csv&level=error', { key: big.key })).body as string;
    expect(errorsOnly.trim().split('\r\n')).toHaveLength(1 + 124);
    // Another firm's report holds none of these.
    expect((await as('GET', '/v1/sync-log?format=csv')).body as string).not.toContain('entry 0');
  });
});
