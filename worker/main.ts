import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { log } from '@temporalio/activity';
import { createActivities } from '../activities/index.js';
import { createDb, databaseUrlFromEnv } from '../db/database.js';
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
import { runWorkers } from './run-workers.js';

const logger = workerPino();
// runWorkers handles the shutdown signals, with a grace the SDK's own handlers do not give.
Runtime.install({ logger: new PinoTemporalLogger(logger), shutdownSignals: [] });

/** Activities running at once; each QBO call in flight holds one realm-gate connection. */
const MAX_ACTIVITIES = Number(process.env.WORKER_MAX_ACTIVITIES ?? 50);

/**
 * Local activities running at once: a sync pass's steps, its QBO write included (each write waiting for its
 * batch holds one).
 */
const MAX_LOCAL_ACTIVITIES = Number(process.env.WORKER_MAX_LOCAL_ACTIVITIES ?? 100);

/**
 * Workflow tasks run at once (the SDK's default, 40, unless set). A bulk job's pass is one workflow task
 * whose local activities (loading the invoice, its batched write) run inside it, so the task holds its slot
 * for the whole pass, half a second or more while its batch fills: 40 caps a worker near 50 passes a second
 * with its cores a third idle. More slots buy throughput with memory (README: WORKER_MAX_WORKFLOW_TASKS).
 */
const MAX_WORKFLOW_TASKS = Number(process.env.WORKER_MAX_WORKFLOW_TASKS ?? 40);

/** Bulk-job pages waiting at once; each only awaits its invoices' workflows, so many cost little. */
const MAX_BULK_PAGES = Number(process.env.WORKER_MAX_BULK_PAGES ?? 200);

/**
 * Workflows kept in memory between their tasks. The SDK's default sizes the cache by the machine's memory
 * (thousands on a large one), so a bulk job left every invoice's idle workflow resident. An invoice's history
 * is short, so one evicted and asked for a sync again is replayed in a moment; what must stay cached is the
 * workflows with a pass under way, a few hundred at most (pages × window).
 */
const MAX_CACHED_WORKFLOWS = Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 500);

/**
 * After SIGTERM or SIGINT, how long in-flight activities may take to finish (a QBO call answered and
 * recorded) before the process ends anyway and leaves them to their heartbeat timeouts; under a
 * supervisor's own grace (Kubernetes waits 30 s before SIGKILL).
 */
const SHUTDOWN_GRACE_MS = Number(process.env.WORKER_SHUTDOWN_GRACE_MS ?? 20_000);

const db = createDb();
const metrics = createMetrics();
const quickbooks = new QuickBooksAccess({
  db,
  settings: qboSettingsFromEnv(),
  cipher: TokenCipher.fromEnv(),
  metrics,
  gate: {
    ...realmLimitsFromEnv(),
    databaseUrl: databaseUrlFromEnv(),
    callsInFlight: MAX_ACTIVITIES + MAX_LOCAL_ACTIVITIES,
  },
  // Every QBO call here runs inside an activity (local or not), whose logger ties the failure to its workflow.
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
  maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
  maxConcurrentWorkflowTaskExecutions: MAX_WORKFLOW_TASKS,
  maxConcurrentActivityTaskExecutions: MAX_ACTIVITIES,
  maxConcurrentLocalActivityExecutions: MAX_LOCAL_ACTIVITIES,
  // Stopping, it asks none of its activities to cancel: each may finish within the grace.
  shutdownGraceTime: SHUTDOWN_GRACE_MS,
});
const pages = await Worker.create({
  connection,
  namespace,
  taskQueue: bulkPagesQueue(taskQueue),
  activities: { syncJobPage: (input: Parameters<typeof activities.syncJobPage>[0]) => activities.syncJobPage(input) },
  maxConcurrentActivityTaskExecutions: MAX_BULK_PAGES,
  // A page only awaits its invoices' workflows: cancelled at once, it fails and another worker retries it.
  shutdownGraceTime: 0,
});
console.log(
  `worker polling task queues ${taskQueue} and ${bulkPagesQueue(taskQueue)} on ${connectionOptions.address} (namespace ${namespace})`,
);
// A failure is thrown from here and ends the process with it; what is still open is closed by its exit.
if ((await runWorkers([worker, pages], { graceMs: SHUTDOWN_GRACE_MS, logger })) === 'drained') {
  await metricsServer?.close();
  await temporal.close();
  await connection.close();
  await quickbooks.close();
  await db.destroy();
}
// The end, drained or not: a cancelled bulk-job page leaves the Sync Nows it stopped awaiting with long polls
// open (closing a client does not end its calls), and activities past the grace hold their timers.
process.exit(0);
