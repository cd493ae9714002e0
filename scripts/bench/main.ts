import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';
import { parseOptions, type Scenario } from './options.js';
import { assembleResults, formatTable, type ScenarioResults } from './results.js';
import { QBO_BATCH_PER_MINUTE, QBO_LIMITS, setSandboxLimits } from './sandbox.js';
import { runBaseline } from './scenarios/baseline.js';
import { runBatchCeiling } from './scenarios/batch-ceiling.js';
import { runCeiling } from './scenarios/ceiling.js';
import { runFairness } from './scenarios/fairness.js';
import { runOverhead } from './scenarios/overhead.js';
import { runPaymentLatency } from './scenarios/payment-latency.js';
import { runSharedCompany } from './scenarios/shared-company.js';
import { runSyncNowLatency } from './scenarios/sync-now-latency.js';
import { runToEnd } from '../child-process.js';
import { startStack, type Stack } from '../stack.js';

// `npm run bench`: the stack of its own, then scenarios A-F of issue 8, A′ of issue 14 and G of issue 16 (or the
// ones `--only` names) in one run, a table on stdout and the figures in bench/results.json (or --out). Progress
// goes to stderr, so stdout is just the table.

const options = parseOptions(
  process.argv.slice(2),
  fileURLToPath(new URL('../../bench/results.json', import.meta.url)),
);
const progress = (line: string) => console.error(`[bench] ${line}`);
if (options.profile) mkdirSync(options.profile, { recursive: true });
const root = fileURLToPath(new URL('../..', import.meta.url));

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  progress(`${label}...`);
  const started = performance.now();
  const result = await run();
  progress(`${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function runAll(stack: Stack): Promise<ScenarioResults> {
  const { sizes, factor, only } = options;
  const scaled = {
    perMinute: Math.round(QBO_LIMITS.perMinute * factor),
    concurrent: Math.round(QBO_LIMITS.concurrent * factor),
    batchPerMinute: Math.round(QBO_BATCH_PER_MINUTE * factor),
  };
  const results: ScenarioResults = {};
  const atScaledLimits = async () => {
    await setSandboxLimits(stack, scaled.perMinute, scaled.concurrent, scaled.batchPerMinute);
    await timed('starting a worker at the scaled limits', () =>
      stack.replaceWorker({
        QBO_RATE_PER_MIN: String(scaled.perMinute),
        QBO_MAX_CONCURRENT: String(scaled.concurrent),
        QBO_BATCH_RATE_PER_MIN: String(scaled.batchPerMinute),
      }),
    );
  };

  // A, D and E run under QBO's limits (scaled), enforced by the sandbox and, identically, by the worker's gate.
  if (['A', 'A2', 'D', 'E'].some((s) => only.has(s as Scenario))) await atScaledLimits();
  if (only.has('A'))
    results.ceiling = await timed(`A. ceiling, ${sizes.invoices} invoices`, () =>
      runCeiling(stack, sizes.invoices, factor),
    );
  if (only.has('A2'))
    results.sharedCompany = await timed(
      `A′. a company another app shares (half the rate, 4 at once), ${sizes.invoices} invoices`,
      () => runSharedCompany(stack, sizes.invoices, factor),
    );
  if (only.has('D'))
    results.fairness = await timed(`D. fairness, ${sizes.fairnessFirms} firms × ${sizes.fairnessInvoices}`, () =>
      runFairness(stack, sizes.fairnessFirms, sizes.fairnessInvoices),
    );
  if (only.has('E')) {
    results.syncNow = await timed(`E. Sync Now latency, ${sizes.syncNows} syncs`, () =>
      runSyncNowLatency(stack, sizes.syncNows),
    );
    results.payments = await timed(`E. Model 2 payment latency, ${sizes.payments} payments`, () =>
      runPaymentLatency(stack, sizes.payments),
    );
  }

  // G sets QuickBooks' real limits (batch included) and a worker of its own, whatever the factor.
  if (only.has('G'))
    results.batchCeiling = await timed(`G. batch ceiling at QBO's real limits, ${sizes.invoices} invoices`, () =>
      runBatchCeiling(stack, sizes.invoices),
    );

  // B and C run with nothing throttling, so they measure the product's own cost and a plain loop's.
  if (only.has('B') || only.has('C')) {
    await setSandboxLimits(stack, 0, 0, 0);
    await timed('starting an unlimited worker', () =>
      stack.replaceWorker({ QBO_RATE_PER_MIN: '0', QBO_MAX_CONCURRENT: '0', QBO_BATCH_RATE_PER_MIN: '0' }),
    );
  }
  if (only.has('B'))
    results.overhead = await timed(`B. overhead, ${sizes.invoices} invoices`, () => runOverhead(stack, sizes.invoices));
  if (only.has('C'))
    results.baseline = await timed(`C. baseline, ${sizes.invoices} invoices`, () => runBaseline(stack, sizes.invoices));
  return results;
}

/** `npm run build`, its output on stderr with the rest of the progress. */
const buildProduct = () =>
  runToEnd(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, stdio: ['ignore', 2, 2] });

async function main(): Promise<void> {
  // The worker runs as deployed, from the production build: what an operator pays in CPU and memory (run
  // from the sources through tsx, its transpiler and source maps add about 200 MB).
  await timed('building the product (npm run build)', buildProduct);
  const stack = await timed('starting the stack', () =>
    startStack('bench', { workersFromBuild: true, ...(options.profile && { workerProfileDir: options.profile }) }),
  );
  // Ctrl-C during a long run still stops every part and drops the bench's database.
  const interrupt = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let failed = true;
  try {
    const results = assembleResults(describeMachine(), options, await runAll(stack));
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(formatTable(results, options));
    progress(`results written to ${options.out}`);
    failed = false;
  } finally {
    await stack.stop({ keepLogs: failed });
    if (failed) progress(`the parts' logs are kept in ${stack.logDir}`);
  }
}

// Exit at once: a scenario that failed half-way may leave polls and timers behind.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
