import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { logOptions } from '../../api/log-options.js';
import { consent, createSandboxCompany } from '../../scripts/seed/connect-to-sandbox.js';
import { startHarness, type Harness } from './harness.js';

// A full setup and sync, with every line the API and the worker log captured: no token, client secret, API
// key or authorization code may appear in them, in any API answer, or in the clear in the database. Nor may
// a person's password, session id or set-password link token.

const apiLog: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    apiLog.push(String(chunk));
    done();
  },
});

let h: Harness;
const secrets: Record<string, string> = {};
const answers: string[] = [];

beforeAll(async () => {
  h = await startHarness({ logger: logOptions('debug', capture) });
  const record = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await h.call(method, path, { key, body });
    answers.push(JSON.stringify(response.body));
    return response;
  };
  const { firmId, key } = await h.newFirm('Discreet Immigration Partners');
  secrets.apiKey = key;
  secrets.clientSecret = h.settings.clientSecret;
  await record('POST', '/v1/quickbooks/subscription', key);
  await record('PUT', '/v1/quickbooks/settings', key, { syncModel: 1 });
  const { authorizeUrl } = (await record('POST', '/v1/quickbooks/connect', key)).body;
  const { callbackUrl } = await consent(authorizeUrl, await createSandboxCompany(h.sandboxUrl, 'Discreet Books'));
  secrets.authorizationCode = new URL(callbackUrl).searchParams.get('code')!;
  const callback = await fetch(callbackUrl, { redirect: 'manual' });
  answers.push(await callback.text());
  await record('POST', '/v1/quickbooks/activate', key);
  secrets.billingKey = (await record('POST', '/v1/api-keys', key, { role: 'billing' })).body.apiKey;

  const payer = (
    await record('POST', '/v1/payers', secrets.billingKey!, {
      type: 'individual',
      firstName: 'Quiet',
      lastName: 'Client',
    })
  ).body;
  const fee = (
    await record('POST', '/v1/fee-items', secrets.billingKey!, { name: 'Confidential advice', unitPrice: '300.00' })
  ).body;
  const invoice = (
    await record('POST', '/v1/invoices', secrets.billingKey!, {
      payerId: payer.id,
      invoiceDate: '2026-11-25',
      dueDate: '2026-12-10',
      lines: [{ feeItemId: fee.id, quantity: 2 }],
    })
  ).body;
  const synced = await record('POST', `/v1/invoices/${invoice.id}/sync`, secrets.billingKey!);
  expect(synced.body.sync?.status).toBe('synced');
  await record('GET', '/v1/quickbooks/status', key);
  await record('GET', `/v1/sync-log?invoiceId=${invoice.id}`, key);

  // A person: added without a password, opens the link, sets one, signs in, works and signs out.
  const added = await record('POST', '/v1/users', key, {
    email: 'quiet.person@example.test',
    name: 'Quiet Person',
    role: 'admin',
  });
  const link = added.body.setPasswordUrl as string;
  secrets.setPasswordToken = new URL(link).searchParams.get('token')!;
  secrets.password = 'a discreet passphrase';
  const browse = async (method: string, path: string, options: Parameters<Harness['browserCall']>[2] = {}) => {
    const response = await h.browserCall(method, path, options);
    answers.push(typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
    return response;
  };
  await browse('GET', new URL(link).pathname + new URL(link).search);
  const visitor = await h.visit();
  expect(
    (
      await browse('POST', '/v1/users/set-password', {
        ...visitor,
        body: { token: secrets.setPasswordToken, password: secrets.password },
      })
    ).status,
  ).toBe(200);
  const signedIn = await browse('POST', '/v1/session', {
    ...visitor,
    body: { email: 'quiet.person@example.test', password: secrets.password },
  });
  const signedId = decodeURIComponent(signedIn.cookie!.slice('qbs_session='.length));
  secrets.sessionId = signedId.slice(0, signedId.lastIndexOf('.'));
  const session = { cookie: signedIn.cookie!, csrfToken: signedIn.body.csrfToken as string };
  expect((await browse('POST', '/v1/api-keys', { ...session, body: { role: 'viewer' } })).status).toBe(201);
  await browse('GET', '/v1/users', session);
  await browse('DELETE', '/v1/session', session);

  secrets.accessToken = await (await h.tokens.connection(firmId)).tokens.current();
  secrets.refreshToken = (await h.tokens.refreshTokenOf(firmId))!;
});
afterAll(() => h?.close());

function leaks(text: string): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => value && text.includes(value))
    .map(([name]) => name);
}

describe('secrets never leak', () => {
  it('has real secrets to look for', () => {
    expect(secrets.accessToken!.length).toBeGreaterThan(10);
    expect(secrets.refreshToken!.length).toBeGreaterThan(10);
    expect(secrets.authorizationCode!.length).toBeGreaterThan(5);
  });

  it("keeps them out of the API's logs, which did log the setup", () => {
    const text = apiLog.join('');
    expect(text).toContain('/v1/quickbooks/callback?code=[redacted]');
    expect(text).toContain('/set-password?token=[redacted]');
    expect(text).not.toMatch(/Bearer |Basic /);
    expect(leaks(text)).toEqual([]);
  });

  it("keeps them out of the worker's logs", () => {
    const text = readFileSync(join(inject('logDir'), 'worker.log'), 'utf8');
    expect(text.length).toBeGreaterThan(0);
    expect(leaks(text)).toEqual([]);
  });

  it('keeps them out of every API answer but the ones that issue a key or a set-password link', () => {
    const issued = answers.filter((a) => a.includes(secrets.billingKey!) || a.includes(secrets.setPasswordToken!));
    expect(issued).toHaveLength(2);
    expect(leaks(answers.filter((a) => !issued.includes(a)).join('\n'))).toEqual([]);
  });

  it('stores no token or key in the clear', async () => {
    const tables = [
      'firms',
      'api_keys',
      'users',
      'sessions',
      'set_password_tokens',
      'qbo_connections',
      'oauth_states',
      'sync_log',
      'invoice_sync_state',
      'payer_mappings',
      'fee_item_mappings',
    ] as const;
    const dump = (await Promise.all(tables.map((t) => h.db.selectFrom(t).selectAll().execute())))
      .map((rows) => JSON.stringify(rows))
      .join('\n');
    expect(dump).toContain('v1.');
    expect(leaks(dump)).toEqual([]);
  });
});
