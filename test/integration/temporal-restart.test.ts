import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Service } from '../../scripts/child-process.js';
import { freePort } from '../../scripts/free-port.js';
import { startWorker } from '../../scripts/product-process.js';
import { startTemporalDevServer, type DevServer } from '../../scripts/temporal-dev-server.js';
import { expectEachInvoiceOnce, firmWithInvoices, slowInvoicePosts } from './bulk-job-fixture.js';
import { ownWorkerEnv, startHarness, type Harness } from './harness.js';

// The Temporal server is stopped and started again (same port, history kept in its db file) mid-bulk-job,
// as an operator's restart or upgrade would: the worker (a child) stays up, and the job completes with
// each invoice in QuickBooks exactly once. The server is this file's own: the suite's shared one stays up.

const INVOICES = 40;
/**
 * With the stop and the start, the server is away over 10 s: longer than the SDK retries an activity's
 * completion, so answers in flight are lost and their activities retried. (A 75 s outage, past the SDK's
 * one-minute grace for polls that fail in ways it does not know, was tried by hand: the worker rode it out
 * too, since an unreachable server is always retried.)
 */
const DOWN_MS = 8_000;

describe('a Temporal server restart mid-job', () => {
  const taskQueue = `temporal-restart-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'quickbooks-sync-temporal-restart-'));
  let server: DevServer | undefined;
  let worker: Service | undefined;
  let h: Harness;
  beforeAll(async () => {
    server = await startTemporalDevServer({
      port: await freePort(),
      uiPort: null,
      dbFile: join(dir, 'temporal.sqlite'),
    });
    worker = await startWorker('temporal-restart-worker', ownWorkerEnv(taskQueue, server.address), inject('logDir'));
    h = await startHarness({ taskQueue, temporalAddress: server.address });
  });
  afterAll(async () => {
    await worker?.stop();
    await h?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the worker up and completes the job with each invoice once', async () => {
    const firm = await firmWithInvoices(h, 'Temporal Restarts', INVOICES);
    await slowInvoicePosts(h, firm.realmId, 1_000);
    const started = await firm.as('POST', '/v1/sync-jobs', { all: true });
    expect(started.status, JSON.stringify(started.body)).toBe(202);

    const progress = async () => (await firm.as('GET', `/v1/sync-jobs/${started.body.id}`)).body;
    let atRestart: any;
    for (let i = 0; i < 240 && !atRestart; i++) {
      const now = await progress();
      if (now.succeeded >= 6) atRestart = now;
      else await new Promise((r) => setTimeout(r, 250));
    }
    const restartedAt = Date.now();
    await server!.restart({ downMs: DOWN_MS });
    const outageMs = Date.now() - restartedAt;
    const afterRestart = await progress();

    let last: any;
    for (let i = 0; i < 600; i++) {
      last = await progress();
      if (last.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await h.sandbox('DELETE', '/__sandbox/faults');
    console.log(
      `restart at ${atRestart.succeeded}/${INVOICES}, after ${afterRestart.succeeded}, outage ${outageMs} ms, done in ${Date.now() - restartedAt} ms`,
    );

    // Work was left on both sides of the outage.
    expect(atRestart.status).toBe('running');
    expect(afterRestart.succeeded).toBeLessThan(INVOICES);
    expect(outageMs).toBeGreaterThanOrEqual(DOWN_MS);
    expect(last).toMatchObject({ status: 'completed', succeeded: INVOICES, failed: 0, pending: 0 });
    expect(worker!.child.exitCode).toBeNull();
    expect(worker!.child.signalCode).toBeNull();
    await expectEachInvoiceOnce(h, firm);
  }, 300_000);
});
