import type { Tally } from './compare.js';
import type { Disturbances, JobProgress } from './disturb.js';

export interface RunFacts {
  seed: number;
  seconds: number;
  jobs: JobProgress[];
  disturbances: Disturbances;
  qboRequests: number;
  qbo429s: number;
  /** 429s by realm: for a company with limits of its own (spared injected 429s), its refusals of more. */
  realm429s: Record<string, number>;
  /** The calls in flight per company the product allows itself (QBO_MAX_CONCURRENT). */
  productConcurrency: number;
  /** Injected faults that hit a request, by mode (the sandbox's count). */
  injected: Record<string, number>;
  webhooksDropped: number;
  webhooksSent: number;
}

/**
 * Each fault the run meant to inject, and whether it happened: a run where one never fired proves nothing
 * about it, so it fails too.
 */
export function faultsThatNeverFired(facts: RunFacts, planned: { kills: number; payments: number }): string[] {
  const limited = facts.jobs.filter((j) => j.firm.limits);
  const fired: Array<[string, number, boolean]> = [
    ['worker kills', facts.disturbances.kills, planned.kills > 0],
    ['Temporal server restarts', facts.disturbances.temporalRestarts, true],
    ['database connection drops', facts.disturbances.connectionsDropped, true],
    [
      'refusals by a company over its own limits',
      limited.reduce((sum, j) => sum + (facts.realm429s[j.firm.realmId] ?? 0), 0),
      limited.length > 0,
    ],
    ['QuickBooks 500s', facts.injected['error500'] ?? 0, true],
    ['QuickBooks 429s', facts.qbo429s, true],
    ['answers lost after commit', facts.injected['dropAfterCommit'] ?? 0, true],
    ['batch operations failed alone', facts.injected['batchItemFault'] ?? 0, true],
    ['webhooks dropped', facts.webhooksDropped, planned.payments > 0],
  ];
  return fired.filter(([, count, expected]) => expected && count === 0).map(([name]) => name);
}

const ROWS: Array<[keyof Omit<Tally, 'findings'>, string]> = [
  ['missing', 'missing invoices'],
  ['duplicated', 'duplicated invoices'],
  ['mismatched', 'mismatched invoices'],
  ['stuck', 'stuck jobs or invoices'],
  ['paymentsMissing', 'Model 2 payments missing'],
  ['paymentsDoubled', 'Model 2 payments doubled'],
];

const times = (n: number) => (n === 1 ? '1 time' : `${n} times`);

export const problems = (tally: Tally): number => ROWS.reduce((sum, [key]) => sum + tally[key], 0);

/** The counts as a Markdown table (so it pastes into the README as is), after what the run went through. */
export function printReport(tally: Tally, facts: RunFacts): void {
  const invoices = facts.jobs.reduce((sum, j) => sum + j.total, 0);
  console.log(
    `\nchaos run, seed ${facts.seed}: ${invoices} invoices over ${facts.jobs.length} firms (one Model 2) in ${facts.seconds.toFixed(0)} s`,
  );
  for (const job of facts.jobs) {
    const { duplicateDocNumbers, requestIdReplay } = job.firm.mode;
    const limits = job.firm.limits
      ? `, ${job.firm.limits.concurrent} requests at once where the product allows ${facts.productConcurrency}: ${facts.realm429s[job.firm.realmId] ?? 0} refused`
      : '';
    console.log(
      `  ${job.firm.name} (duplicate numbers: ${duplicateDocNumbers}, requestid replay: ${requestIdReplay}${limits}): job ${job.status}${job.seconds === undefined ? '' : ` in ${job.seconds.toFixed(0)} s`}, ${job.succeeded} synced, ${job.failed} failed of ${job.total}`,
    );
  }
  console.log(
    `  worker SIGKILLed and restarted ${times(facts.disturbances.kills)}; Temporal server restarted ${times(facts.disturbances.temporalRestarts)}; ${facts.disturbances.connectionsDropped} database connections dropped; ${facts.disturbances.payments} payments received in QuickBooks`,
  );
  console.log(
    `  injected: ${Object.entries(facts.injected)
      .map(([mode, n]) => `${mode} ${n}`)
      .join(', ')}`,
  );
  console.log(
    `  QuickBooks requests ${facts.qboRequests} (${facts.qbo429s} answered 429); ${facts.webhooksSent} webhook notifications, ${facts.webhooksDropped} dropped\n`,
  );
  const width = Math.max(...ROWS.map(([, label]) => label.length));
  console.log(`| ${'check'.padEnd(width)} | count |`);
  console.log(`|${'-'.repeat(width + 2)}|-------|`);
  for (const [key, label] of ROWS) console.log(`| ${label.padEnd(width)} | ${String(tally[key]).padStart(5)} |`);
  if (tally.findings.length > 0) {
    console.log(`\nfirst findings of ${tally.findings.length}:`);
    for (const finding of tally.findings.slice(0, 20)) console.log(`  ${finding}`);
  }
}
