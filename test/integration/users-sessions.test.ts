import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredSessions } from '../../db/queries/sessions.js';
import { startHarness, type BrowserSession, type Harness } from './harness.js';

// People, not only keys: users made by a firm's admin sign in over real HTTP with a cookie, every write a
// session makes carries its CSRF token, the same role rules hold as for API keys, and a change to a user
// (removed, new role, new password) counts from their very next request.

let h: Harness;
let firm: { firmId: string; key: string };
let other: { firmId: string; key: string };
let payerId: string;
let invoiceId: string;
let unique = 0;

const PASSWORD = 'a long enough password';
const email = (who: string) => `${who}.${Date.now()}.${++unique}@example.test`;

/** A user of `firm` with this role, signed in. */
async function signedIn(
  role: 'admin' | 'billing' | 'viewer',
  key = firm.key,
): Promise<BrowserSession & { id: string; email: string }> {
  const address = email(role);
  const { id } = await h.addUser(key, { email: address, name: `${role} person`, role, password: PASSWORD });
  return { ...(await h.signIn(address, PASSWORD)), id, email: address };
}

const payerCount = async () =>
  Number(
    (
      await h.db
        .selectFrom('payers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('firm_id', '=', firm.firmId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const newPayer = { type: 'individual', firstName: 'Session', lastName: 'Made' };

beforeAll(async () => {
  h = await startHarness();
  firm = await h.newFirm('People First LLP');
  other = await h.newFirm('Other People LLP');
  payerId = (await h.call('POST', '/v1/payers', { key: firm.key, body: newPayer })).body.id;
  const feeItemId = (
    await h.call('POST', '/v1/fee-items', { key: firm.key, body: { name: 'Consultation', unitPrice: '100.00' } })
  ).body.id;
  invoiceId = (
    await h.call('POST', '/v1/invoices', {
      key: firm.key,
      body: { payerId, invoiceDate: '2026-11-25', dueDate: '2026-11-25', lines: [{ feeItemId, quantity: 1 }] },
    })
  ).body.id;
});
afterAll(() => h?.close());

describe('users', () => {
  it('are made by an admin key, with a password or with a one-time link to set one', async () => {
    const withPassword = await h.call('POST', '/v1/users', {
      key: firm.key,
      body: { email: email('Ada'), name: 'Ada Admin', role: 'admin', password: PASSWORD },
    });
    expect(withPassword.status).toBe(201);
    expect(withPassword.body).toEqual({
      user: { id: expect.any(String), email: expect.stringMatching(/^Ada\./), name: 'Ada Admin', role: 'admin' },
    });

    const withoutPassword = await h.call('POST', '/v1/users', {
      key: firm.key,
      body: { email: email('bill'), name: '  Bill Ing  ', role: 'billing' },
    });
    expect(withoutPassword.status).toBe(201);
    expect(withoutPassword.body.user).toMatchObject({ name: 'Bill Ing', role: 'billing' });
    expect(withoutPassword.body.setPasswordUrl).toMatch(new RegExp(`^${h.url}/set-password\\?token=[\\w-]{43}$`));

    const listed = await h.call('GET', '/v1/users', { key: firm.key });
    expect(listed.status).toBe(200);
    expect(listed.body.nextCursor).toBeNull();
    expect(listed.body.users).toEqual(
      expect.arrayContaining([
        { ...withPassword.body.user, passwordSet: true, createdAt: expect.any(String) },
        { ...withoutPassword.body.user, passwordSet: false, createdAt: expect.any(String) },
      ]),
    );
    expect(JSON.stringify(listed.body)).not.toMatch(/scrypt|hash/i);
  });

  it('have an email unique across all firms, whatever its case', async () => {
    const address = email('taken');
    await h.addUser(firm.key, { email: address, name: 'First', role: 'viewer' });
    const again = await h.call('POST', '/v1/users', {
      key: other.key,
      body: { email: address.toUpperCase(), name: 'Second', role: 'viewer' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('email_taken');
  });

  it.each([
    [{ name: 'No email', role: 'viewer' }, 'email'],
    [{ email: 'not-an-email', name: 'Bad email', role: 'viewer' }, 'email'],
    [{ email: 'x@example.test', name: 'Bad role', role: 'owner' }, 'role'],
    [{ email: 'x@example.test', name: '   ', role: 'viewer' }, 'name'],
    [{ email: 'x@example.test', name: 'Short password', role: 'viewer', password: 'short' }, 'password'],
    [{ email: 'x@example.test', name: 'Long password', role: 'viewer', password: 'x'.repeat(201) }, 'password'],
    [{ email: 'x@example.test', name: 'Extra', role: 'viewer', isAdmin: true }, 'isAdmin'],
  ])('refuses %j with a 400 naming %s, writing nothing', async (body, field) => {
    const before = await h.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const answer = await h.call('POST', '/v1/users', { key: firm.key, body });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'validation', field });
    expect(
      await h.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  });

  it('keep no password in the clear, only a salted scrypt hash that names its parameters', async () => {
    const { id } = await h.addUser(firm.key, {
      email: email('hashed'),
      name: 'Hashed',
      role: 'viewer',
      password: PASSWORD,
    });
    const row = await h.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.password_hash).not.toBe(PASSWORD);
    expect(row.password_hash).not.toContain(PASSWORD);
    expect(row.password_hash).toMatch(/^\$scrypt\$n=\d+,r=\d+,p=\d+\$[\w-]+\$[\w-]+$/);
  });
});

describe('signing in and out', () => {
  it('shows nobody before, the user and firm after, with a new session and CSRF token', async () => {
    const address = email('Signer');
    await h.addUser(firm.key, { email: address, name: 'Sig Ner', role: 'billing', password: PASSWORD });
    const visitor = await h.visit();
    const before = await h.browserCall('GET', '/v1/session', { cookie: visitor.cookie });
    expect(before.body).toEqual({ user: null, firm: null, csrfToken: expect.any(String) });

    const signIn = await h.browserCall('POST', '/v1/session', {
      ...visitor,
      body: { email: address.toUpperCase(), password: PASSWORD },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toEqual({
      user: { id: expect.any(String), email: address, name: 'Sig Ner', role: 'billing' },
      firm: { id: firm.firmId, name: 'People First LLP' },
      csrfToken: expect.any(String),
    });
    expect(signIn.cookie).toBeDefined();
    expect(signIn.cookie).not.toBe(visitor.cookie);
    expect(signIn.body.csrfToken).not.toBe(visitor.csrfToken);

    const after = await h.browserCall('GET', '/v1/session', { cookie: signIn.cookie });
    expect(after.body).toMatchObject({ user: signIn.body.user, firm: signIn.body.firm });
    // The session from before signing in signs no one in (a fixed session id is worth nothing).
    expect((await h.browserCall('GET', '/v1/session', { cookie: visitor.cookie })).body.user).toBeNull();
  });

  it('sets an httpOnly, SameSite=Lax cookie for 12 hours, not Secure over plain HTTP', async () => {
    const answer = await h.browserCall('GET', '/v1/session');
    const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith('qbs_session='))!;
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Secure/i);
    const expires = new Date(/Expires=([^;]+)/i.exec(setCookie)![1]!).getTime();
    expect(Math.abs(expires - Date.now() - 12 * 3600_000)).toBeLessThan(60_000);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('marks the cookie Secure behind a trusted TLS proxy', async () => {
    const behindProxy = await startHarness({ trustProxy: true });
    try {
      const response = await fetch(`${behindProxy.url}/v1/session`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers.getSetCookie().find((c) => c.startsWith('qbs_session='))).toMatch(/; Secure/i);
    } finally {
      await behindProxy.close();
    }
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const address = email('careful');
    await h.addUser(firm.key, { email: address, name: 'Careful', role: 'viewer', password: PASSWORD });
    const noPassword = email('unset');
    await h.addUser(firm.key, { email: noPassword, name: 'No password yet', role: 'viewer' });
    const visitor = await h.visit();
    const answers = [];
    for (const credentials of [
      { email: address, password: 'not the password' },
      { email: email('nobody'), password: PASSWORD },
      { email: noPassword, password: PASSWORD },
    ]) {
      const answer = await h.browserCall('POST', '/v1/session', { ...visitor, body: credentials });
      answers.push({ status: answer.status, body: answer.body, cookie: answer.cookie });
    }
    expect(answers[0]).toEqual({
      status: 401,
      body: { error: 'invalid_credentials', message: expect.any(String) },
      cookie: undefined,
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('stores a session only by the hash of its id, and ignores it once expired', async () => {
    const user = await signedIn('viewer');
    const signedId = decodeURIComponent(user.cookie.slice('qbs_session='.length));
    const sessionId = signedId.slice(0, signedId.lastIndexOf('.'));
    const idHash = createHash('sha256').update(sessionId).digest('hex');
    const row = await h.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(user.id);
    expect(
      await h.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', sessionId).executeTakeFirst(),
    ).toBeUndefined();
    expect(JSON.stringify(row)).not.toContain(sessionId);
    expect((await h.browserCall('GET', '/v1/payers', { cookie: user.cookie })).status).toBe(200);

    await h.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id_hash', '=', idHash)
      .execute();
    expect((await h.browserCall('GET', '/v1/payers', { cookie: user.cookie })).status).toBe(401);
    expect(await deleteExpiredSessions(h.db)).toBeGreaterThanOrEqual(1);
    expect(
      await h.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', idHash).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('refuses the 11th sign-in attempt in a minute for one email with a 429', async () => {
    const address = email('guessed');
    await h.addUser(firm.key, { email: address, name: 'Guessed', role: 'viewer', password: PASSWORD });
    const visitor = await h.visit();
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 11; attempt++) {
      statuses.push(
        (
          await h.browserCall('POST', '/v1/session', {
            ...visitor,
            body: { email: attempt % 2 ? address : address.toUpperCase(), password: `wrong guess ${attempt}` },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const refused = await h.browserCall('POST', '/v1/session', {
      ...visitor,
      body: { email: address, password: PASSWORD },
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('rate_limited');
    // Another email from the same client is not held up.
    await expect(signedIn('viewer')).resolves.toBeDefined();
  });

  it('signs out: the cookie no longer works', async () => {
    const user = await signedIn('admin');
    expect((await h.browserCall('DELETE', '/v1/session', { cookie: user.cookie })).status).toBe(403);
    const out = await h.browserCall('DELETE', '/v1/session', user);
    expect(out.status).toBe(204);
    expect((await h.browserCall('GET', '/v1/payers', { cookie: user.cookie })).status).toBe(401);
    expect((await h.browserCall('GET', '/v1/session', { cookie: user.cookie })).body.user).toBeNull();
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token or with a wrong one, writing nothing', async () => {
    const user = await signedIn('billing');
    const before = await payerCount();
    for (const csrfToken of [undefined, 'forged-token', (await h.visit()).csrfToken]) {
      const answer = await h.browserCall('POST', '/v1/payers', { cookie: user.cookie, csrfToken, body: newPayer });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toBe('csrf_invalid');
    }
    expect(await payerCount()).toBe(before);
    const made = await h.browserCall('POST', '/v1/payers', { ...user, body: newPayer });
    expect(made.status).toBe(201);
    expect(await payerCount()).toBe(before + 1);
  });

  it('is needed to sign in, but never for GET or with an API key (which wins over a cookie)', async () => {
    const address = email('token-less');
    await h.addUser(firm.key, { email: address, name: 'Token-less', role: 'viewer', password: PASSWORD });
    const visitor = await h.visit();
    const noToken = await h.browserCall('POST', '/v1/session', {
      cookie: visitor.cookie,
      body: { email: address, password: PASSWORD },
    });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error).toBe('csrf_invalid');

    const viewer = await signedIn('viewer');
    expect((await h.browserCall('GET', '/v1/payers', { cookie: viewer.cookie })).status).toBe(200);
    // A key with a viewer's cookie: the key decides, and needs no token.
    expect(
      (await h.browserCall('POST', '/v1/payers', { cookie: viewer.cookie, key: firm.key, body: newPayer })).status,
    ).toBe(201);
    // A bad key is refused even with a good admin cookie.
    const admin = await signedIn('admin');
    expect(
      (await h.browserCall('GET', '/v1/payers', { ...admin, key: 'qbs_forged-key-0000000000000000' })).status,
    ).toBe(401);
  });
});

describe('roles and firms through a session', () => {
  it('apply the same rules as API keys', async () => {
    const viewer = await signedIn('viewer');
    const billing = await signedIn('billing');
    const admin = await signedIn('admin');
    expect((await h.browserCall('POST', '/v1/payers', { ...viewer, body: newPayer })).status).toBe(403);
    expect((await h.browserCall('GET', `/v1/invoices/${invoiceId}`, viewer)).status).toBe(200);
    expect((await h.browserCall('POST', '/v1/payers', { ...billing, body: newPayer })).status).toBe(201);
    expect((await h.browserCall('GET', '/v1/users', billing)).status).toBe(403);
    expect(
      (
        await h.browserCall('POST', '/v1/users', {
          ...billing,
          body: { email: email('nope'), name: 'Nope', role: 'viewer' },
        })
      ).status,
    ).toBe(403);
    expect((await h.browserCall('GET', '/v1/users', admin)).status).toBe(200);
    const made = await h.browserCall('POST', '/v1/users', {
      ...admin,
      body: { email: email('by-admin'), name: 'Made by a person', role: 'viewer' },
    });
    expect(made.status).toBe(201);
    expect(made.body.setPasswordUrl).toContain('/set-password?token=');
  });

  it("keep another firm's user out of this firm's objects and people", async () => {
    const outsider = await signedIn('admin', other.key);
    expect((await h.browserCall('GET', `/v1/invoices/${invoiceId}`, outsider)).status).toBe(404);
    expect((await h.browserCall('GET', `/v1/payers/${payerId}`, outsider)).status).toBe(404);
    expect((await h.browserCall('PUT', `/v1/payers/${payerId}`, { ...outsider, body: newPayer })).status).toBe(404);
    const theirs = (await h.browserCall('GET', '/v1/users', outsider)).body.users as Array<{
      id: string;
      email: string;
    }>;
    const ours = (await h.call('GET', '/v1/users', { key: firm.key })).body.users as Array<{ id: string }>;
    expect(theirs.map((u) => u.email)).toEqual([outsider.email]);
    const someone = ours[0]!.id;
    expect(
      (await h.browserCall('PATCH', `/v1/users/${someone}`, { ...outsider, body: { role: 'viewer' } })).status,
    ).toBe(404);
    expect((await h.browserCall('DELETE', `/v1/users/${someone}`, outsider)).status).toBe(404);
    expect((await h.browserCall('POST', `/v1/users/${someone}/password-reset`, outsider)).status).toBe(404);
  });

  it('follow a removed user or a changed role from the next request on', async () => {
    const user = await signedIn('billing');
    expect((await h.browserCall('POST', '/v1/payers', { ...user, body: newPayer })).status).toBe(201);

    const demoted = await h.call('PATCH', `/v1/users/${user.id}`, { key: firm.key, body: { role: 'viewer' } });
    expect(demoted.status).toBe(200);
    expect(demoted.body.user).toMatchObject({ id: user.id, role: 'viewer' });
    expect((await h.browserCall('POST', '/v1/payers', { ...user, body: newPayer })).status).toBe(403);
    expect((await h.browserCall('GET', '/v1/session', user)).body.user.role).toBe('viewer');

    expect((await h.call('DELETE', `/v1/users/${user.id}`, { key: firm.key })).status).toBe(204);
    expect((await h.browserCall('GET', '/v1/payers', { cookie: user.cookie })).status).toBe(401);
    expect((await h.browserCall('GET', '/v1/payers', { cookie: user.cookie })).body.message).toBe(
      'Sign in or use an API key (Authorization: Bearer <key>)',
    );
    expect(await h.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute()).toEqual([]);
    expect((await h.call('DELETE', `/v1/users/${user.id}`, { key: firm.key })).status).toBe(404);
  });

  it('never leave a firm without an admin', async () => {
    const lonely = await h.newFirm('One Admin LLP');
    const admin = await signedIn('admin', lonely.key);
    const removeSelf = await h.browserCall('DELETE', `/v1/users/${admin.id}`, admin);
    expect(removeSelf.status).toBe(409);
    expect(removeSelf.body.error).toBe('last_admin');
    const demote = await h.call('PATCH', `/v1/users/${admin.id}`, { key: lonely.key, body: { role: 'billing' } });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toBe('last_admin');
    expect(
      (await h.call('PATCH', `/v1/users/${admin.id}`, { key: lonely.key, body: { name: 'Still the admin' } })).status,
    ).toBe(200);

    const second = await h.addUser(lonely.key, { email: email('second'), name: 'Second admin', role: 'admin' });
    expect(
      (await h.browserCall('PATCH', `/v1/users/${admin.id}`, { ...admin, body: { role: 'billing' } })).status,
    ).toBe(200);
    expect((await h.call('DELETE', `/v1/users/${second.id}`, { key: lonely.key })).body.error).toBe('last_admin');
    const users = (await h.call('GET', '/v1/users', { key: lonely.key })).body.users;
    expect(users.map((u: { role: string }) => u.role).sort()).toEqual(['admin', 'billing']);
  });
});

describe('set-password links', () => {
  it('let the old password work until the link is used, then only the new one, once', async () => {
    const user = await signedIn('viewer');
    const reset = await h.call('POST', `/v1/users/${user.id}/password-reset`, { key: firm.key });
    expect(reset.status).toBe(200);
    const token = new URL(reset.body.setPasswordUrl).searchParams.get('token')!;
    expect((await h.signIn(user.email, PASSWORD)).cookie).toBeDefined();

    const visitor = await h.visit();
    const refused = await h.browserCall('POST', '/v1/users/set-password', {
      cookie: visitor.cookie,
      body: { token, password: 'a brand new password' },
    });
    expect(refused.status).toBe(403);
    const tooShort = await h.browserCall('POST', '/v1/users/set-password', {
      ...visitor,
      body: { token, password: 'short' },
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.field).toBe('password');

    const used = await h.browserCall('POST', '/v1/users/set-password', {
      ...visitor,
      body: { token, password: 'a brand new password' },
    });
    expect(used.status).toBe(200);
    expect(used.body).toEqual({ user: { id: user.id, email: user.email, name: 'viewer person', role: 'viewer' } });
    // The sessions signed in before the link was used are over.
    expect((await h.browserCall('GET', '/v1/payers', { cookie: user.cookie })).status).toBe(401);

    const old = await h.browserCall('POST', '/v1/session', {
      ...(await h.visit()),
      body: { email: user.email, password: PASSWORD },
    });
    expect(old.status).toBe(401);
    expect((await h.signIn(user.email, 'a brand new password')).cookie).toBeDefined();

    const again = await h.browserCall('POST', '/v1/users/set-password', {
      ...visitor,
      body: { token, password: 'yet another password' },
    });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_token', field: 'token' });
    expect(
      await h.db.selectFrom('set_password_tokens').select('token_hash').where('user_id', '=', user.id).execute(),
    ).toEqual([]);
  });

  it('set the first password of a user made without one; only the newest link works', async () => {
    const address = email('newcomer');
    const { id, setPasswordUrl } = await h.addUser(firm.key, { email: address, name: 'Newcomer', role: 'billing' });
    const first = new URL(setPasswordUrl!).searchParams.get('token')!;
    const second = new URL(
      (await h.call('POST', `/v1/users/${id}/password-reset`, { key: firm.key })).body.setPasswordUrl,
    ).searchParams.get('token')!;
    const stored = await h.db
      .selectFrom('set_password_tokens')
      .select('token_hash')
      .where('user_id', '=', id)
      .execute();
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(second).digest('hex') }]);

    const visitor = await h.visit();
    expect(
      (
        await h.browserCall('POST', '/v1/users/set-password', {
          ...visitor,
          body: { token: first, password: 'my first password' },
        })
      ).body.error,
    ).toBe('invalid_token');
    expect(
      (
        await h.browserCall('POST', '/v1/users/set-password', {
          ...visitor,
          body: { token: second, password: 'my first password' },
        })
      ).status,
    ).toBe(200);
    expect((await h.signIn(address, 'my first password')).cookie).toBeDefined();
  });

  it('refuse an expired link', async () => {
    const { id, setPasswordUrl } = await h.addUser(firm.key, { email: email('late'), name: 'Late', role: 'viewer' });
    await h.db
      .updateTable('set_password_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', id)
      .execute();
    const token = new URL(setPasswordUrl!).searchParams.get('token')!;
    const answer = await h.browserCall('POST', '/v1/users/set-password', {
      ...(await h.visit()),
      body: { token, password: 'too late for this' },
    });
    expect(answer.body).toMatchObject({ error: 'invalid_token', field: 'token' });
    expect(
      (await h.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow())
        .password_hash,
    ).toBeNull();
  });
});

describe('the OpenAPI document', () => {
  it('lists the session and users routes', async () => {
    const doc = (await h.call('GET', '/docs/json')).body as {
      paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
    };
    const listed = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(listed).toEqual(
      expect.arrayContaining([
        'GET /v1/session',
        'POST /v1/session',
        'DELETE /v1/session',
        'GET /v1/users',
        'POST /v1/users',
        'PATCH /v1/users/{id}',
        'DELETE /v1/users/{id}',
        'POST /v1/users/{id}/password-reset',
        'POST /v1/users/set-password',
      ]),
    );
    for (const path of [
      '/v1/session',
      '/v1/users',
      '/v1/users/{id}',
      '/v1/users/{id}/password-reset',
      '/v1/users/set-password',
    ]) {
      for (const operation of Object.values(doc.paths[path]!))
        expect(operation.summary && operation.tags?.length).toBeTruthy();
    }
  });
});
