import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { inject } from 'vitest';
import { buildApi, type ApiOptions } from '../../api/server.js';
import { createDb, type Db } from '../../db/database.js';
import { createMetrics } from '../../observability/metrics.js';
import type { QuickBooksAccess } from '../../qbo-connection/quickbooks-access.js';
import type { QboSettings } from '../../qbo-connection/settings.js';
import type { TokenStore } from '../../qbo-connection/token-store.js';
import { freePort } from '../../scripts/free-port.js';
import { callJson, okJson } from '../../scripts/http-json.js';
import { localQuickBooksAccess } from '../../scripts/local-quickbooks.js';
import { setUpQuickBooks } from '../../scripts/seed/connect-to-sandbox.js';
import type { WorkerEnv } from '../../scripts/product-process.js';
import { connectTemporal } from '../../temporal/client.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** What a browser holds between calls: its session cookie (`qbs_session=...`) and that session's CSRF token. */
export interface BrowserSession {
  cookie: string;
  csrfToken: string;
}

export interface BrowserCallOptions {
  cookie?: string;
  csrfToken?: string;
  key?: string;
  body?: unknown;
}

export interface NewUser {
  email: string;
  name: string;
  role: 'admin' | 'billing' | 'viewer';
  password?: string;
}

export interface Harness {
  db: Db;
  client: Client;
  sandboxUrl: string;
  /** Calls the API over HTTP as the given key (or none). */
  call<T = any>(method: string, path: string, options?: { key?: string; body?: unknown }): Promise<ApiResponse<T>>;
  /** A firm with an admin key, connected to a fresh sandbox company, sync active. */
  connectedFirm(
    name: string,
    options?: { syncModel?: 1 | 2 },
  ): Promise<{ firmId: string; key: string; realmId: string }>;
  /** A firm with an admin key and nothing set up. */
  newFirm(name: string): Promise<{ firmId: string; key: string }>;
  /** Calls the API over HTTP as a browser would: with a session cookie and an x-csrf-token header, each if given; `cookie` is the one the answer set, if any. */
  browserCall<T = any>(
    method: string,
    path: string,
    options?: BrowserCallOptions,
  ): Promise<ApiResponse<T> & { cookie?: string }>;
  /** A fresh browser's first call (GET /v1/session): an anonymous session and its CSRF token. */
  visit(): Promise<BrowserSession>;
  /** Signs in as a browser does (GET, then POST /v1/session); throws unless it works. */
  signIn(email: string, password: string): Promise<BrowserSession>;
  /** A user of the key's firm, made through POST /v1/users; throws unless it works. */
  addUser(key: string, user: NewUser): Promise<{ id: string; setPasswordUrl?: string }>;
  url: string;
  /** The API's own QuickBooks access, for tests that run an activity against the sandbox directly. */
  quickbooks: QuickBooksAccess;
  tokens: TokenStore;
  settings: QboSettings;
  sandbox<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** The API in this process (listening on a free port), wired to the run's database, Temporal and sandbox. */
export async function startHarness(
  options: {
    logger?: ApiOptions['logger'];
    taskQueue?: string;
    temporalUiUrl?: string;
    webhookVerifierToken?: string;
    trustProxy?: ApiOptions['trustProxy'];
    /** A Temporal server of the test's own (one it restarts), instead of the run's shared one. */
    temporalAddress?: string;
  } = {},
): Promise<Harness> {
  const sandboxUrl = inject('sandboxUrl');
  const databaseUrl = inject('databaseUrl');
  const db = createDb(databaseUrl, 4);
  const port = await freePort();
  const metrics = createMetrics();
  const quickbooks = localQuickBooksAccess({
    db,
    databaseUrl,
    sandboxUrl,
    apiPort: port,
    tokenEncryptionKey: inject('tokenEncryptionKey'),
    metrics,
  });
  const temporal = await connectTemporal({
    connectionOptions: { address: options.temporalAddress ?? inject('temporalAddress') },
    namespace: 'default',
    taskQueue: options.taskQueue ?? inject('taskQueue'),
  });
  const { client } = temporal;
  const adminToken = randomBytes(16).toString('hex');
  const sessionSecret = randomBytes(32).toString('hex');
  const app = await buildApi({
    db,
    temporal,
    quickbooks,
    metrics,
    adminToken,
    temporalUiUrl: options.temporalUiUrl,
    webhookVerifierToken: options.webhookVerifierToken,
    logger: options.logger ?? false,
    sessionSecret,
    trustProxy: options.trustProxy,
  });
  const url = await app.listen({ port, host: '127.0.0.1' });

  const call = (method: string, path: string, options: { key?: string; body?: unknown } = {}) =>
    callJson(method, `${url}${path}`, { bearer: options.key, body: options.body });
  const sandbox = <T = any>(method: string, path: string, body?: unknown): Promise<T> =>
    okJson<T>(method, `${sandboxUrl}${path}`, { body });

  const newFirm = async (name: string) => {
    const created = await call('POST', '/v1/firms', { key: adminToken, body: { name } });
    if (created.status !== 201)
      throw new Error(`could not create a firm: ${created.status} ${JSON.stringify(created.body)}`);
    return { firmId: created.body.firm.id as string, key: created.body.apiKey as string };
  };

  const browserCall = (method: string, path: string, options?: BrowserCallOptions) =>
    callWithCookie(method, `${url}${path}`, options);
  const visit = async (): Promise<BrowserSession> => {
    const answer = await browserCall('GET', '/v1/session');
    if (answer.status !== 200 || !answer.cookie) throw new Error(`GET /v1/session gave no session: ${answer.status}`);
    return { cookie: answer.cookie, csrfToken: answer.body.csrfToken };
  };

  return {
    db,
    client,
    sandboxUrl,
    call,
    sandbox,
    newFirm,
    browserCall,
    visit,
    async signIn(email, password) {
      const visitor = await visit();
      const answer = await browserCall('POST', '/v1/session', { ...visitor, body: { email, password } });
      if (answer.status !== 200 || !answer.cookie)
        throw new Error(`could not sign in as ${email}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return { cookie: answer.cookie, csrfToken: answer.body.csrfToken };
    },
    async addUser(key, user) {
      const created = await call('POST', '/v1/users', { key, body: user });
      if (created.status !== 201)
        throw new Error(`could not add ${user.email}: ${created.status} ${JSON.stringify(created.body)}`);
      return { id: created.body.user.id as string, setPasswordUrl: created.body.setPasswordUrl as string | undefined };
    },
    async connectedFirm(name, options) {
      const { firmId, key } = await newFirm(name);
      const { realmId } = await setUpQuickBooks(url, key, {
        companyName: `${name} (QuickBooks)`,
        syncModel: options?.syncModel,
      });
      return { firmId, key, realmId };
    },
    url,
    quickbooks,
    tokens: quickbooks.tokens,
    settings: quickbooks.settings,
    async close() {
      await app.close();
      await temporal.close();
      await quickbooks.close();
      await db.destroy();
    },
  };
}

/** One call with a browser's cookie and CSRF header; the session cookie the answer sets (if any) comes back as `cookie`. */
async function callWithCookie(
  method: string,
  url: string,
  options: BrowserCallOptions = {},
): Promise<ApiResponse & { cookie?: string }> {
  const headers = {
    ...(options.cookie && { cookie: options.cookie }),
    ...(options.csrfToken !== undefined && { 'x-csrf-token': options.csrfToken }),
  };
  const answer = await callJson(method, url, { bearer: options.key, body: options.body, headers });
  const cookie = answer.headers
    .getSetCookie()
    .find((c) => c.startsWith('qbs_session='))
    ?.split(';')[0];
  return { ...answer, cookie };
}

/**
 * What a test's own worker (on its own task queue, so stopping or killing it touches no other test) needs;
 * `temporalAddress` points it at a Temporal server of the test's own.
 */
export function ownWorkerEnv(taskQueue: string, temporalAddress = inject('temporalAddress')): WorkerEnv {
  return {
    databaseUrl: inject('databaseUrl'),
    temporalAddress,
    taskQueue,
    tokenEncryptionKey: inject('tokenEncryptionKey'),
    sandboxUrl: inject('sandboxUrl'),
  };
}
