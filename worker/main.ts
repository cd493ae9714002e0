import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { log } from '@temporalio/activity';
import { createActivities } from '../activities/index.js';
import { createDb, DEFAULT_DATABASE_URL } from '../db/database.js';
import { createMetrics } from '../observability/metrics.js';
import { QuickBooksAccess } from '../qbo-connection/quickbooks-access.js';
import { realmLimitsFromEnv } from '../qbo-connection/realm-gate.js';
import { qboSettingsFromEnv } from '../qbo-connection/settings.js';
import { TokenCipher } from '../qbo-connection/token-cipher.js';
import { connectTemporal } from '../temporal/client.js';
import { temporalConfig } from '../temporal/config.js';
import { bulkPagesQueue } from '../workflows/task-queues.js';
import { PinoTemporalLogger, workerPino } from './logger.js';
import { startMetricsServer } from './metrics-server.js';

Runtime.install({ logger: new PinoTemporalLogger(workerPino()) });

/** Activities running at once; each QBO call in flight holds one realm-gate connection. */
const MAX_ACTIVITIES = Number(process.env.WORKER_MAX_ACTIVITIES ?? 50);

/** Bulk-job pages waiting at once; each only awaits its invoices' workflows, so many cost little. */
const MAX_BULK_PAGES = Number(process.env.WORKER_MAX_BULK_PAGES ?? 200);

const db = createDb();
const metrics = createMetrics();
const quickbooks = new QuickBooksAccess({
  db,
  settings: qboSettingsFromEnv(),
  cipher: TokenCipher.fromEnv(),
  metrics,
  gate: {
    ...realmLimitsFromEnv(),
    databaseUrl: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    callsInFlight: MAX_ACTIVITIES,
  },
  // Every QBO call here runs inside an activity, whose logger ties the failure to its workflow.
  onFailure: (failure) => {
    log.warn('QuickBooks call failed', { ...failure });
  },
});
const config = temporalConfig();
const { connectionOptions, namespace, taskQueue } = config;

const connection = await NativeConnection.connect(connectionOptions);
// Bulk sync jobs start and await invoice workflows from an activity, through an ordinary client.
const temporal = await connectTemporal(config);
const metricsServer = process.env.WORKER_METRICS_PORT
  ? await startMetricsServer(
      metrics.registry,
      Number(process.env.WORKER_METRICS_PORT),
      process.env.WORKER_METRICS_HOST ?? '127.0.0.1',
    )
  : undefined;
try {
  const activities = createActivities({ db, quickbooks, metrics, temporal });
  // `npm run build` leaves the workflow code pre-bundled next to the compiled worker (WORKFLOW_BUNDLE names
  // another bundle); under tsx there is none, and the workflows are bundled here at start.
  const workflowBundle = process.env.WORKFLOW_BUNDLE || fileURLToPath(new URL('./workflow-bundle.js', import.meta.url));
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(process.env.WORKFLOW_BUNDLE || existsSync(workflowBundle)
      ? { workflowBundle: { codePath: workflowBundle } }
      : { workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)) }),
    activities,
    maxConcurrentActivityTaskExecutions: MAX_ACTIVITIES,
  });
  const pages = await Worker.create({
    connection,
    namespace,
    taskQueue: bulkPagesQueue(taskQueue),
    activities: { syncJobPage: (input: Parameters<typeof activities.syncJobPage>[0]) => activities.syncJobPage(input) },
    maxConcurrentActivityTaskExecutions: MAX_BULK_PAGES,
  });
  console.log(
    `worker polling task queues ${taskQueue} and ${bulkPagesQueue(taskQueue)} on ${connectionOptions.address} (namespace ${namespace})`,
  );
  // Runtime's signal handlers (SIGINT, SIGTERM) shut both workers down; run() resolves once each has drained.
  await Promise.all([worker.run(), pages.run()]);
} finally {
  await metricsServer?.close();
  await temporal.close();
  await connection.close();
  await quickbooks.close();
  await db.destroy();
}
