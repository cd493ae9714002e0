import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  authorize,
  basic,
  CLIENT_ID,
  CLIENT_SECRET,
  connect,
  control,
  REDIRECT,
  startSandbox,
  tokenRequest,
  type Sandbox,
} from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

describe('authorize', () => {
  it('auto-consents for a new realm and redirects with code, state and realmId', async () => {
    const cb = await authorize(sb.base);
    expect(`${cb.origin}${cb.pathname}`).toBe(REDIRECT);
    expect(cb.searchParams.get('state')).toBe('st-1');
    expect(cb.searchParams.get('code')).toMatch(/^AB11/);
    const realmId = cb.searchParams.get('realmId') ?? '';
    expect(realmId).toMatch(/^\d{10,}$/);
    const realms = (await control(sb.base, 'GET', '/realms')).json as Array<{ realmId: string }>;
    expect(realms.map((r) => r.realmId)).toContain(realmId);
  });

  it('consents for an existing realm named by realmId', async () => {
    const created = (await control(sb.base, 'POST', '/realms', { companyName: 'Lee Immigration Law' })).json;
    expect(created.companyName).toBe('Lee Immigration Law');
    const cb = await authorize(sb.base, { realmId: created.realmId });
    expect(cb.searchParams.get('realmId')).toBe(created.realmId);
  });

  it('rejects an unknown client, a bad redirect, and a missing accounting scope', async () => {
    const url = (p: Record<string, string>) =>
      `${sb.base}/connect/oauth2?${new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'com.intuit.quickbooks.accounting', redirect_uri: REDIRECT, state: 's', ...p })}`;
    expect((await fetch(url({ client_id: 'nope' }), { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(url({ redirect_uri: 'ftp://x/y' }), { redirect: 'manual' })).status).toBe(400);
    const res = await fetch(url({ scope: 'openid' }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
  });

  it('accepts only the configured redirect URI when one is set', async () => {
    const strict = await startSandbox({ redirectUri: 'https://app.example/cb' });
    try {
      const ok = await fetch(
        `${strict.base}/connect/oauth2?${new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'com.intuit.quickbooks.accounting', redirect_uri: 'https://app.example/cb', state: 'x' })}`,
        { redirect: 'manual' },
      );
      expect(ok.status).toBe(302);
      await expect(authorize(strict.base)).rejects.toThrow(/400/);
    } finally {
      await strict.close();
    }
  });
});

describe('token endpoint', () => {
  it('exchanges a code once; a replayed code is invalid_grant and kills the tokens it issued', async () => {
    const cb = await authorize(sb.base);
    const code = cb.searchParams.get('code') ?? '';
    const first = await tokenRequest(sb.base, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    expect(first.headers.get('intuit_tid')).toMatch(/^1-/);
    const tokens = (await first.json()) as any;
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8726400 });
    expect(tokens.x_refresh_token_hard_expires_in).toBeUndefined();
    const company = {
      realmId: cb.searchParams.get('realmId') ?? '',
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
    };
    expect((await api(sb.base, company, 'GET', `/companyinfo/${company.realmId}`)).status).toBe(200);

    const second = await tokenRequest(sb.base, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(second.status).toBe(400);
    expect(((await second.json()) as any).error).toBe('invalid_grant');
    expect((await api(sb.base, company, 'GET', `/companyinfo/${company.realmId}`)).status).toBe(401);
    const refresh = await tokenRequest(sb.base, { grant_type: 'refresh_token', refresh_token: company.refreshToken });
    expect(refresh.status).toBe(400);
  });

  it('requires the redirect_uri of the authorization request', async () => {
    const cb = await authorize(sb.base);
    const res = await tokenRequest(sb.base, {
      grant_type: 'authorization_code',
      code: cb.searchParams.get('code') ?? '',
      redirect_uri: 'http://other/cb',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toBe('invalid_grant');
  });

  it('rotates the refresh token on every refresh; each superseded one is invalid_grant as Intuit sends it', async () => {
    const c = await connect(sb.base);
    const chain = [c.refreshToken];
    for (let i = 0; i < 3; i++) {
      const r = await tokenRequest(sb.base, {
        grant_type: 'refresh_token',
        refresh_token: chain[chain.length - 1] ?? '',
      });
      expect(r.status).toBe(200);
      const t = (await r.json()) as any;
      expect(t).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8726400 });
      expect(t.x_refresh_token_hard_expires_in).toBeUndefined();
      chain.push(t.refresh_token);
    }
    expect(new Set(chain).size).toBe(4);
    for (const old of chain.slice(0, -1)) {
      const r = await tokenRequest(sb.base, { grant_type: 'refresh_token', refresh_token: old });
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await r.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'Incorrect or invalid refresh token',
      });
    }
    const newest = await tokenRequest(
      sb.base,
      { grant_type: 'refresh_token', refresh_token: chain[3] ?? '' },
      { 'x-include-refresh-token-hard-expires-in': 'true' },
    );
    expect(newest.status).toBe(200);
    expect(((await newest.json()) as any).x_refresh_token_hard_expires_in).toBeGreaterThan(8726400);
  });

  it('counts refreshes per grant (GET /__sandbox/realms/:realmId/grants), never showing a token', async () => {
    const c = await connect(sb.base);
    expect((await control(sb.base, 'GET', `/realms/${c.realmId}/grants`)).json).toEqual([
      { realmId: c.realmId, revoked: false, refreshes: 0 },
    ]);
    const r = await tokenRequest(sb.base, { grant_type: 'refresh_token', refresh_token: c.refreshToken });
    expect(r.status).toBe(200);
    await tokenRequest(sb.base, { grant_type: 'refresh_token', refresh_token: c.refreshToken });
    const grants = await control(sb.base, 'GET', `/realms/${c.realmId}/grants`);
    expect(grants.json).toEqual([{ realmId: c.realmId, revoked: false, refreshes: 1 }]);
    expect(JSON.stringify(grants.json)).not.toContain(c.refreshToken);
  });

  it('answers 401 invalid_client to a bad client, and accepts client_secret_post', async () => {
    const c = await connect(sb.base);
    const bad = await tokenRequest(
      sb.base,
      { grant_type: 'refresh_token', refresh_token: c.refreshToken },
      { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:wrong`).toString('base64')}` },
    );
    expect(bad.status).toBe(401);
    expect((await bad.json()) as any).toEqual({ error: 'invalid_client' });
    const post = await fetch(`${sb.base}/oauth2/v1/tokens/bearer`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: c.refreshToken,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }).toString(),
    });
    expect(post.status).toBe(200);
  });

  it('revokes a refresh token: its access token and refresh both stop working', async () => {
    const c = await connect(sb.base);
    const res = await fetch(`${sb.base}/v2/oauth2/tokens/revoke`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: c.refreshToken }),
    });
    expect(res.status).toBe(200);
    expect((await api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`)).status).toBe(401);
    expect((await tokenRequest(sb.base, { grant_type: 'refresh_token', refresh_token: c.refreshToken })).status).toBe(
      400,
    );
  });
});

describe('data API authentication', () => {
  it('answers 401 AuthenticationFault 3200 for a missing, unknown, other-realm or expired token', async () => {
    const a = await connect(sb.base);
    const b = await connect(sb.base);
    const none = await fetch(`${sb.base}/v3/company/${a.realmId}/companyinfo/${a.realmId}`, {
      headers: { accept: 'application/json' },
    });
    expect(none.status).toBe(401);
    const body = (await none.json()) as any;
    expect(body.Fault.type).toBe('AuthenticationFault');
    expect(body.Fault.Error[0]).toMatchObject({
      code: '3200',
      Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
    });
    expect(body.Fault.Error[0].Detail).toMatch(/^Token expired/);
    expect(typeof body.time).toBe('string');
    expect((await api(sb.base, { ...a, accessToken: 'garbage' }, 'GET', `/companyinfo/${a.realmId}`)).status).toBe(401);
    expect((await api(sb.base, { ...b, realmId: a.realmId }, 'GET', `/companyinfo/${a.realmId}`)).status).toBe(401);

    expect((await api(sb.base, a, 'GET', `/companyinfo/${a.realmId}`)).status).toBe(200);
    expect((await control(sb.base, 'POST', '/tokens/expire', { realmId: a.realmId })).json.expired).toBeGreaterThan(0);
    expect((await api(sb.base, a, 'GET', `/companyinfo/${a.realmId}`)).status).toBe(401);
    expect((await api(sb.base, b, 'GET', `/companyinfo/${b.realmId}`)).status).toBe(200);
    const refreshed = (await (
      await tokenRequest(sb.base, { grant_type: 'refresh_token', refresh_token: a.refreshToken })
    ).json()) as any;
    expect(
      (await api(sb.base, { ...a, accessToken: refreshed.access_token }, 'GET', `/companyinfo/${a.realmId}`)).status,
    ).toBe(200);
  });

  it('POST /__sandbox/tokens/expire: the data API answers 401 AuthenticationFault 3200 until the client refreshes', async () => {
    const a = await connect(sb.base);
    const b = await connect(sb.base);
    expect((await api(sb.base, a, 'GET', `/companyinfo/${a.realmId}`)).status).toBe(200);
    const expired = await control(sb.base, 'POST', '/tokens/expire', { realmId: a.realmId });
    expect(expired.status).toBe(200);
    expect(expired.json.expired).toBe(1);

    const refused = await api(sb.base, a, 'POST', '/customer', { DisplayName: 'Never Written' });
    expect(refused.status).toBe(401);
    expect(Object.keys(refused.json).sort()).toEqual(['Fault', 'time']);
    expect(refused.json.Fault).toEqual({
      type: 'AuthenticationFault',
      Error: [
        {
          Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
          Detail: expect.stringMatching(/^Token expired: /),
          code: '3200',
        },
      ],
    });
    expect((await control(sb.base, 'GET', `/realms/${a.realmId}/Customer`)).json).toEqual([]);
    expect((await api(sb.base, b, 'GET', `/companyinfo/${b.realmId}`)).status).toBe(200);

    const r = await tokenRequest(sb.base, { grant_type: 'refresh_token', refresh_token: a.refreshToken });
    const fresh = (await r.json()) as any;
    expect(
      (await api(sb.base, { ...a, accessToken: fresh.access_token }, 'GET', `/companyinfo/${a.realmId}`)).status,
    ).toBe(200);
    expect((await api(sb.base, a, 'GET', `/companyinfo/${a.realmId}`)).status).toBe(401);
  });

  it('expires access tokens after expires_in by the clock', async () => {
    let now = Date.now();
    const clocked = await startSandbox({ now: () => now, accessTokenTtlSeconds: 60 });
    try {
      const c = await connect(clocked.base);
      expect((await api(clocked.base, c, 'GET', `/companyinfo/${c.realmId}`)).status).toBe(200);
      now += 61_000;
      expect((await api(clocked.base, c, 'GET', `/companyinfo/${c.realmId}`)).status).toBe(401);
    } finally {
      await clocked.close();
    }
  });
});

describe('intuit-oauth against the sandbox', () => {
  it('runs authorizeUri -> createToken -> (a data call) -> refreshUsingToken -> revoke, unmodified, with its static endpoints pointed here', async () => {
    const { default: OAuthClient } = (await import('intuit-oauth')) as { default: any };
    // The endpoints are process-wide statics; keep Intuit's values to put back afterwards.
    const intuit = {
      authorizeEndpoint: OAuthClient.authorizeEndpoint,
      tokenEndpoint: OAuthClient.tokenEndpoint,
      revokeEndpoint: OAuthClient.revokeEndpoint,
      environment: OAuthClient.environment,
    };
    OAuthClient.authorizeEndpoint = `${sb.base}/connect/oauth2`;
    OAuthClient.tokenEndpoint = `${sb.base}/oauth2/v1/tokens/bearer`;
    OAuthClient.revokeEndpoint = `${sb.base}/v2/oauth2/tokens/revoke`;
    OAuthClient.environment = { ...intuit.environment, sandbox: `${sb.base}/` };
    try {
      const client = new OAuthClient({
        environment: 'sandbox',
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUri: REDIRECT,
        logging: false,
      });

      const authUrl = new URL(client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'csrf-abc' }));
      expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${sb.base}/connect/oauth2`);
      expect(authUrl.searchParams.get('client_id')).toBe(CLIENT_ID);
      const consent = await fetch(authUrl, { redirect: 'manual' });
      expect(consent.status).toBe(302);
      const callback = new URL(consent.headers.get('location') ?? '');
      expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
      expect(callback.searchParams.get('state')).toBe('csrf-abc');
      const realmId = callback.searchParams.get('realmId') ?? '';
      expect(realmId).toMatch(/^\d+$/);

      const created = await client.createToken(callback.toString());
      const token = created.getToken();
      expect(token).toMatchObject({
        realmId,
        token_type: 'bearer',
        expires_in: 3600,
        x_refresh_token_expires_in: 8726400,
      });
      expect(client.isAccessTokenValid()).toBe(true);

      const info = await client.makeApiCall({ url: `v3/company/${realmId}/companyinfo/${realmId}?minorversion=75` });
      expect(info.status).toBe(200);
      expect(info.json.CompanyInfo.Id).toBe('1');

      const refreshed = await client.refreshUsingToken(token.refresh_token);
      const rotated = refreshed.getToken();
      expect(rotated.refresh_token).not.toBe(token.refresh_token);
      expect(rotated.access_token).not.toBe(token.access_token);
      await expect(client.refreshUsingToken(token.refresh_token)).rejects.toThrow();

      const revoked = await client.revoke({ refresh_token: rotated.refresh_token });
      expect(revoked.status()).toBe(200);
      expect(client.getToken().refresh_token).toBe('');
      const refused = await api(
        sb.base,
        { realmId, accessToken: rotated.access_token, refreshToken: rotated.refresh_token },
        'GET',
        `/companyinfo/${realmId}`,
      );
      expect(refused.status).toBe(401);
      const after = await tokenRequest(sb.base, { grant_type: 'refresh_token', refresh_token: rotated.refresh_token });
      expect(await after.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      Object.assign(OAuthClient, intuit);
    }
  });
});
