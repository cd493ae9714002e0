import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { createActivities } from '../activities/index.js';
import { createDb, DEFAULT_DATABASE_URL } from '../db/database.js';
import { createMetrics } from '../observability/metrics.js';
import { realmGateFromEnv } from '../quickbooks/realm-gate.js';
import { qboSettingsFromEnv } from '../quickbooks/settings.js';
import { TokenCipher } from '../quickbooks/token-cipher.js';
import { TokenStore } from '../quickbooks/token-store.js';
import { PinoTemporalLogger, workerPino } from './logger.js';
import { startMetricsServer } from './metrics-server.js';
import { temporalConfig } from './temporal-config.js';

Runtime.install({ logger: new PinoTemporalLogger(workerPino()) });

/** Activities running at once; each QBO call in flight holds one realm-gate connection. */
const MAX_ACTIVITIES = Number(process.env.WORKER_MAX_ACTIVITIES ?? 50);

const db = createDb();
const settings = qboSettingsFromEnv();
const tokens = new TokenStore(db, TokenCipher.fromEnv(), settings);
const gatePool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, max: MAX_ACTIVITIES + 2 });
const gate = realmGateFromEnv(gatePool);
const metrics = createMetrics();
const { connectionOptions, namespace, taskQueue } = temporalConfig();

const connection = await NativeConnection.connect(connectionOptions);
// Bulk sync jobs start and await invoice workflows from an activity, through an ordinary client.
const clientConnection = await Connection.connect(connectionOptions);
const metricsServer = process.env.WORKER_METRICS_PORT
  ? await startMetricsServer(metrics.registry, Number(process.env.WORKER_METRICS_PORT), process.env.WORKER_METRICS_HOST ?? '127.0.0.1')
  : undefined;
try {
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
    activities: createActivities({ db, tokens, settings, gate, metrics, temporal: { client: new Client({ connection: clientConnection, namespace }), taskQueue } }),
    maxConcurrentActivityTaskExecutions: MAX_ACTIVITIES,
  });
  console.log(`worker polling task queue ${taskQueue} on ${connectionOptions.address} (namespace ${namespace})`);
  // Runtime's signal handlers (SIGINT, SIGTERM) shut the worker down; run() resolves once it has drained.
  await worker.run();
} finally {
  await metricsServer?.close();
  await clientConnection.close();
  await connection.close();
  await gatePool.end();
  await db.destroy();
}
