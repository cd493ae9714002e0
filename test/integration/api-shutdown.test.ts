import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { okJson } from '../../scripts/http-json.js';
import { startApi, type ApiProcess } from '../../scripts/product-process.js';
import { setUpQuickBooks } from '../../scripts/seed/connect-to-sandbox.js';
import { ownWorkerEnv } from './harness.js';

// SIGTERM to an API process (started as `npm run api` would) while a Sync Now is in flight, held up by a
// slow QuickBooks: the Sync Now gets its normal answer, requests made meanwhile (on a fresh connection and
// on an idle keep-alive one) are refused, and the process exits by itself with code 0, which it can only do
// once its HTTP server, Temporal client and database pools are all closed.

const QBO_DELAY_MS = 4_000;
/** From SIGTERM: the Sync Now's remaining wait for QuickBooks, then closing everything. */
const EXIT_WITHIN_MS = 15_000;

interface Answer {
  status?: number;
  body?: any;
  /** The connection's error code when there was no answer (refused, reset). */
  error?: string;
}

/** One request over the agent's connections (keep-alive ones are reused), never throwing. */
function send(url: string, agent: http.Agent | false, method = 'GET', key?: string): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      method,
      agent,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end();
  });
}

const refused = (answer: Answer) => answer.error !== undefined || answer.status === 503;

describe('SIGTERM to the API', () => {
  const adminToken = randomBytes(16).toString('hex');
  // Two keep-alive connections, each used once before the SIGTERM: one carries the Sync Now, the other idles.
  const busy = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const idle = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let api: ApiProcess;
  beforeAll(async () => {
    // On the run's task queue, so the run's worker carries out its Sync Now.
    api = await startApi('shutdown-api', { ...ownWorkerEnv(inject('taskQueue')), adminToken }, inject('logDir'));
  });
  afterAll(async () => {
    busy.destroy();
    idle.destroy();
    await api?.stop();
  });

  it('finishes the request in flight, refuses new ones, closes everything and exits 0', async () => {
    const { apiKey: key } = await okJson('POST', `${api.url}/v1/firms`, {
      bearer: adminToken,
      body: { name: 'Draining Firm' },
    });
    const { realmId } = await setUpQuickBooks(api.url, key, { companyName: 'Draining Firm (QuickBooks)' });
    const as = <T = any>(method: string, path: string, body?: unknown) =>
      okJson<T>(method, `${api.url}${path}`, { bearer: key, body });
    const payer = await as('POST', '/v1/payers', { type: 'individual', firstName: 'Noor', lastName: 'Haddad' });
    const fee = await as('POST', '/v1/fee-items', { name: 'Naturalization N-400', unitPrice: '760.00' });
    const invoice = await as('POST', '/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-12-01',
      dueDate: '2026-12-31',
      lines: [{ feeItemId: fee.id, quantity: 1 }],
    });
    const sandbox = inject('sandboxUrl');
    await okJson('POST', `${sandbox}/__sandbox/faults`, {
      body: { mode: 'delay', delayMs: QBO_DELAY_MS, method: 'POST', pathContains: '/invoice', realmId, count: 1 },
    });

    expect((await send(`${api.url}/healthz`, busy)).status).toBe(200);
    expect((await send(`${api.url}/healthz`, idle)).status).toBe(200);

    let syncSettled = false;
    const syncNow = send(`${api.url}/v1/invoices/${invoice.id}/sync`, busy, 'POST', key).finally(
      () => (syncSettled = true),
    );
    // Once the sandbox holds the invoice's post, the Sync Now is certainly in flight in the API.
    const armed = async () =>
      (await okJson<{ faults: Array<{ realmId?: string }> }>('GET', `${sandbox}/__sandbox/faults`)).faults.filter(
        (f) => f.realmId === realmId,
      );
    for (let i = 0; i < 300 && (await armed()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await armed()).toEqual([]);
    expect(syncSettled).toBe(false);

    const exited = once(api.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const sigtermAt = Date.now();
    api.child.kill('SIGTERM');

    // New requests are refused while the Sync Now is still waiting for QuickBooks.
    let fresh: Answer = {};
    for (let i = 0; i < 60 && !refused(fresh); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      fresh = await send(`${api.url}/healthz`, false);
    }
    expect(refused(fresh), JSON.stringify(fresh)).toBe(true);
    const onIdleConnection = await send(`${api.url}/healthz`, idle);
    expect(refused(onIdleConnection), JSON.stringify(onIdleConnection)).toBe(true);
    expect(syncSettled).toBe(false);

    const sync = await syncNow;
    expect(sync.status, JSON.stringify(sync)).toBe(200);
    expect(sync.body.sync).toMatchObject({ status: 'synced', syncedRevision: 1 });

    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`the API had not exited ${EXIT_WITHIN_MS} ms after SIGTERM`)), EXIT_WITHIN_MS),
    );
    const [code, signal] = await Promise.race([exited, timeout]);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - sigtermAt).toBeLessThan(EXIT_WITHIN_MS);
    // The pass the drained request waited for posted the invoice, once.
    const posted = await okJson<any[]>('GET', `${sandbox}/__sandbox/realms/${realmId}/Invoice`);
    expect(posted.map((p) => p.DocNumber)).toEqual([invoice.number]);
  }, 60_000);
});
