import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CHECK_TIMEOUT_MS } from '../../api/readiness.js';
import { freePort } from '../../scripts/free-port.js';
import { callJson } from '../../scripts/http-json.js';
import { startApi, type ApiProcess } from '../../scripts/product-process.js';
import { ownWorkerEnv, startHarness, type Harness } from './harness.js';

// GET /readyz reports each dependency on its own: all up (the run's worker polls the run's task queue); a
// worker-less task queue and a QuickBooks that never answers, which leave the API degraded but ready; and
// PostgreSQL and Temporal unreachable, which make it not ready. The last two are API processes started as
// `npm run api` would, configured by the environment alone.

const adminToken = randomBytes(16).toString('hex');
const apiEnv = (taskQueue: string) => ({ ...ownWorkerEnv(taskQueue), adminToken });

let h: Harness | undefined;
const apis: ApiProcess[] = [];
let silent: Server | undefined;
afterAll(async () => {
  await Promise.all(apis.map((api) => api.stop()));
  silent?.close();
  await h?.close();
});

describe('GET /readyz', () => {
  it('is ready with every dependency up, naming the workers that poll the task queue', async () => {
    h = await startHarness();
    const answer = await h.call('GET', '/readyz');

    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.status).toBe('ready');
    const { database, temporal, worker, quickbooks } = answer.body.checks;
    expect(database).toMatchObject({ status: 'ok', critical: true, detail: 'PostgreSQL answered' });
    expect(temporal).toMatchObject({ status: 'ok', critical: true, detail: 'Temporal answered (namespace default)' });
    expect(worker).toMatchObject({ status: 'ok', critical: false, taskQueue: inject('taskQueue') });
    expect(worker.workflowPollers).toBeGreaterThanOrEqual(1);
    expect(worker.activityPollers).toBeGreaterThanOrEqual(1);
    // A live worker's long poll is stamped at least once a minute.
    expect(Date.now() - Date.parse(worker.lastSeenAt)).toBeLessThan(90_000);
    expect(quickbooks).toMatchObject({ status: 'ok', critical: false });
    expect(quickbooks.detail).toMatch(new RegExp(`^${h.sandboxUrl} answered HTTP \\d{3}$`));
  });

  it('is degraded but ready (200) when no worker polls its task queue and QuickBooks never answers', async () => {
    // Accepts connections and never answers: the unreachable that costs a timeout (a refused port fails at once).
    silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent!.once('listening', resolve));
    const qboBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const taskQueue = `readyz-no-worker-${randomBytes(3).toString('hex')}`;
    const api = await startApi('readyz-degraded-api', apiEnv(taskQueue), inject('logDir'), {
      QBO_API_BASE_URL: qboBase,
    });
    apis.push(api);

    const started = Date.now();
    const answer = await callJson('GET', `${api.url}/readyz`);
    const tookMs = Date.now() - started;

    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.status).toBe('degraded');
    const { database, temporal, worker, quickbooks } = answer.body.checks;
    expect(database.status).toBe('ok');
    expect(temporal.status).toBe('ok');
    expect(worker).toMatchObject({
      status: 'down',
      critical: false,
      taskQueue,
      workflowPollers: 0,
      activityPollers: 0,
      lastSeenAt: null,
      detail: `no worker has polled ${taskQueue} lately (Temporal lists none)`,
    });
    expect(quickbooks).toMatchObject({ status: 'down', critical: false });
    expect(quickbooks.detail).toMatch(/no answer within 2000 ms|aborted due to timeout/);
    expect(quickbooks.latencyMs).toBeGreaterThanOrEqual(CHECK_TIMEOUT_MS - 50);
    // The silent QuickBooks costs the probe its timeout, no more.
    expect(tookMs).toBeLessThan(CHECK_TIMEOUT_MS + 1_500);
  });

  it('is not ready (503) when PostgreSQL and Temporal do not answer, and says why for each', async () => {
    const nothingThere = await freePort();
    const api = await startApi(
      'readyz-unready-api',
      {
        ...apiEnv(`readyz-unready-${randomBytes(3).toString('hex')}`),
        databaseUrl: `postgres://postgres@127.0.0.1:${nothingThere}/quickbooks_sync`,
        temporalAddress: `127.0.0.1:${nothingThere}`,
      },
      inject('logDir'),
    );
    apis.push(api);

    const answer = await callJson('GET', `${api.url}/readyz`);

    expect(answer.status, JSON.stringify(answer.body)).toBe(503);
    expect(answer.body.status).toBe('not_ready');
    const { database, temporal, worker, quickbooks } = answer.body.checks;
    expect(database).toMatchObject({ status: 'down', critical: true });
    expect(database.detail).toContain('ECONNREFUSED');
    expect(temporal).toMatchObject({ status: 'down', critical: true });
    expect(worker).toMatchObject({ status: 'unknown', critical: false, workflowPollers: 0, activityPollers: 0 });
    // QuickBooks (the run's sandbox) is still there, and said to be.
    expect(quickbooks.status).toBe('ok');
    // The API itself is up: liveness is not readiness.
    expect((await callJson('GET', `${api.url}/healthz`)).status).toBe(200);
  });
});
