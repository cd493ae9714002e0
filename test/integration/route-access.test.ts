import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../db/queries/firms.js';
import { startHarness, type BrowserSession, type Harness } from './harness.js';

// Every route the API documents, called with no key, a bad key, a viewer key (on writes), a billing key (on
// admin routes) and another firm's admin key (on this firm's objects): 401, 401, 403, 403, 404, and
// nothing written anywhere. The same again as signed-in users (one authorization layer for both), plus a
// forged cookie (401) and a real session's write without its CSRF token (403).

const SESSION_ROUTES = ['GET /v1/session', 'POST /v1/session', 'DELETE /v1/session', 'POST /v1/users/set-password'];
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /v1/quickbooks/callback',
  'GET /v1/quickbooks/connected',
  'POST /v1/firms',
  'POST /v1/webhooks/quickbooks',
  ...SESSION_ROUTES,
]);
const ADMIN_ONLY =
  /^((POST|PUT|DELETE) \/v1\/(api-keys|quickbooks\/(subscription|settings|connect|disconnect|activate|deactivate))|(GET|POST|PATCH|DELETE) \/v1\/users(\/.*)?)$/;
/** Mapping and QBO browsing are for billing staff and admins; viewers only read billing data. */
const NO_VIEWERS = /^GET \/v1\/(mappings|quickbooks\/(customers|items))/;

let h: Harness;
let firm: { firmId: string; key: string };
let other: { firmId: string; key: string };
let ids: { payers: string; 'fee-items': string; invoices: string; 'sync-jobs': string; payment: string; users: string };
let operations: Array<{ method: string; path: string }>;

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Guarded Firm LLP');
  other = await h.connectedFirm('Curious Firm LLP');
  const as = (path: string, body: unknown) =>
    h.call('POST', path, { key: firm.key, body }).then((r) => r.body.id as string);
  const payer = await as('/v1/payers', { type: 'individual', firstName: 'Guarded', lastName: 'Payer' });
  const feeItem = await as('/v1/fee-items', { name: 'Guarded fee', unitPrice: '10.00' });
  const invoice = await as('/v1/invoices', {
    payerId: payer,
    invoiceDate: '2026-11-25',
    dueDate: '2026-11-25',
    lines: [{ feeItemId: feeItem, quantity: 1 }],
  });
  const job = (await h.call('POST', '/v1/sync-jobs', { key: firm.key, body: { invoiceIds: [invoice] } })).body
    .id as string;
  // Let the job finish, so nothing it writes is mistaken for a write by a refused request.
  for (
    let i = 0;
    i < 100 && (await h.call('GET', `/v1/sync-jobs/${job}`, { key: firm.key })).body.status !== 'completed';
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  const payment = (
    await h.call('POST', `/v1/invoices/${invoice}/payments`, {
      key: firm.key,
      body: { amount: '1.00', date: '2026-11-25' },
    })
  ).body.id as string;
  const user = await h.addUser(firm.key, {
    email: `guarded.${Date.now()}@example.test`,
    name: 'Guarded User',
    role: 'viewer',
  });
  ids = { payers: payer, 'fee-items': feeItem, invoices: invoice, 'sync-jobs': job, payment, users: user.id };

  const doc = (await h.call('GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })),
  );
});
afterAll(() => h?.close());

