import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpQuickBooks } from '../../scripts/seed/connect-to-sandbox.js';
import { startHarness, type Harness } from './harness.js';

// A bulk job's dry run over 200 invoices, with one or two invoices seeded for each problem it looks for
// (through the API and the sandbox's bookkeeper routes), against a real sandbox company: it must report each
// problem once with its reason, pass the clean ones, read QuickBooks in a few batched queries and write
// nothing, neither to QuickBooks nor to the database.

const INVOICES = 200;

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
const seed = (entity: string, body: unknown) =>
  h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/${entity}`, body);
/** A bookkeeper's sparse edit in QuickBooks' own screens. */
const edit = (entity: string, id: string, body: unknown) =>
  h.sandbox<any>('POST', `/__sandbox/realms/${firm.realmId}/${entity}/${id}`, body);

async function create(path: string, body: unknown): Promise<any> {
  const response = await as('POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const response = await as(method, path, body);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
}

const invoice = (payerId: string, feeItemIds: string[], number?: string) =>
  create('/v1/invoices', {
    payerId,
    ...(number && { number }),
    invoiceDate: '2026-11-25',
    dueDate: '2026-12-25',
    lines: feeItemIds.map((feeItemId) => ({ feeItemId, quantity: 2 })),
  });

/** The firm's rows a dry run must leave alone: jobs, sync states (with their last change) and sync-log entries. */
async function writes(firmId: string) {
  const count = async (table: 'sync_jobs' | 'sync_log') =>
    Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('firm_id', '=', firmId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const states = await h.db
    .selectFrom('invoice_sync_state')
    .select(['invoice_id', 'status', 'updated_at'])
    .where('firm_id', '=', firmId)
    .orderBy('invoice_id')
    .execute();
  return { jobs: await count('sync_jobs'), log: await count('sync_log'), states };
}

async function realmCalls(realmId: string): Promise<Record<string, number>> {
  const stats = await h.sandbox<any>('GET', '/__sandbox/stats');
  return { ...(stats.byRealm[realmId]?.byEndpoint ?? {}) };
}

function callsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([endpoint, n]) => [endpoint, n - (before[endpoint] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

/** Invoice numbers by reason, as the dry run grouped them. */
const numbersByReason = (report: any): Record<string, string[]> =>
  Object.fromEntries(report.problems.map((p: any) => [p.reason, p.invoices.map((i: any) => i.number).sort()]));

const ids: string[] = [];
const expected: Record<string, string[]> = {};
let mine: any;

beforeAll(async () => {
  h = await startHarness();
  const { firmId, key } = await h.newFirm('Preflight Partners LLP');
  firm = { firmId, key, realmId: '' };

  // Before activation: never eligible.
  const early = await create('/v1/payers', { type: 'individual', firstName: 'Early', lastName: 'Client' });
  const filing = await create('/v1/fee-items', { name: 'Filing fee', unitPrice: '100.00' });
  ids.push((await invoice(early.id, [filing.id], 'EARLY-1')).id);
  ({ realmId: firm.realmId } = await setUpQuickBooks(h.url, key, { companyName: 'Preflight Partners LLP' }));

  const income = (await h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/Account`)).find(
    (a) => a.AccountType === 'Income',
  );
  const qboItem = (Name: string) => seed('Item', { Name, Type: 'Service', IncomeAccountRef: { value: income.Id } });
  const qbo = {
    clean: await seed('Customer', { DisplayName: 'Clean Client Corp' }),
    dormant: await seed('Customer', { DisplayName: 'Dormant Client' }),
    outsider: await seed('Customer', { DisplayName: 'Outsider LLC' }),
    filing: await qboItem('Filing fee'),
    retired: await qboItem('Retired service'),
  };

  const clean = await create('/v1/payers', { type: 'corporation', companyName: 'Clean Client Corp' });
  const dormant = await create('/v1/payers', { type: 'individual', firstName: 'Dormant', lastName: 'Client' });
  const held = await create('/v1/payers', { type: 'individual', firstName: 'Held', lastName: 'Person' });
  const retired = await create('/v1/fee-items', { name: 'Retired service', unitPrice: '50.00' });
  const unmappedFee = await create('/v1/fee-items', { name: 'Unmapped service', unitPrice: '75.00' });
  // Blank once trimmed: the item QuickBooks would be asked to create has no name.
  const unnamed = await create('/v1/fee-items', { name: '   ', unitPrice: '10.00' });
  await ok('PUT', `/v1/mappings/payers/${clean.id}`, { qboCustomerId: qbo.clean.Id });
  await ok('PUT', `/v1/mappings/payers/${dormant.id}`, { qboCustomerId: qbo.dormant.Id });
  await ok('PUT', `/v1/mappings/fee-items/${filing.id}`, { qboItemId: qbo.filing.Id });
  await ok('PUT', `/v1/mappings/fee-items/${retired.id}`, { qboItemId: qbo.retired.Id });
  await ok('PUT', `/v1/mappings/fee-items/${unnamed.id}`, { createNew: true });
  await edit('Customer', qbo.dormant.Id, { Active: false });
  await edit('Item', qbo.retired.Id, { Active: false });
  const qboLine = {
    DetailType: 'SalesItemLineDetail',
    Amount: 100,
    SalesItemLineDetail: { ItemRef: { value: qbo.filing.Id }, Qty: 1, UnitPrice: 100 },
  };
  await seed('Invoice', { DocNumber: 'CLASH-1', CustomerRef: { value: qbo.outsider.Id }, Line: [qboLine] });
  await seed('Invoice', { DocNumber: 'MINE-1', CustomerRef: { value: qbo.clean.Id }, Line: [qboLine] });

  const synced = await invoice(clean.id, [filing.id], 'SYNCED-1');
  const syncing = await as('POST', `/v1/invoices/${synced.id}/sync`);
  expect(syncing.body.sync?.status, JSON.stringify(syncing.body)).toBe('synced');
  await ok('PUT', '/v1/quickbooks/settings', { unmappedPolicy: 'hold' });

  const voided = await invoice(clean.id, [filing.id], 'VOID-1');
  await ok('POST', `/v1/invoices/${voided.id}/void`);
  const long = await invoice(clean.id, [filing.id], 'LONG-1');
  // The API takes at most 21 characters now; an invoice numbered before that rule (or imported) still can be longer.
  await h.db.updateTable('invoices').set({ number: 'LONG-1-FROM-THE-OLD-SYSTEM' }).where('id', '=', long.id).execute();
  mine = await invoice(clean.id, [filing.id], 'MINE-1');
  const seeded = [
    synced,
    voided,
    long,
    mine,
    await invoice(dormant.id, [filing.id], 'INACTIVE-C'),
    await invoice(clean.id, [filing.id, retired.id], 'INACTIVE-I'),
    await invoice(held.id, [filing.id], 'HELD-P'),
    await invoice(clean.id, [unmappedFee.id], 'HELD-F'),
    await invoice(clean.id, [filing.id], 'CLASH-1'),
    await invoice(clean.id, [unnamed.id, filing.id], 'UNNAMED-1'),
    // Two reasons, three details: still once per reason.
    await invoice(held.id, [retired.id, unmappedFee.id], 'MULTI-1'),
  ];
  ids.push(...seeded.map((i) => i.id));
  while (ids.length < INVOICES) ids.push((await invoice(clean.id, [filing.id])).id);

  Object.assign(expected, {
    not_eligible: ['EARLY-1'],
    void_never_posted: ['VOID-1'],
    already_synced: ['SYNCED-1'],
    needs_mapping: ['HELD-F', 'HELD-P', 'MULTI-1'],
    inactive_record: ['INACTIVE-C', 'INACTIVE-I', 'MULTI-1'],
    doc_number_too_long: ['LONG-1-FROM-THE-OLD-SYSTEM'],
    doc_number_taken: ['CLASH-1'],
    lines_refused: ['UNNAMED-1'],
  });
});
afterAll(async () => {
  await h?.close();
});

