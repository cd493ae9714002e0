import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { driftScheduleId } from '../../temporal/drift-reports.js';
import { startHarness, type Harness } from './harness.js';

// The drift report against a real QuickBooks sandbox: a bookkeeper changes QuickBooks behind the product's
// back (a line edited, an invoice deleted, one voided, a payment deleted, a customer's email changed), the
// report lists exactly those with both sides' values, the offered fixes settle them, and a report with
// nothing changed reads only QuickBooks' change feed.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
const inQbo = (entity: string) => h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/${entity}`);
const bookkeeper = (path: string, body: unknown = {}) =>
  h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/${path}`, body);
const realmStats = async () => (await h.sandbox<any>('GET', '/__sandbox/stats')).byRealm[firm.realmId];

/** Starts a report and waits for it to end; answers the latest report as GET shows it. */
async function runReport(): Promise<any> {
  const started = await as('POST', '/v1/drift-reports');
  expect(started.status).toBe(202);
  for (let i = 0; i < 300; i++) {
    const { report } = (await as('GET', '/v1/drift-reports/latest')).body;
    if (report?.id === started.body.id && report.status !== 'running') return report;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the drift report did not finish');
}

/** Makes a report look as if it had been running since `ago` (a Postgres interval). */
const markRunning = (id: string, ago: string) =>
  sql`update drift_reports set status = 'running', finished_at = null, started_at = now() - ${ago}::interval where id = ${id}`.execute(
    h.db,
  );

/** Every open finding as "kind label field: billing | quickbooks". */
const described = (report: any): string[] =>
  report.groups
    .flatMap((g: any) => g.findings)
    .filter((f: any) => !f.fixedAt)
    .map((f: any) => `${f.kind} ${f.label} ${f.field}: ${f.billingValue} | ${f.quickbooksValue}`)
    .sort();

const invoices: Record<string, { id: string; number: string; qboId: string }> = {};
let payerAna: any;
let payment: any;

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Drift Watch LLP', { syncModel: 1 });
  payerAna = (
    await as('POST', '/v1/payers', {
      type: 'individual',
      firstName: 'Ana',
      lastName: 'Drift',
      email: 'ana@drift.example',
    })
  ).body;
  const bo = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Bo', lastName: 'Steady' })).body;
  const petition = (await as('POST', '/v1/fee-items', { name: 'Drift petition', unitPrice: '500.00' })).body;
  const filing = (await as('POST', '/v1/fee-items', { name: 'Drift filing fee', unitPrice: '250.00' })).body;
  for (const [name, payer] of [
    ['edited', payerAna],
    ['deleted', payerAna],
    ['voided', bo],
    ['paid', bo],
    ['untouched', payerAna],
    ['paidUntouched', bo],
  ] as const) {
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-20',
        dueDate: '2026-12-20',
        lines: [
          { feeItemId: petition.id, quantity: 1 },
          { feeItemId: filing.id, quantity: 2 },
        ],
      })
    ).body;
    const synced = await as('POST', `/v1/invoices/${invoice.id}/sync`);
    expect(synced.body.sync?.status).toBe('synced');
    invoices[name] = { id: invoice.id, number: invoice.number, qboId: synced.body.sync.qboInvoiceId };
  }
  for (const name of ['paid', 'paidUntouched'])
    expect(
      (await as('POST', `/v1/invoices/${invoices[name]!.id}/payments`, { amount: '300.00', date: '2026-11-21' }))
        .status,
    ).toBe(201);
  payment = (await as('GET', `/v1/invoices/${invoices['paid']!.id}/payments`)).body.payments[0];
  expect(payment).toMatchObject({ qboSyncStatus: 'synced', qboPaymentId: expect.any(String) });
});
afterAll(() => h?.close());

