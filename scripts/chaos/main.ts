import type { Tally } from './compare.js';
import { runJobsUnderChaos, type JobProgress } from './disturb.js';
import { createInvoices, setUpFirms } from './firms.js';
import { sandboxAt, type Caller } from './http.js';
import { observe } from './observe.js';
import { parseOptions } from './options.js';
import { seededRandom } from './random.js';
import { faultsThatNeverFired, printReport, problems } from './report.js';
import { armFaults, clearFaults, deliverWebhooks } from './sandbox-chaos.js';
import { terminateConnections } from '../../db/ensure-database.js';
import { realmLimitsFromEnv } from '../../qbo-connection/realm-gate.js';
import { startStack } from '../stack.js';

// Bulk-syncs invoices for four firms while the worker is killed, the Temporal server restarts, the database
// drops its connections, and QuickBooks fails, drops answers, refuses more than a company allows and loses
// webhooks, then checks QuickBooks against billing. See "Chaos run" in the README.

const CDC_POLL_SECONDS = 3;
/** How long the Temporal server stays down between its stop and its start. */
const TEMPORAL_DOWN_MS = 2_000;
/** After the jobs, how long lost webhooks may take to be caught up by CDC before a difference counts. */
const SETTLE_MS = 45_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settle(jobs: JobProgress[], sandbox: Caller): Promise<Tally> {
  const deadline = Date.now() + SETTLE_MS;
  await sleep(CDC_POLL_SECONDS * 1_000);
  for (;;) {
    const tally = await observe(jobs, sandbox);
    if (problems(tally) === 0 || Date.now() > deadline) return tally;
    await sleep(2_000);
  }
}

const options = parseOptions(process.argv.slice(2));
// The API reads it when activation starts each firm's reconciler, so it must be set before the firms are.
process.env.QBO_CDC_POLL_SECONDS = String(CDC_POLL_SECONDS);
const startedAt = Date.now();
console.log(
  `chaos: ${options.invoices} invoices, ${options.kills} worker kills, a Temporal restart, ${options.payments} QuickBooks payments, seed ${options.seed}`,
);

// A 429 closes the realm for up to QBO_THROTTLE_PAUSE_MS (8 s by default); a second keeps the run short.
const workerEnv = { QBO_CDC_POLL_SECONDS: String(CDC_POLL_SECONDS), QBO_THROTTLE_PAUSE_MS: '1000' };
const stack = await startStack('chaos', { restartableTemporal: true });
let exitCode = 1;
try {
  await stack.replaceWorker(workerEnv);
  const sandbox = sandboxAt(stack.sandboxUrl);
  await deliverWebhooks(sandbox, stack.apiUrl, stack.webhookVerifierToken);
  const firms = await setUpFirms(stack.apiUrl, stack.adminToken, sandbox);
  await createInvoices(firms, options.invoices, seededRandom(options.seed));
  console.log(
    `chaos: stack up and ${options.invoices} invoices created in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; syncing under faults`,
  );
  await armFaults(sandbox, firms);
  const { jobs, disturbances } = await runJobsUnderChaos(firms, {
    kills: options.kills,
    payments: options.payments,
    deadlineMs: options.jobDeadlineMs,
    seed: options.seed,
    crashAndRestartWorker: () => stack.replaceWorker(workerEnv, 'crash'),
    dropDatabaseConnections: () => terminateConnections(stack.databaseUrl),
    restartTemporal: () => stack.restartTemporal({ downMs: TEMPORAL_DOWN_MS }),
    sandbox,
  });
  await clearFaults(sandbox);
  const tally = await settle(jobs, sandbox);
  const stats = await sandbox<{
    total: number;
    throttled: number;
    injected: Record<string, number>;
    byRealm: Record<string, { throttled: number }>;
  }>('GET', '/__sandbox/stats');
  // One entry per attempt, retries included: a notification is its id.
  const { deliveries } = await sandbox<{ deliveries: Array<{ id: string; dropped: boolean }> }>(
    'GET',
    '/__sandbox/webhooks',
  );
  const facts = {
    seed: options.seed,
    seconds: (Date.now() - startedAt) / 1000,
    jobs,
    disturbances,
    qboRequests: stats.total,
    qbo429s: stats.throttled,
    productConcurrency: realmLimitsFromEnv().concurrent,
    realm429s: Object.fromEntries(Object.entries(stats.byRealm).map(([realmId, realm]) => [realmId, realm.throttled])),
    injected: stats.injected,
    webhooksSent: new Set(deliveries.map((d) => d.id)).size,
    webhooksDropped: deliveries.filter((d) => d.dropped).length,
  };
  printReport(tally, facts);
  const unfired = faultsThatNeverFired(facts, options);
  if (unfired.length > 0)
    console.log(`
these faults never fired, so the run proves nothing about them: ${unfired.join(', ')}`);
  exitCode = problems(tally) === 0 && unfired.length === 0 ? 0 : 1;
} catch (error) {
  console.error('chaos run failed:', error);
} finally {
  // Stopped first: the children write their logs until they exit.
  await stack.stop({ keepLogs: exitCode !== 0 });
  if (exitCode !== 0) console.error(`the sandbox's and workers' logs are kept in ${stack.logDir}`);
}
process.exit(exitCode);