describe('a dry run of a bulk job', () => {
  it('reports each problem once with its reason and fix, passes the clean invoices, and writes nothing', async () => {
    const before = await writes(firm.firmId);
    const callsBefore = await realmCalls(firm.realmId);

    const response = await as('POST', '/v1/sync-jobs', { invoiceIds: ids, dryRun: true });

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body;
    expect(numbersByReason(report)).toEqual(expected);
    for (const problem of report.problems) {
      expect(problem.message, problem.reason).toBeTruthy();
      expect(problem.fix, problem.reason).toBeTruthy();
      expect(new Set(problem.invoices.map((i: any) => i.id)).size, problem.reason).toBe(problem.invoices.length);
    }
    const problemIds = new Set(report.problems.flatMap((p: any) => p.invoices.map((i: any) => i.id)));
    expect(report).toMatchObject({ total: INVOICES, withProblems: problemIds.size, ok: INVOICES - problemIds.size });
    expect(problemIds.size).toBe(11);
    expect(report.okInvoices).toHaveLength(INVOICES - 11);
    expect(report.okInvoices).toContainEqual({ id: mine.id, number: 'MINE-1' });
    expect(report.okInvoices.some((i: any) => problemIds.has(i.id))).toBe(false);

    const multi = (reason: string) =>
      report.problems.find((p: any) => p.reason === reason).invoices.find((i: any) => i.number === 'MULTI-1').detail;
    expect(multi('needs_mapping')).toBe('payer Held Person; fee item Unmapped service');
    expect(multi('inactive_record')).toBe('fee item Retired service is mapped to Retired service, which is inactive');
    const clash = report.problems.find((p: any) => p.reason === 'doc_number_taken');
    expect(clash.invoices[0].detail).toMatch(/Outsider LLC/);
    expect(clash.fix).toMatch(/another number/);

    // Reads only, batched: mapped customers, mapped items, and the numbers, one query each.
    expect(callsSince(callsBefore, await realmCalls(firm.realmId))).toEqual({ 'POST /query': 3 });
    expect(await writes(firm.firmId)).toEqual(before);
  });

  it('checks, for all: true, the invoices the job would take', async () => {
    const response = await as('POST', '/v1/sync-jobs', { all: true, dryRun: true });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const skippedByTheJob = ['not_eligible', 'void_never_posted', 'already_synced'];
    const wouldTake = Object.fromEntries(Object.entries(expected).filter(([r]) => !skippedByTheJob.includes(r)));
    expect(numbersByReason(response.body)).toEqual(wouldTake);
    expect(response.body.total).toBe(INVOICES - 3);
  });

  it('answers bad input with 400 naming the field, and starts nothing', async () => {
    const before = await writes(firm.firmId);
    for (const [body, field] of [
      [{ invoiceIds: ids, dryRun: 'yes' }, 'dryRun'],
      [{ all: true, dryRun: 1 }, 'dryRun'],
      [{ all: false, dryRun: true }, 'all'],
      [{ invoiceIds: [...ids.slice(0, 3), '00000000-0000-4000-8000-000000000000'], dryRun: true }, 'invoiceIds.3'],
    ] as const) {
      const response = await as('POST', '/v1/sync-jobs', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.field, JSON.stringify(body)).toBe(field);
    }
    expect(await writes(firm.firmId)).toEqual(before);
  });
});

