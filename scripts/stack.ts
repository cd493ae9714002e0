import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { buildApi } from '../api/server.js';
import { createDb } from '../db/database.js';
import { dropDatabase, ensureDatabase } from '../db/ensure-database.js';
import { migrateToLatest } from '../db/migrator.js';
import { createMetrics } from '../observability/metrics.js';
import type { QboSettings } from '../qbo-connection/settings.js';
import { TokenCipher } from '../qbo-connection/token-cipher.js';
import { connectTemporal } from '../temporal/client.js';
import type { Service } from './child-process.js';
import { databaseServer } from './database-server.js';
import { freePort } from './free-port.js';
import { localQuickBooksAccess } from './local-quickbooks.js';
import { startProductProcess, startWorker, type WorkerEnv } from './product-process.js';
import { startTemporalDevServer } from './temporal-dev-server.js';

// Whole products on this machine, each owned by one process. `startServices` is what every run needs: a
// migrated database with a unique name (dropped at the end), a headless Temporal dev server and the
// sandbox on free ports, and what a worker needs to reach them; the integration tests' global setup adds
// a worker. `startStack` adds a replaceable worker and the API in this process, for the bench, the chaos
// run and the replay recorder. Each part's output goes to `<logDir>/<name>.log`. Temporal keeps its
// history in memory (faster) unless a run restarts it, which needs the history in `<logDir>/temporal.sqlite`.

type Cleanup = () => Promise<unknown>;

/** Runs cleanups last-in first-out, each whatever became of the others. */
async function runCleanups(cleanups: Cleanup[]): Promise<void> {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((error) => console.error(`[stack] cleanup failed: ${(error as Error).message}`));
}

export interface ServicesOptions {
  /** Temporal keeps its history in a db file, so `restartTemporal` can stop and start it mid-run. */
  restartableTemporal?: boolean;
  /** Workers run from `npm run build`'s output, which the caller has built (see WorkerEnv.fromBuild). */
  workersFromBuild?: boolean;
  /** Workers write CPU profiles here (see WorkerEnv.cpuProfileDir). */
  workerProfileDir?: string;
}

export interface Services {
  /** What a worker needs to reach these parts; its task queue and token key are fresh for this run. */
  workerEnv: WorkerEnv;
  sandboxPid: number;
  logDir: string;
  /** Stops the Temporal server and starts it again on the same port, `downMs` later (a restartable one only). */
  restartTemporal(options?: { downMs?: number }): Promise<void>;
  /** Stops the servers and drops the database; the parts' logs are kept when asked (after a failure). */
  stop(options?: { keepLogs?: boolean }): Promise<void>;
}

/** `purpose` names the database, the log folder and the task queue, so leftovers say whose they are. */
export async function startServices(purpose: string, options: ServicesOptions = {}): Promise<Services> {
  const logDir = mkdtempSync(join(tmpdir(), `quickbooks-sync-${purpose}-`));
  const server = await databaseServer({ purpose, say: (line) => console.error(`[stack] ${line}`) });
  const database = new URL(server.url);
  database.pathname = `/qbs_${purpose}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = database.toString();
  const cleanups: Cleanup[] = [() => server.stop(), () => dropDatabase(databaseUrl)];
  const stop = async ({ keepLogs = false } = {}) => {
    await runCleanups(cleanups);
    if (!keepLogs) rmSync(logDir, { recursive: true, force: true });
  };

  try {
    await ensureDatabase(databaseUrl);
    const db = createDb(databaseUrl, 1);
    await migrateToLatest(db).finally(() => db.destroy());

    const temporal = await startTemporalDevServer({
      port: await freePort(),
      uiPort: null,
      ...(options.restartableTemporal && { dbFile: join(logDir, 'temporal.sqlite') }),
    });
    cleanups.push(() => temporal.stop());
    const sandboxPort = await freePort();
    const sandbox = await startProductProcess(
      'sandbox',
      'sandbox/main.ts',
      { QBO_SANDBOX_PORT: String(sandboxPort) },
      /QBO sandbox listening on/,
      logDir,
    );
    cleanups.push(() => sandbox.stop());

    return {
      workerEnv: {
        databaseUrl,
        temporalAddress: temporal.address,
        taskQueue: `quickbooks-sync-${purpose}-${randomBytes(3).toString('hex')}`,
        tokenEncryptionKey: TokenCipher.generateKey(),
        sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
        ...(options.workersFromBuild && { fromBuild: true }),
        ...(options.workerProfileDir && { cpuProfileDir: options.workerProfileDir }),
      },
      sandboxPid: sandbox.child.pid!,
      logDir,
      restartTemporal: (restart) => temporal.restart(restart),
      stop,
    };
  } catch (error) {
    await stop({ keepLogs: true });
    throw new Error(`${(error as Error).message}\n(the parts' output is in ${logDir})`);
  }
}

