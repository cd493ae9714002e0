import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildApi } from '../../api/server.js';
import { DEFAULT_DATABASE_URL, createDb } from '../../db/database.js';
import { dropDatabase, ensureDatabase } from '../../db/ensure-database.js';
import { migrateToLatest } from '../../db/migrator.js';
import { qboSettingsFromEnv } from '../../quickbooks/settings.js';
import { TokenCipher } from '../../quickbooks/token-cipher.js';
import { TokenStore } from '../../quickbooks/token-store.js';
import { startProductProcess, startWorker, type WorkerEnv } from '../../test/product-process.js';
import type { Service } from '../child-process.js';
import { freePort } from '../free-port.js';
import { startTemporalDevServer } from '../temporal-dev-server.js';

export interface Stack {
  apiUrl: string;
  adminToken: string;
  sandboxUrl: string;
  webhookVerifierToken: string;
  /** Where the sandbox's and each worker's output is kept (`<name>.log`). */
  logDir: string;
  /** SIGKILLs the worker, as a crash would, and starts a fresh one in its place. */
  crashAndRestartWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every part this run needs, on its own: a database with a unique name (dropped by `stop`), a headless
 * Temporal dev server and the sandbox on free ports, one worker child process, and the API in this process.
 */
export async function startStack(workerExtraEnv: NodeJS.ProcessEnv): Promise<Stack> {
  const logDir = mkdtempSync(join(tmpdir(), 'quickbooks-sync-chaos-'));
  const server = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  server.pathname = `/qbs_chaos_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = server.toString();
  const cleanups: Array<() => Promise<void>> = [() => dropDatabase(databaseUrl)];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(`cleanup failed: ${(error as Error).message}`));
  };

  try {
    await ensureDatabase(databaseUrl);
    const db = createDb(databaseUrl, 8);
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);

    const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: null });
    cleanups.push(temporal.stop);

    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const sandbox = await startProductProcess('sandbox', 'sandbox/main.ts', { QBO_SANDBOX_PORT: String(sandboxPort) }, /QBO sandbox listening on/, logDir);
    cleanups.push(sandbox.stop);

    const tokenEncryptionKey = TokenCipher.generateKey();
    const workerEnv: WorkerEnv = { databaseUrl, temporalAddress: temporal.address, taskQueue: `chaos-${randomBytes(3).toString('hex')}`, tokenEncryptionKey, sandboxUrl };
    let generation = 1;
    let worker: Service = await startWorker(`worker-${generation}`, workerEnv, logDir, workerExtraEnv);
    cleanups.push(() => worker.stop());

    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const port = await freePort();
    const settings = qboSettingsFromEnv({ QBO_ENVIRONMENT: 'local', QBO_SANDBOX_PORT: String(sandboxPort), PORT: String(port) });
    const adminToken = randomBytes(16).toString('hex');
    const webhookVerifierToken = randomBytes(16).toString('hex');
    const app = await buildApi({
      db,
      temporal: { client: new Client({ connection, namespace: 'default' }), taskQueue: workerEnv.taskQueue, namespace: 'default' },
      settings,
      tokens: new TokenStore(db, new TokenCipher(tokenEncryptionKey), settings),
      adminToken,
      webhookVerifierToken,
      logger: false,
    });
    const apiUrl = await app.listen({ port, host: '127.0.0.1' });
    cleanups.push(() => app.close());

    return {
      apiUrl,
      adminToken,
      sandboxUrl,
      webhookVerifierToken,
      logDir,
      async crashAndRestartWorker() {
        worker.child.kill('SIGKILL');
        await worker.stop();
        generation += 1;
        worker = await startWorker(`worker-${generation}`, workerEnv, logDir, workerExtraEnv);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