describe('the same body without dryRun', () => {
  it('still starts the job', async () => {
    const started = await as('POST', '/v1/sync-jobs', { invoiceIds: [mine.id], dryRun: false });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.total).toBe(1);
  });
});

describe('the OpenAPI document', () => {
  it('describes dryRun and its 200 answer with the reasons', async () => {
    const post = (await h.call('GET', '/docs/json')).body.paths['/v1/sync-jobs'].post;
    expect(post.requestBody.content['application/json'].schema.properties.dryRun.type).toBe('boolean');
    const answer = post.responses['200'].content['application/json'].schema;
    expect(answer.properties.problems.items.properties.reason.enum).toContain('doc_number_taken');
  });
});

describe('a dry run when the connection needs reconnecting', () => {
  it('makes that the one problem for every invoice, and then asks QuickBooks nothing', async () => {
    const other = await h.connectedFirm('Lapsed Connection LLP');
    const call = (method: string, path: string, body?: unknown) => h.call(method, path, { key: other.key, body });
    const payer = (await call('POST', '/v1/payers', { type: 'individual', firstName: 'Ana', lastName: 'Ruiz' })).body;
    const fee = (await call('POST', '/v1/fee-items', { name: 'Consultation', unitPrice: '90.00' })).body;
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await call('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      });
      numbers.push(created.body.number);
    }
    // Intuit refuses the refresh token from now on; the access token has run out.
    const revoke = await fetch(`${h.sandboxUrl}/v2/oauth2/tokens/revoke`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${h.settings.clientId}:${h.settings.clientSecret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ token: await h.tokens.refreshTokenOf(other.firmId) }),
    });
    expect(revoke.status).toBe(200);
    await h.db
      .updateTable('qbo_connections')
      .set({ access_token_expires_at: new Date(Date.now() - 60_000) })
      .where('firm_id', '=', other.firmId)
      .execute();
    const callsBefore = await realmCalls(other.realmId);

    // The first dry run finds out as it starts reading; the token store marks the connection.
    const first = await call('POST', '/v1/sync-jobs', { all: true, dryRun: true });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(numbersByReason(first.body)).toEqual({ reconnect_needed: [...numbers].sort() });
    expect((await call('GET', '/v1/quickbooks/status')).body.connection.status).toBe('needs_reconnect');

    const before = await writes(other.firmId);
    const second = await call('POST', '/v1/sync-jobs', { all: true, dryRun: true });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ total: 3, ok: 0, withProblems: 3, okInvoices: [] });
    expect(second.body.problems).toHaveLength(1);
    expect(second.body.problems[0]).toMatchObject({
      reason: 'reconnect_needed',
      fix: expect.stringMatching(/reconnect/i),
    });
    expect(callsSince(callsBefore, await realmCalls(other.realmId))).toEqual({});
    expect(await writes(other.firmId)).toEqual(before);
  });
});
