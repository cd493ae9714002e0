import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildApi } from '../../api/server.js';
import { createDb, DEFAULT_DATABASE_URL } from '../../db/database.js';
import { dropDatabase, ensureDatabase } from '../../db/ensure-database.js';
import { migrateToLatest } from '../../db/migrator.js';
import { qboSettingsFromEnv, type QboSettings } from '../../quickbooks/settings.js';
import { TokenCipher } from '../../quickbooks/token-cipher.js';
import { TokenStore } from '../../quickbooks/token-store.js';
import { startProductProcess, startWorker, type WorkerEnv } from '../../test/product-process.js';
import type { Service } from '../child-process.js';
import { freePort } from '../free-port.js';
import { startTemporalDevServer } from '../temporal-dev-server.js';

// The bench's own stack, like the integration tests' but owned by one process: a database with a unique
// name (dropped at the end), a headless Temporal dev server, the sandbox and one worker as child
// processes, and the API in this process, each on a port picked now.

export const WEBHOOK_VERIFIER = 'bench-webhook-verifier';

export interface Stack {
  apiUrl: string;
  sandboxUrl: string;
  /** The Temporal dev server's frontend, for reading workflow histories. */
  temporalAddress: string;
  adminToken: string;
  settings: QboSettings;
  sandboxPid: number;
  workerPid(): number;
  /** Replaces the worker with one started with these variables (its limits differ between scenarios). */
  restartWorker(extra: NodeJS.ProcessEnv): Promise<void>;
  logDir: string;
  /** Stops everything and drops the database; the parts' logs are kept when asked (after a failure). */
  stop(keepLogs?: boolean): Promise<void>;
}

interface Stoppable {
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const logDir = mkdtempSync(join(tmpdir(), 'quickbooks-sync-bench-'));
  const server = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  server.pathname = `/qbs_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = server.toString();
  // Stopped in reverse order of starting; the worker is kept apart since it is replaced along the way.
  const started: Stoppable[] = [];
  let worker: Service | undefined;
  const stop = async () => {
    await worker?.stop().catch(() => undefined);
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
    await dropDatabase(databaseUrl).catch(() => undefined);
  };

  try {
    await ensureDatabase(databaseUrl);
    const migrationDb = createDb(databaseUrl, 1);
    await migrateToLatest(migrationDb);
    await migrationDb.destroy();

    const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: null });
    started.push(temporal);

    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const sandbox = await startProductProcess('sandbox', 'sandbox/main.ts', { QBO_SANDBOX_PORT: String(sandboxPort) }, /QBO sandbox listening on/, logDir);
    started.push(sandbox);

    const apiPort = await freePort();
    const settings = qboSettingsFromEnv({ QBO_ENVIRONMENT: 'local', QBO_SANDBOX_PORT: String(sandboxPort), PORT: String(apiPort) });
    const tokenEncryptionKey = TokenCipher.generateKey();
    const db = createDb(databaseUrl, 8);
    const connection = await Connection.connect({ address: temporal.address });
    const taskQueue = `quickbooks-sync-bench-${randomBytes(3).toString('hex')}`;
    const adminToken = randomBytes(16).toString('hex');
    const app = await buildApi({
      db,
      temporal: { client: new Client({ connection, namespace: 'default' }), taskQueue, namespace: 'default' },
      settings,
      tokens: new TokenStore(db, new TokenCipher(tokenEncryptionKey), settings),
      adminToken,
      webhookVerifierToken: WEBHOOK_VERIFIER,
      logger: false,
    });
    const apiUrl = await app.listen({ port: apiPort, host: '127.0.0.1' });
    started.push({
      async stop() {
        await app.close();
        await connection.close();
        await db.destroy();
      },
    });

    const workerEnv: WorkerEnv = { databaseUrl, temporalAddress: temporal.address, taskQueue, tokenEncryptionKey, sandboxUrl };
    let generation = 0;
    return {
      apiUrl,
      sandboxUrl,
      temporalAddress: temporal.address,
      adminToken,
      settings,
      sandboxPid: sandbox.child.pid!,
      workerPid: () => {
        if (!worker?.child.pid) throw new Error('no worker is running');
        return worker.child.pid;
      },
      async restartWorker(extra) {
        await worker?.stop();
        worker = undefined;
        worker = await startWorker(`worker-${++generation}`, workerEnv, logDir, extra);
      },
      logDir,
      async stop(keepLogs = false) {
        await stop();
        if (!keepLogs) rmSync(logDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n(the parts' output is in ${logDir})`);
  }
}