/** A body each write accepts, so a 404 is not hidden behind a 400. */
function bodyFor(method: string, path: string): unknown {
  const key = `${method} ${path}`;
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (key.endsWith('/payers') || key.startsWith('PUT /v1/payers'))
    return { type: 'individual', firstName: 'Changed', lastName: 'Name' };
  if (key.endsWith('/fee-items') || key.startsWith('PUT /v1/fee-items'))
    return { name: 'Changed fee', unitPrice: '1.00' };
  if (key === 'POST /v1/invoices' || key === 'PUT /v1/invoices/{id}')
    return {
      payerId: ids.payers,
      invoiceDate: '2026-11-25',
      dueDate: '2026-11-25',
      lines: [{ feeItemId: ids['fee-items'], quantity: 1 }],
    };
  if (key.endsWith('/payments')) return { amount: '1.00', date: '2026-11-25' };
  if (key === 'POST /v1/api-keys') return { role: 'viewer' };
  if (key === 'POST /v1/users')
    return { email: `never.made.${Date.now()}@example.test`, name: 'Never Made', role: 'viewer' };
  if (key === 'PATCH /v1/users/{id}') return { name: 'Changed Name' };
  if (key === 'PUT /v1/quickbooks/settings') return { autoSync: true };
  if (key === 'POST /v1/sync-jobs') return { invoiceIds: [ids.invoices] };
  if (key.startsWith('PUT /v1/mappings/')) return { createNew: true };
  if (key === 'POST /v1/drift-reports/findings/{id}/fix') return { action: 'overwrite' };
  if (key === 'PUT /v1/drift-reports/schedule') return { everyHours: null };
  return {};
}

/** No finding exists: another firm's admin must get the same 404 as for one of this firm's. */
const NO_SUCH_FINDING = '00000000-0000-4000-8000-000000000000';

function concrete(path: string): string {
  return path
    .replace(
      /^\/v1\/([\w-]+)\/\{id\}/,
      (_m, area: 'payers' | 'fee-items' | 'invoices' | 'sync-jobs' | 'users') => `/v1/${area}/${ids[area]}`,
    )
    .replace('{payerId}', ids.payers)
    .replace('{feeItemId}', ids['fee-items'])
    .replace('{paymentId}', ids.payment)
    .replace('/findings/{id}', `/findings/${NO_SUCH_FINDING}`);
}

async function everyRowCount(): Promise<Record<string, number>> {
  const tables = [
    'firms',
    'api_keys',
    'users',
    'sessions',
    'set_password_tokens',
    'payers',
    'fee_items',
    'invoices',
    'invoice_lines',
    'payments',
    'qbo_connections',
    'oauth_states',
    'payer_mappings',
    'fee_item_mappings',
    'invoice_sync_state',
    'sync_jobs',
    'sync_log',
    'webhook_events',
    'drift_reports',
    'drift_findings',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables)
    counts[table] = Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return counts;
}

const firmState = async () => ({
  firm: await h.db.selectFrom('firms').selectAll().where('id', '=', firm.firmId).executeTakeFirst(),
  payer: await h.db.selectFrom('payers').selectAll().where('id', '=', ids.payers).executeTakeFirst(),
  feeItem: await h.db.selectFrom('fee_items').selectAll().where('id', '=', ids['fee-items']).executeTakeFirst(),
  connection: await h.db
    .selectFrom('qbo_connections')
    .selectAll()
    .where('firm_id', '=', firm.firmId)
    .executeTakeFirst(),
  user: await h.db.selectFrom('users').selectAll().where('id', '=', ids.users).executeTakeFirst(),
});

/** A user of the firm with this role, signed in (with the cookie and CSRF token a browser would hold). */
async function signedIn(key: string, role: 'admin' | 'billing' | 'viewer'): Promise<BrowserSession> {
  const email = `${role}.${Math.random().toString(36).slice(2)}@example.test`;
  const password = 'route access password';
  await h.addUser(key, { email, name: `${role} user`, role, password });
  return h.signIn(email, password);
}

/** Calls a route as someone; answers the status. */
type Caller = (method: string, url: string, body: unknown) => Promise<number>;

