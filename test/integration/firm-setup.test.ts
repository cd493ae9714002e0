import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consent, createSandboxCompany } from '../../scripts/seed/connect-to-sandbox.js';
import { startHarness, type Harness } from './harness.js';

// The firm super user's setup over HTTP against the sandbox: subscribe, model, connect, activate; and the
// ways a callback can be wrong, each refused without changing anything.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const connectionRow = (firmId: string) =>
  h.db.selectFrom('qbo_connections').selectAll().where('firm_id', '=', firmId).executeTakeFirst();

/** What connecting changes; the Model 2 reconciler moves its CDC cursor (and so updated_at) on its own schedule. */
const connectionState = async (firmId: string) => {
  const { cdc_cursor: _cursor, updated_at: _updated, ...state } = (await connectionRow(firmId))!;
  return state;
};

describe('setting up QuickBooks', () => {
  let firm: { firmId: string; key: string };
  let realmId: string;
  let callbackUrl: string;
  const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });

  beforeAll(async () => {
    firm = await h.newFirm('Setup & Sons Immigration');
    realmId = await createSandboxCompany(h.sandboxUrl, 'Setup & Sons Books');
  });

  it('starts with nothing set up, and refuses to activate, saying what is missing', async () => {
    expect((await as('GET', '/v1/quickbooks/status')).body).toEqual({
      subscribed: false,
      syncModel: null,
      connection: null,
      active: false,
      activatedAt: null,
      unmappedPolicy: 'create',
      autoSync: false,
      updateLinkedRecords: false,
    });
    const refused = await as('POST', '/v1/quickbooks/activate');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('Activation needs a subscription, a sync model, a connected QuickBooks company');
  });

  it("keeps the seed's order: no model before subscribing, no connecting before a model", async () => {
    const early = await as('PUT', '/v1/quickbooks/settings', { syncModel: 1 });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      error: 'setup_order',
      message: 'Choosing the sync model needs a subscription',
    });
    const connect = await as('POST', '/v1/quickbooks/connect');
    expect(connect.status).toBe(409);
    expect(connect.body).toMatchObject({
      error: 'setup_order',
      message: 'Connecting QuickBooks needs a subscription, a sync model',
    });
    expect((await as('POST', '/v1/quickbooks/subscription')).status).toBe(200);
    const stillNoModel = await as('POST', '/v1/quickbooks/connect');
    expect(stillNoModel.body.message).toBe('Connecting QuickBooks needs a sync model');
    // Refused steps leave nothing behind: no model chosen, no consent state issued.
    expect((await as('GET', '/v1/quickbooks/status')).body.syncModel).toBeNull();
    const states = await h.db.selectFrom('oauth_states').select('state').where('firm_id', '=', firm.firmId).execute();
    expect(states).toEqual([]);
    // Settings that are not setup steps may change at any time.
    expect((await as('PUT', '/v1/quickbooks/settings', { autoSync: false })).status).toBe(200);
  });

  it('subscribes and picks Model 2', async () => {
    expect((await as('POST', '/v1/quickbooks/subscription')).body.subscribed).toBe(true);
    expect((await as('PUT', '/v1/quickbooks/settings', { syncModel: 2 })).body).toEqual({
      syncModel: 2,
      unmappedPolicy: 'create',
      autoSync: false,
      updateLinkedRecords: false,
    });
    expect((await as('PUT', '/v1/quickbooks/settings', { syncModel: 3 })).body.field).toBe('syncModel');
    expect((await as('PUT', '/v1/quickbooks/settings', {})).status).toBe(400);
  });

  it("connects through Intuit's consent and the callback", async () => {
    const { body } = await as('POST', '/v1/quickbooks/connect');
    const authorize = new URL(body.authorizeUrl);
    expect(authorize.searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${h.url}/v1/quickbooks/callback`);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32}$/);

    ({ callbackUrl } = await consent(body.authorizeUrl, realmId));
    const callback = await fetch(callbackUrl, { redirect: 'manual' });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/v1/quickbooks/connected');

    const status = (await as('GET', '/v1/quickbooks/status')).body;
    expect(status.connection).toMatchObject({ status: 'connected', realmId, companyName: 'Setup & Sons Books' });
    expect(status.active).toBe(false);
  });

  it('activates, after which the model is fixed and payments belong to QuickBooks', async () => {
    const activated = (await as('POST', '/v1/quickbooks/activate')).body;
    expect(activated.active).toBe(true);
    expect(Date.parse(activated.activatedAt)).toBeGreaterThan(Date.now() - 60_000);
    const change = await as('PUT', '/v1/quickbooks/settings', { syncModel: 1 });
    expect(change.status).toBe(409);
    expect(change.body.error).toBe('sync_active');
    expect((await as('PUT', '/v1/quickbooks/settings', { syncModel: 2, autoSync: true })).status).toBe(200);

    const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Li', lastName: 'Wei' })).body;
    const fee = (await as('POST', '/v1/fee-items', { name: 'Asylum filing', unitPrice: '900.00' })).body;
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      })
    ).body;
    const payment = await as('POST', `/v1/invoices/${invoice.id}/payments`, {
      amount: '100.00',
      date: '2026-11-25',
      method: 'check',
    });
    expect(payment.status).toBe(409);
    expect(payment.body.error).toBe('payments_managed_in_quickbooks');
    expect((await as('GET', `/v1/invoices/${invoice.id}/payments`)).body.payments).toEqual([]);
  });

  it.each([
    ['replayed (the same callback again)', async () => callbackUrl],
    [
      'with a reused state (a second consent for a used state)',
      async () =>
        (await consent(authorizeWithState(new URL(callbackUrl).searchParams.get('state')!), realmId)).callbackUrl,
    ],
    ['with a forged state', async () => withParam(callbackUrl, 'state', 'forged-state-value-0000000000000')],
    [
      'with an expired state',
      async () => {
        const { body } = await as('POST', '/v1/quickbooks/connect');
        const state = new URL(body.authorizeUrl).searchParams.get('state')!;
        await h.db
          .updateTable('oauth_states')
          .set({ expires_at: new Date(Date.now() - 1000) })
          .where('state', '=', state)
          .execute();
        return (await consent(body.authorizeUrl, realmId)).callbackUrl;
      },
    ],
  ])('refuses a callback %s with 400 and changes nothing', async (_case, makeUrl) => {
    const url = await makeUrl();
    const before = await connectionState(firm.firmId);
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_state', field: 'state' });
    expect(await connectionState(firm.firmId)).toEqual(before);
  });

  it("sends a person's browser back to the console, with the reason when connecting failed", async () => {
    const page = { accept: 'text/html,application/xhtml+xml' };
    const replayed = await fetch(callbackUrl, { redirect: 'manual', headers: page });
    expect(replayed.status).toBe(302);
    const failed = new URL(replayed.headers.get('location')!, h.url);
    expect(failed.pathname).toBe('/quickbooks');
    expect(failed.searchParams.get('connectError')).toMatch(/state/i);

    const connected = await fetch(`${h.url}/v1/quickbooks/connected`, { redirect: 'manual', headers: page });
    expect(connected.status).toBe(302);
    expect(connected.headers.get('location')).toBe('/quickbooks?connected=1');

    // Declining at Intuit's consent screen comes back with error=access_denied and no code.
    const declined = new URL(callbackUrl);
    declined.searchParams.delete('code');
    declined.searchParams.set('error', 'access_denied');
    const asPage = await fetch(declined, { redirect: 'manual', headers: page });
    expect(new URL(asPage.headers.get('location')!, h.url).searchParams.get('connectError')).toBe(
      'QuickBooks was not connected: access_denied',
    );
    const asApi = await fetch(declined, { redirect: 'manual' });
    expect(asApi.status).toBe(400);
    expect(await asApi.json()).toMatchObject({ error: 'consent_declined' });
  });

  it('refuses connecting another company without disconnecting first', async () => {
    const otherRealm = await createSandboxCompany(h.sandboxUrl, 'Another Company');
    const { body } = await as('POST', '/v1/quickbooks/connect');
    const before = await connectionState(firm.firmId);
    const response = await fetch((await consent(body.authorizeUrl, otherRealm)).callbackUrl, { redirect: 'manual' });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toBe('disconnect_first');
    expect(await connectionState(firm.firmId)).toEqual(before);
  });

  it('disconnects: revoked at Intuit, tokens gone, history kept; reconnecting the same company resumes', async () => {
    const refreshToken = await h.tokens.refreshTokenOf(firm.firmId);
    expect(refreshToken).toBeTruthy();
    expect((await as('POST', '/v1/quickbooks/disconnect')).body).toEqual({ status: 'disconnected' });
    const row = await connectionRow(firm.firmId);
    expect(row).toMatchObject({
      status: 'disconnected',
      realm_id: realmId,
      access_token_enc: null,
      refresh_token_enc: null,
    });
    const revoked = await fetch(`${h.sandboxUrl}/oauth2/v1/tokens/bearer`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${h.settings.clientId}:${h.settings.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken! }),
    });
    expect(revoked.status).toBe(400);
    expect(((await revoked.json()) as { error: string }).error).toBe('invalid_grant');
    const log = (await as('GET', '/v1/sync-log')).body.entries
      .filter((e: any) => e.entityType === 'connection')
      .map((e: any) => e.action);
    expect(log).toEqual(['quickbooks_connected', 'quickbooks_disconnected']);

    const { body } = await as('POST', '/v1/quickbooks/connect');
    const again = await fetch((await consent(body.authorizeUrl, realmId)).callbackUrl, { redirect: 'manual' });
    expect(again.status).toBe(302);
    expect((await as('GET', '/v1/quickbooks/status')).body).toMatchObject({
      active: true,
      connection: { status: 'connected', realmId },
    });
  });

  it('unsubscribing stops sync and deletes nothing', async () => {
    const status = (await as('DELETE', '/v1/quickbooks/subscription')).body;
    expect(status).toMatchObject({
      subscribed: false,
      active: false,
      syncModel: 2,
      connection: { status: 'connected' },
    });
    expect(status.activatedAt).not.toBeNull();
  });

  function authorizeWithState(state: string): string {
    const url = new URL('/connect/oauth2', h.sandboxUrl);
    url.search = new URLSearchParams({
      client_id: h.settings.clientId,
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      redirect_uri: `${h.url}/v1/quickbooks/callback`,
      state,
    }).toString();
    return url.toString();
  }
});

function withParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}