export interface Stack {
  apiUrl: string;
  /** The run's own database, e.g. for dropping the product's connections to it. */
  databaseUrl: string;
  sandboxUrl: string;
  temporalAddress: string;
  /** A Temporal client of this stack's server, e.g. for reading workflow histories. */
  client: Client;
  adminToken: string;
  webhookVerifierToken: string;
  settings: QboSettings;
  sandboxPid: number;
  workerPid(): number;
  /**
   * Starts a worker with these extra variables in place of the running one, which is stopped, or with
   * `crash` SIGKILLed as a crash would.
   */
  replaceWorker(extra?: NodeJS.ProcessEnv, how?: 'stop' | 'crash'): Promise<void>;
  /** Stops the Temporal server and starts it again on the same port, `downMs` later (a restartable one only). */
  restartTemporal(options?: { downMs?: number }): Promise<void>;
  logDir: string;
  /** Stops everything and drops the database; the parts' logs are kept when asked (after a failure). */
  stop(options?: { keepLogs?: boolean }): Promise<void>;
}

export async function startStack(purpose: string, options: ServicesOptions = {}): Promise<Stack> {
  const services = await startServices(purpose, options);
  const { workerEnv, logDir } = services;
  // The worker stops first, then the API and its pool, before the servers they talk to.
  const cleanups: Cleanup[] = [];
  let worker: Service | undefined;
  const stop = async ({ keepLogs = false } = {}) => {
    await worker?.stop().catch(() => undefined);
    await runCleanups(cleanups);
    await services.stop({ keepLogs });
  };

  try {
    const db = createDb(workerEnv.databaseUrl, 8);
    cleanups.push(() => db.destroy());
    const temporal = await connectTemporal({
      connectionOptions: { address: workerEnv.temporalAddress },
      namespace: 'default',
      taskQueue: workerEnv.taskQueue,
    });
    cleanups.push(() => temporal.close());
    const apiPort = await freePort();
    const metrics = createMetrics();
    const quickbooks = localQuickBooksAccess({
      db,
      databaseUrl: workerEnv.databaseUrl,
      sandboxUrl: workerEnv.sandboxUrl,
      apiPort,
      tokenEncryptionKey: workerEnv.tokenEncryptionKey,
      metrics,
    });
    cleanups.push(() => quickbooks.close());
    const adminToken = randomBytes(16).toString('hex');
    const webhookVerifierToken = randomBytes(16).toString('hex');
    const app = await buildApi({
      db,
      temporal,
      quickbooks,
      metrics,
      adminToken,
      webhookVerifierToken,
      logger: false,
    });
    const apiUrl = await app.listen({ port: apiPort, host: '127.0.0.1' });
    cleanups.push(() => app.close());

    let generation = 0;
    return {
      apiUrl,
      databaseUrl: workerEnv.databaseUrl,
      sandboxUrl: workerEnv.sandboxUrl,
      temporalAddress: workerEnv.temporalAddress,
      client: temporal.client,
      adminToken,
      webhookVerifierToken,
      settings: quickbooks.settings,
      sandboxPid: services.sandboxPid,
      workerPid: () => {
        if (!worker?.child.pid) throw new Error('no worker is running');
        return worker.child.pid;
      },
      async replaceWorker(extra = {}, how = 'stop') {
        if (how === 'crash') worker?.child.kill('SIGKILL');
        await worker?.stop();
        worker = undefined;
        worker = await startWorker(`worker-${++generation}`, workerEnv, logDir, extra);
      },
      restartTemporal: services.restartTemporal,
      logDir,
      stop,
    };
  } catch (error) {
    await stop({ keepLogs: true });
    throw new Error(`${(error as Error).message}\n(the parts' output is in ${logDir})`);
  }
}
