import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildApi } from '../api/server.js';
import { createDb, DEFAULT_DATABASE_URL } from '../db/database.js';
import { dropDatabase, ensureDatabase } from '../db/ensure-database.js';
import { migrateToLatest } from '../db/migrator.js';
import { qboSettingsFromEnv, type QboSettings } from '../quickbooks/settings.js';
import { TokenCipher } from '../quickbooks/token-cipher.js';
import { TokenStore } from '../quickbooks/token-store.js';
import type { Service } from './child-process.js';
import { freePort } from './free-port.js';
import { startProductProcess, startWorker, type WorkerEnv } from './product-process.js';
import { startTemporalDevServer } from './temporal-dev-server.js';

// A whole product on this machine, owned by one process, for the bench, the chaos run and the replay
// recorder: a database with a unique name (dropped at the end), a headless Temporal dev server and the
// sandbox on free ports, a worker child process (started, replaced or crashed on demand), and the API in
// this process. Each part's output goes to `<logDir>/<name>.log`.

export interface Stack {
  apiUrl: string;
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
  logDir: string;
  /** Stops everything and drops the database; the parts' logs are kept when asked (after a failure). */
  stop(options?: { keepLogs?: boolean }): Promise<void>;
}

/** `purpose` names the database, the log folder and the task queue, so leftovers say whose they are. */
export async function startStack(purpose: string): Promise<Stack> {
  const logDir = mkdtempSync(join(tmpdir(), `quickbooks-sync-${purpose}-`));
  const server = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  server.pathname = `/qbs_${purpose}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = server.toString();
  // Stopped in reverse order of starting; the worker is kept apart since it is replaced along the way.
  const cleanups: Array<() => Promise<unknown>> = [() => dropDatabase(databaseUrl)];
  let worker: Service | undefined;
  const stopAll = async () => {
    await worker?.stop().catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(`[stack] cleanup failed: ${(error as Error).message}`));
  };

  try {
    await ensureDatabase(databaseUrl);
    const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: null });
    cleanups.push(() => temporal.stop());

    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const sandbox = await startProductProcess('sandbox', 'sandbox/main.ts', { QBO_SANDBOX_PORT: String(sandboxPort) }, /QBO sandbox listening on/, logDir);
    cleanups.push(() => sandbox.stop());

    // The API's pool closes right after the API, before the servers it talks to stop.
    const db = createDb(databaseUrl, 8);
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });
    const apiPort = await freePort();
    const settings = qboSettingsFromEnv({ QBO_ENVIRONMENT: 'local', QBO_SANDBOX_PORT: String(sandboxPort), PORT: String(apiPort) });
    const tokenEncryptionKey = TokenCipher.generateKey();
    const taskQueue = `quickbooks-sync-${purpose}-${randomBytes(3).toString('hex')}`;
    const adminToken = randomBytes(16).toString('hex');
    const webhookVerifierToken = randomBytes(16).toString('hex');
    const app = await buildApi({
      db,
      temporal: { client, taskQueue, namespace: 'default' },
      settings,
      tokens: new TokenStore(db, new TokenCipher(tokenEncryptionKey), settings),
      adminToken,
      webhookVerifierToken,
      logger: false,
    });
    const apiUrl = await app.listen({ port: apiPort, host: '127.0.0.1' });
    cleanups.push(() => app.close());

    const workerEnv: WorkerEnv = { databaseUrl, temporalAddress: temporal.address, taskQueue, tokenEncryptionKey, sandboxUrl };
    let generation = 0;
    return {
      apiUrl,
      sandboxUrl,
      temporalAddress: temporal.address,
      client,
      adminToken,
      webhookVerifierToken,
      settings,
      sandboxPid: sandbox.child.pid!,
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
      logDir,
      async stop({ keepLogs = false } = {}) {
        await stopAll();
        if (!keepLogs) rmSync(logDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    throw new Error(`${(error as Error).message}\n(the parts' output is in ${logDir})`);
  }
}