describe('the drift report', () => {
  it('finds nothing when QuickBooks holds what the product posted (a full first read)', async () => {
    const report = await runReport();
    expect(report).toMatchObject({ status: 'completed', fullRead: true, groups: [] });
    expect(report.checked).toBeGreaterThanOrEqual(6 + 2 + 2);
    expect(Object.values(report.counts).every((n) => n === 0)).toBe(true);
  });

  it('lists exactly what a bookkeeper changed in QuickBooks, with both values, read through CDC', async () => {
    const edited = (await inQbo('Invoice')).find((i) => i.Id === invoices['edited']!.qboId);
    const [first, ...rest] = edited.Line.filter((l: any) => l.DetailType === 'SalesItemLineDetail');
    await bookkeeper(`Invoice/${edited.Id}`, {
      Line: [
        { ...first, Amount: 1000, SalesItemLineDetail: { ...first.SalesItemLineDetail, Qty: 2, UnitPrice: 500 } },
        ...rest,
      ],
    });
    await bookkeeper(`Invoice/${invoices['deleted']!.qboId}/delete`);
    await bookkeeper(`Invoice/${invoices['voided']!.qboId}/void`);
    await bookkeeper(`Payment/${payment.qboPaymentId}/delete`);
    const customer = (await inQbo('Customer')).find((c) => c.DisplayName === 'Ana Drift');
    await bookkeeper(`Customer/${customer.Id}`, { PrimaryEmailAddr: { Address: 'ana.new@drift.example' } });

    const report = await runReport();
    expect(report).toMatchObject({ status: 'completed', fullRead: false });
    const { edited: e, deleted: d, voided: v, paid: p } = invoices;
    expect(described(report)).toEqual(
      [
        `invoice_changed ${e!.number} total: 1000.00 | 1500.00`,
        `invoice_changed ${e!.number} lines: Drift petition × 1 = 500.00; Drift filing fee × 2 = 500.00 | ${
          report.groups.find((g: any) => g.kind === 'invoice_changed').findings.find((f: any) => f.field === 'lines')
            .quickbooksValue
        }`,
        `invoice_missing ${d!.number} invoice: open, 1000.00 | deleted`,
        `invoice_voided_in_quickbooks ${v!.number} status: open | voided`,
        `payment_missing ${p!.number} amount: 300.00 | deleted`,
        `customer_changed Ana Drift email: ana@drift.example | ana.new@drift.example`,
      ].sort(),
    );
    const lines = report.groups
      .find((g: any) => g.kind === 'invoice_changed')
      .findings.find((f: any) => f.field === 'lines');
    expect(lines.quickbooksValue).toMatch(/× 2 = 1000\.00; .*× 2 = 500\.00$/);
    expect(report.counts).toMatchObject({
      invoice_changed: 2,
      invoice_missing: 1,
      invoice_voided_in_quickbooks: 1,
      payment_missing: 1,
      customer_changed: 1,
      invoice_voided_in_billing: 0,
      item_changed: 0,
    });
    const fixesOf = (kind: string) => report.groups.find((g: any) => g.kind === kind).findings[0].fixes;
    expect(fixesOf('invoice_changed')).toEqual(['overwrite']);
    expect(fixesOf('invoice_missing')).toEqual(['recreate']);
    expect(fixesOf('invoice_voided_in_quickbooks')).toEqual(['accept']);
    expect(fixesOf('payment_missing')).toEqual(['overwrite']);
    expect(fixesOf('customer_changed')).toEqual(['accept', 'overwrite']);
  });

  it('refuses a fix the finding does not offer, naming the field, and changes nothing', async () => {
    const { report } = (await as('GET', '/v1/drift-reports/latest')).body;
    const missing = report.groups.find((g: any) => g.kind === 'invoice_missing').findings[0];
    const refused = await as('POST', `/v1/drift-reports/findings/${missing.id}/fix`, { action: 'accept' });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('action');
    const unknown = await as('POST', `/v1/drift-reports/findings/${missing.id}/fix`, { action: 'shrug' });
    expect(unknown.status).toBe(400);
    expect((await as('GET', '/v1/drift-reports/latest')).body.report.groups).toEqual(report.groups);
  });

  it('settles every finding through its offered fix; the next report is empty', async () => {
    const { report } = (await as('GET', '/v1/drift-reports/latest')).body;
    const first = (kind: string) => report.groups.find((g: any) => g.kind === kind).findings[0];
    const fix = async (kind: string, action: string) => {
      const answer = await as('POST', `/v1/drift-reports/findings/${first(kind).id}/fix`, { action });
      expect(answer.status, `${kind} ${action}: ${JSON.stringify(answer.body)}`).toBe(200);
      expect(answer.body.finding).toMatchObject({ fixedAt: expect.any(String), fixedWith: action });
    };
    await fix('invoice_changed', 'overwrite');
    await fix('invoice_missing', 'recreate');
    await fix('invoice_voided_in_quickbooks', 'accept');
    await fix('payment_missing', 'overwrite');
    await fix('customer_changed', 'accept');

    // Overwriting one edited field overwrote them all.
    const after = (await as('GET', '/v1/drift-reports/latest')).body.report;
    expect(after.groups.every((g: any) => g.open === 0)).toBe(true);

    const qboInvoices = await inQbo('Invoice');
    const edited = qboInvoices.find((i) => i.Id === invoices['edited']!.qboId);
    expect(edited.TotalAmt).toBe(1000);
    const recreated = (await as('GET', `/v1/invoices/${invoices['deleted']!.id}`)).body;
    expect(recreated.sync).toMatchObject({
      status: 'synced',
      qboInvoiceId: expect.not.stringMatching(`^${invoices['deleted']!.qboId}$`),
    });
    expect(qboInvoices.filter((i) => i.DocNumber === invoices['deleted']!.number)).toHaveLength(1);
    const voided = (await as('GET', `/v1/invoices/${invoices['voided']!.id}`)).body;
    expect(voided).toMatchObject({ status: 'void', sync: { status: 'synced' } });
    // Accepting QuickBooks' void wrote nothing more to it: still voided once.
    expect(qboInvoices.find((i) => i.Id === invoices['voided']!.qboId).PrivateNote).toMatch(
      /^Voided - \[quickbooks-sync/,
    );
    const reposted = (await as('GET', `/v1/invoices/${invoices['paid']!.id}/payments`)).body.payments[0];
    expect(reposted).toMatchObject({ qboSyncStatus: 'synced', qboPaymentId: expect.any(String) });
    expect(reposted.qboPaymentId).not.toBe(payment.qboPaymentId);
    expect((await inQbo('Payment')).find((p) => p.Id === reposted.qboPaymentId)).toMatchObject({ TotalAmt: 300 });
    expect((await as('GET', `/v1/payers/${payerAna.id}`)).body.email).toBe('ana.new@drift.example');

    const second = await runReport();
    expect(second).toMatchObject({ status: 'completed', fullRead: false, groups: [] });
    // The sync log tells the story: each fix, then a report that found billing and QuickBooks agreeing.
    const log = (await as('GET', '/v1/sync-log?limit=500')).body.entries;
    expect(log.filter((e: any) => e.action === 'drift_fixed').map((e: any) => e.message)).toEqual([
      `Drift (invoice changed) of ${invoices['edited']!.number} fixed: QuickBooks overwritten from billing`,
      `Drift (invoice missing) of ${invoices['deleted']!.number} fixed: created again in QuickBooks`,
      `Drift (invoice voided in quickbooks) of ${invoices['voided']!.number} fixed: QuickBooks' change taken into billing`,
      `Drift (payment missing) of ${first('payment_missing').label} fixed: QuickBooks overwritten from billing`,
      "Drift (customer changed) of Ana Drift fixed: QuickBooks' change taken into billing",
    ]);
    expect(log.filter((e: any) => e.action === 'drift_report_completed').at(-1).message).toMatch(
      /^Drift report read what changed: \d+ checked, billing and QuickBooks agree$/,
    );
  });

  it("overwrites an item renamed in QuickBooks from billing, through the item's own sync", async () => {
    const item = (await inQbo('Item')).find((i) => i.Name === 'Drift filing fee');
    await bookkeeper(`Item/${item.Id}`, { Name: 'Filing fee (renamed)' });
    const report = await runReport();
    expect(described(report)).toEqual(['item_changed Drift filing fee name: Drift filing fee | Filing fee (renamed)']);
    const finding = report.groups[0].findings[0];
    expect(finding.fixes).toEqual(['overwrite']);
    const fixed = await as('POST', `/v1/drift-reports/findings/${finding.id}/fix`, { action: 'overwrite' });
    expect(fixed.status).toBe(200);
    await vi.waitFor(
      async () => expect((await inQbo('Item')).find((i) => i.Id === item.Id).Name).toBe('Drift filing fee'),
      { timeout: 15_000, interval: 200 },
    );
    expect(await runReport()).toMatchObject({ status: 'completed', groups: [] });
  });

  it('reads only the change feed when nothing changed', async () => {
    const before = await realmStats();
    const report = await runReport();
    expect(report).toMatchObject({ status: 'completed', fullRead: false, groups: [], checked: 0 });
    const after = await realmStats();
    expect(after.total - before.total).toBe(1);
    expect((after.byEndpoint['GET /cdc'] ?? 0) - (before.byEndpoint['GET /cdc'] ?? 0)).toBe(1);
  });

  it('keeps a schedule per firm: set, read back, and turned off', async () => {
    expect((await as('GET', '/v1/drift-reports/schedule')).body).toEqual({ everyHours: null });
    expect((await as('PUT', '/v1/drift-reports/schedule', { everyHours: 24 })).body).toEqual({ everyHours: 24 });
    expect((await as('GET', '/v1/drift-reports/schedule')).body).toEqual({ everyHours: 24 });
    expect((await as('PUT', '/v1/drift-reports/schedule', { everyHours: 6 })).body).toEqual({ everyHours: 6 });
    expect((await as('GET', '/v1/drift-reports/schedule')).body).toEqual({ everyHours: 6 });
    // A scheduled run (triggered now rather than in six hours) makes its own report and completes it.
    const before = (await as('GET', '/v1/drift-reports/latest')).body.report.id;
    await h.client.schedule.getHandle(driftScheduleId(firm.firmId)).trigger();
    await vi.waitFor(
      async () => {
        const { report } = (await as('GET', '/v1/drift-reports/latest')).body;
        expect(report.id).not.toBe(before);
        expect(report.status).toBe('completed');
      },
      { timeout: 15_000, interval: 200 },
    );
    const tooOften = await as('PUT', '/v1/drift-reports/schedule', { everyHours: 0 });
    expect(tooOften.status).toBe(400);
    expect(tooOften.body.field).toMatch(/everyHours/);
    expect((await as('PUT', '/v1/drift-reports/schedule', { everyHours: null })).body).toEqual({ everyHours: null });
    expect((await as('GET', '/v1/drift-reports/schedule')).body).toEqual({ everyHours: null });
  });

  it('answers a running report with its id, and does not let a report whose run was lost block the next', async () => {
    const lost = (await runReport()).id;
    // Its workflow terminated from outside two hours ago: the row still says running.
    await markRunning(lost, '2 hours');
    const next = await runReport();
    expect(next.id).not.toBe(lost);
    expect(next.status).toBe('completed');
    const row = await h.db
      .selectFrom('drift_reports')
      .select(['status', 'error'])
      .where('id', '=', lost)
      .executeTakeFirst();
    expect(row).toEqual({ status: 'failed', error: 'Abandoned: its run stopped without finishing' });

    // A report running for real is not abandoned: asking again answers its id.
    await markRunning(next.id, '1 second');
    expect(await as('POST', '/v1/drift-reports')).toMatchObject({ status: 202, body: { id: next.id } });
    await sql`update drift_reports set status = 'completed', finished_at = now() where id = ${next.id}`.execute(h.db);
  });

  it('refuses a firm whose sync is not active', async () => {
    const idle = await h.newFirm('Idle Drift LLP');
    const refused = await h.call('POST', '/v1/drift-reports', { key: idle.key });
    expect(refused.status).toBe(409);
    expect((await h.call('GET', '/v1/drift-reports/latest', { key: idle.key })).body).toEqual({ report: null });
  });
});
