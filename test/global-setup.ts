import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { DEFAULT_DATABASE_URL, createDb } from '../db/database.js';
import { dropDatabase, ensureDatabase } from '../db/ensure-database.js';
import { migrateToLatest } from '../db/migrator.js';
import type { Service } from '../scripts/child-process.js';
import { freePort } from '../scripts/free-port.js';
import { startTemporalDevServer, type DevServer } from '../scripts/temporal-dev-server.js';
import { TokenCipher } from '../quickbooks/token-cipher.js';
import { startProductProcess, startWorker } from '../scripts/product-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    taskQueue: string;
    sandboxUrl: string;
    tokenEncryptionKey: string;
    /** Where the worker's and the sandbox's output is kept during the run (`<name>.log`). */
    logDir: string;
  }
}

const logDir = mkdtempSync(join(tmpdir(), 'quickbooks-sync-test-'));

/**
 * One set of real parts for the whole integration run: a fresh PostgreSQL database with a unique name, a
 * headless Temporal dev server, the QBO sandbox and a worker, each on ports picked now. Nothing depends on
 * leftovers from an earlier run or on fixed ports being free.
 */
export default async function setup(project: TestProject) {
  const server = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  server.pathname = `/qbs_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = server.toString();
  const started: Array<Service | DevServer> = [];
  const teardown = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
    await dropDatabase(databaseUrl).catch(() => undefined);
    rmSync(logDir, { recursive: true, force: true });
  };

  try {
    await ensureDatabase(databaseUrl);
    const db = createDb(databaseUrl, 1);
    await migrateToLatest(db);
    await db.destroy();

    const [temporalPort, sandboxPort] = [await freePort(), await freePort()];
    const temporal = await startTemporalDevServer({ port: temporalPort, uiPort: null });
    started.push(temporal);

    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    started.push(await startProductProcess('sandbox', 'sandbox/main.ts', { QBO_SANDBOX_PORT: String(sandboxPort) }, /QBO sandbox listening on/, logDir));

    const taskQueue = `quickbooks-sync-test-${randomBytes(3).toString('hex')}`;
    const tokenEncryptionKey = TokenCipher.generateKey();
    started.push(await startWorker('worker', { databaseUrl, temporalAddress: temporal.address, taskQueue, tokenEncryptionKey, sandboxUrl }, logDir));

    project.provide('databaseUrl', databaseUrl);
    project.provide('temporalAddress', temporal.address);
    project.provide('taskQueue', taskQueue);
    project.provide('sandboxUrl', sandboxUrl);
    project.provide('tokenEncryptionKey', tokenEncryptionKey);
    project.provide('logDir', logDir);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