describe('every route guards its firm', () => {
  it('documents the routes it guards', () => {
    const guarded = operations.filter((o) => !PUBLIC.has(`${o.method} ${o.path}`) && !o.path.startsWith('/docs'));
    expect(guarded.length).toBeGreaterThanOrEqual(32);
    expect(guarded.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /v1/invoices/{id}/sync', 'GET /v1/sync-log', 'POST /v1/quickbooks/activate']),
    );
  });

  it.each(['API keys', 'signed-in users'])(
    'answers 401 / 401 / 403 / 403 / 404 to %s and writes nothing',
    async (kind) => {
      const asKey =
        (key: string): Caller =>
        async (method, url, body) =>
          (await h.call(method, url, { key, body })).status;
      const asUser =
        (session: { cookie: string; csrfToken?: string }): Caller =>
        async (method, url, body) =>
          (await h.browserCall(method, url, { ...session, body })).status;
      const callers =
        kind === 'API keys'
          ? {
              bad: asKey('qbs_forged-key-0000000000000000'),
              viewer: asKey(await issueApiKey(h.db, firm.firmId, 'viewer')),
              billing: asKey(await issueApiKey(h.db, firm.firmId, 'billing')),
              outsider: asKey(other.key),
            }
          : {
              bad: asUser({ cookie: 'qbs_session=forged.c2lnbmF0dXJl', csrfToken: 'forged' }),
              viewer: asUser(await signedIn(firm.key, 'viewer')),
              billing: asUser(await signedIn(firm.key, 'billing')),
              outsider: asUser(await signedIn(other.key, 'admin')),
            };
      // A real admin session whose writes leave out the CSRF token: refused before anything happens.
      const withoutCsrf =
        kind === 'API keys' ? undefined : asUser({ cookie: (await signedIn(firm.key, 'admin')).cookie });
      const countsBefore = await everyRowCount();
      const stateBefore = await firmState();
      const failures: string[] = [];
      const expectStatus = (label: string, got: number, want: number) =>
        got !== want && failures.push(`${label}: ${got}, expected ${want}`);

      for (const { method, path } of operations) {
        const name = `${method} ${path}`;
        if (PUBLIC.has(name) || path.startsWith('/docs')) continue;
        const url = concrete(path);
        const body = bodyFor(method, path);
        expectStatus(`${name} without credentials`, (await h.call(method, url, { body })).status, 401);
        expectStatus(`${name} with bad credentials`, await callers.bad(method, url, body), 401);
        if (method !== 'GET' || NO_VIEWERS.test(name) || ADMIN_ONLY.test(name))
          expectStatus(`${name} as viewer`, await callers.viewer(method, url, body), 403);
        if (ADMIN_ONLY.test(name)) expectStatus(`${name} as billing`, await callers.billing(method, url, body), 403);
        if (path.includes('{'))
          expectStatus(`${name} as another firm's admin`, await callers.outsider(method, url, body), 404);
        if (withoutCsrf && method !== 'GET')
          expectStatus(`${name} as admin without a CSRF token`, await withoutCsrf(method, url, body), 403);
      }

      expect(failures).toEqual([]);
      expect(await everyRowCount()).toEqual({ ...countsBefore, api_keys: countsBefore.api_keys });
      expect(await firmState()).toEqual(stateBefore);
    },
  );
});

describe('the public session routes', () => {
  it('answer anyone on GET, and refuse writes without a CSRF token, writing nothing', async () => {
    const session = await h.call('GET', '/v1/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ user: null, firm: null, csrfToken: expect.any(String) });
    const token = new URL(
      (await h.call('POST', `/v1/users/${ids.users}/password-reset`, { key: firm.key })).body.setPasswordUrl,
    ).searchParams.get('token')!;
    const countsBefore = await everyRowCount();

    for (const [method, path, body] of [
      ['POST', '/v1/session', { email: 'someone@example.test', password: 'some password' }],
      ['DELETE', '/v1/session', undefined],
      ['POST', '/v1/users/set-password', { token, password: 'a new password here' }],
    ] as const) {
      const answer = await h.call(method, path, { body });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error).toBe('csrf_invalid');
    }
    expect(await everyRowCount()).toEqual(countsBefore);
    expect(
      (await h.db.selectFrom('users').select('password_hash').where('id', '=', ids.users).executeTakeFirstOrThrow())
        .password_hash,
    ).toBeNull();
  });
});
