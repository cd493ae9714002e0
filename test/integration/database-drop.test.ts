import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createPool } from '../../db/database.js';
import { terminateConnections } from '../../db/ensure-database.js';
import type { Service } from '../../scripts/child-process.js';
import { startWorker } from '../../scripts/product-process.js';
import { expectEachInvoiceOnce, firmWithInvoices, slowInvoicePosts } from './bulk-job-fixture.js';
import { ownWorkerEnv, startHarness, type Harness } from './harness.js';

// PostgreSQL drops every connection of the product twice mid-bulk-job (as a restart or failover does): the
// API (in this process) and the worker (a child) stay up, and the job ends with each invoice in QuickBooks
// exactly once. The company accepts duplicate numbers, so a double post would show, not be refused.

const INVOICES = 40;

describe('a database that drops its connections mid-job', () => {
  const taskQueue = `dbdrop-${randomBytes(3).toString('hex')}`;
  let h: Harness;
  let worker: Service | undefined;
  beforeAll(async () => {
    worker = await startWorker('dbdrop-worker', ownWorkerEnv(taskQueue), inject('logDir'));
    h = await startHarness({ taskQueue });
  });
  afterAll(async () => {
    await worker?.stop();
    await h?.close();
  });

  it('keeps the API and the worker up, and syncs each invoice once', async () => {
    const firm = await firmWithInvoices(h, 'Database Drops', INVOICES);
    const { as } = firm;
    // Slow invoice posts, so the drops find QBO calls in flight: each holds its realm-gate slot's transaction
    // open on a checked-out connection, which the server ends under it.
    await slowInvoicePosts(h, firm.realmId, 1_000);
    const delays = async () => (await h.sandbox<any>('GET', '/__sandbox/stats')).injected['delay'] ?? 0;
    let seen = await delays();
    const started = await as('POST', '/v1/sync-jobs', { all: true });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const ended: number[] = [];
    let progress: any;
    for (let i = 0; i < 600; i++) {
      // A request that met a dropped connection fails (5xx); the next one gets a fresh connection.
      const answer = await as('GET', `/v1/sync-jobs/${started.body.id}`);
      if (answer.status === 200) progress = answer.body;
      if (progress?.status === 'completed') break;
      // Each drop comes while a slowed QBO write (a batch of the job's invoices) is in flight: the first
      // drop's lost work is written again, so a second write always follows it.
      const now = await delays();
      if (ended.length < 2 && now > seen) {
        seen = now;
        ended.push(await terminateConnections(inject('databaseUrl')));
      }
      await new Promise((r) => setTimeout(r, 100));
    }

    await h.sandbox('DELETE', '/__sandbox/faults');
    expect(ended).toHaveLength(2);
    for (const count of ended) expect(count).toBeGreaterThan(0);
    expect(progress).toMatchObject({ status: 'completed', succeeded: INVOICES, failed: 0, pending: 0 });
    expect(worker!.child.exitCode).toBeNull();
    expect((await h.call('GET', '/healthz')).status).toBe(200);
    await expectEachInvoiceOnce(h, firm);
  }, 300_000);

  it('fails only the work on a connection dropped while checked out between queries, never the process', async () => {
    const pool = createPool(inject('databaseUrl'), 2);
    const held = await pool.connect();
    try {
      // As the realm gate holds a slot, or a route a transaction while it signals Temporal.
      await held.query('BEGIN');
      const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const admin = new pg.Client({ connectionString: inject('databaseUrl') });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await admin.end();
      // The server's goodbye reaches the held connection as an 'error' event while nothing runs on it.
      await new Promise((r) => setTimeout(r, 300));
      await expect(held.query('SELECT 1')).rejects.toThrow();
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      held.release(true);
      await pool.end();
    }
  });
});
