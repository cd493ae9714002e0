import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, type Db } from '../../db/database.js';
import { TokenCipher } from '../../qbo-connection/token-cipher.js';
import { TokenStore } from '../../qbo-connection/token-store.js';
import { startHarness, type Harness } from './harness.js';

// The token lifecycle against the sandbox's real OAuth server: refresh ahead of expiry, single-flight
// across workers, refresh on a 401 in the middle of a sync, and a lost grant.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
let fee: any;
let payer: any;

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Token Keepers LLP');
  payer = (
    await h.call('POST', '/v1/payers', {
      key: firm.key,
      body: { type: 'individual', firstName: 'Token', lastName: 'Holder' },
    })
  ).body;
  fee = (
    await h.call('POST', '/v1/fee-items', { key: firm.key, body: { name: 'Visa consultation', unitPrice: '200.00' } })
  ).body;
});
afterAll(() => h?.close());

const refreshes = async () =>
  (
    await h.sandbox<Array<{ refreshes: number; revoked: boolean }>>('GET', `/__sandbox/realms/${firm.realmId}/grants`)
  ).reduce((n, g) => n + g.refreshes, 0);

async function newInvoice(): Promise<string> {
  const created = await h.call('POST', '/v1/invoices', {
    key: firm.key,
    body: {
      payerId: payer.id,
      invoiceDate: '2026-11-25',
      dueDate: '2026-12-25',
      lines: [{ feeItemId: fee.id, quantity: 1 }],
    },
  });
  return created.body.id;
}

describe('access tokens', () => {
  it('two workers needing a fresh token at once cause exactly one refresh, and both work with it', async () => {
    await h.db
      .updateTable('qbo_connections')
      .set({ access_token_expires_at: new Date(Date.now() - 60_000) })
      .where('firm_id', '=', firm.firmId)
      .execute();
    const before = await refreshes();
    const workers: Db[] = [createDb(inject('databaseUrl'), 2), createDb(inject('databaseUrl'), 2)];
    try {
      const stores = workers.map((db) => new TokenStore(db, new TokenCipher(inject('tokenEncryptionKey')), h.settings));
      const tokens = await Promise.all(
        stores.map(async (store) => (await store.connection(firm.firmId)).tokens.current()),
      );
      expect(await refreshes()).toBe(before + 1);
      expect(tokens[0]).toBe(tokens[1]);
      for (const token of tokens) {
        const info = await fetch(
          `${h.sandboxUrl}/v3/company/${firm.realmId}/companyinfo/${firm.realmId}?minorversion=75`,
          { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
        );
        expect(info.status).toBe(200);
      }
    } finally {
      await Promise.all(workers.map((db) => db.destroy()));
    }
    const status = (await h.call('GET', '/v1/quickbooks/status', { key: firm.key })).body;
    expect(status.connection.status).toBe('connected');
  });

  it('an access token QuickBooks expires mid-sync is refreshed and the sync completes', async () => {
    const invoiceId = await newInvoice();
    const before = await refreshes();
    await h.sandbox('POST', '/__sandbox/tokens/expire', { realmId: firm.realmId });
    const synced = await h.call('POST', `/v1/invoices/${invoiceId}/sync`, { key: firm.key });
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    expect(synced.body.sync.status).toBe('synced');
    expect(await refreshes()).toBe(before + 1);
  });

  it('a refused refresh token pauses the firm until it reconnects, and says so in the sync log', async () => {
    const refreshToken = await h.tokens.refreshTokenOf(firm.firmId);
    const revoke = await fetch(`${h.sandboxUrl}/v2/oauth2/tokens/revoke`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${h.settings.clientId}:${h.settings.clientSecret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ token: refreshToken }),
    });
    expect(revoke.status).toBe(200);
    await h.db
      .updateTable('qbo_connections')
      .set({ access_token_expires_at: new Date(Date.now() - 60_000) })
      .where('firm_id', '=', firm.firmId)
      .execute();

    const invoiceId = await newInvoice();
    const failed = await h.call('POST', `/v1/invoices/${invoiceId}/sync`, { key: firm.key });
    expect(failed.status).toBe(200);
    expect(failed.body.sync).toMatchObject({
      status: 'failed',
      action: 'sync_now',
      lastError: { code: 'not_connected' },
    });
    expect(failed.body.sync.lastError.hint).toMatch(/Reconnect QuickBooks/);

    const status = (await h.call('GET', '/v1/quickbooks/status', { key: firm.key })).body;
    expect(status.connection.status).toBe('needs_reconnect');
    const log = (await h.call('GET', '/v1/sync-log?level=error', { key: firm.key })).body.entries.map(
      (e: any) => e.action,
    );
    expect(log).toEqual(['connection_lost', 'sync_failed']);

    const refused = await h.call('POST', `/v1/invoices/${invoiceId}/sync`, { key: firm.key });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('not_connected');
  });
});
