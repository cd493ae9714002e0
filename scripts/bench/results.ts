import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { QBO_LIMITS } from './sandbox.js';
import type { BaselineResult } from './scenarios/baseline.js';
import type { BatchCeilingResult } from './scenarios/batch-ceiling.js';
import type { CeilingResult } from './scenarios/ceiling.js';
import type { FairnessResult } from './scenarios/fairness.js';
import type { OverheadResult } from './scenarios/overhead.js';
import type { PaymentLatency } from './scenarios/payment-latency.js';
import type { SharedCompanyResult } from './scenarios/shared-company.js';
import type { SyncNowLatency } from './scenarios/sync-now-latency.js';

/**
 * bench/results.json: the shape issue 8 gives, every measure a number, plus what ran where. A scenario
 * left out by `--only` is left out here too.
 */
export interface BenchResults {
  machine: Machine;
  run: { at: string; quick: boolean; factor: number; scenarios: string[] };
  ceiling?: { invoices: number; ratio: number; throttled: number; failed: number };
  sharedCompany?: SharedCompanyResult;
  overhead?: {
    invoicesPerSecond: number;
    cpuSecondsPer1000: number;
    peakRssMb: number;
    byProcess: OverheadResult['byProcess'];
    machine: OverheadResult['machine'];
  };
  baseline?: { invoicesPerSecond: number; overheadRatio: number | null };
  fairness?: { firms: number; invoicesPerFirm: number; p50CompletionS: number; maxCompletionS: number };
  latency?: { syncNowMs: SyncNowLatency; paymentMs: PaymentLatency };
  callsPerInvoice?: { ceiling: number | null; overhead: number | null };
  batchCeiling?: BatchCeilingResult;
}

export interface ScenarioResults {
  ceiling?: CeilingResult;
  sharedCompany?: SharedCompanyResult;
  overhead?: OverheadResult;
  baseline?: BaselineResult;
  fairness?: FairnessResult;
  syncNow?: SyncNowLatency;
  payments?: PaymentLatency;
  batchCeiling?: BatchCeilingResult;
}

export function assembleResults(machine: Machine, options: BenchOptions, m: ScenarioResults): BenchResults {
  return {
    machine,
    run: { at: new Date().toISOString(), quick: options.quick, factor: options.factor, scenarios: [...options.only] },
    ...(m.ceiling && {
      ceiling: {
        invoices: m.ceiling.invoices,
        ratio: m.ceiling.ratio,
        throttled: m.ceiling.throttled,
        failed: m.ceiling.failed,
      },
    }),
    ...(m.sharedCompany && { sharedCompany: m.sharedCompany }),
    ...(m.overhead && {
      overhead: {
        invoicesPerSecond: m.overhead.invoicesPerSecond,
        cpuSecondsPer1000: m.overhead.cpuSecondsPer1000,
        peakRssMb: m.overhead.peakRssMb,
        byProcess: m.overhead.byProcess,
        machine: m.overhead.machine,
      },
    }),
    ...(m.baseline && {
      baseline: {
        invoicesPerSecond: m.baseline.invoicesPerSecond,
        overheadRatio: m.overhead ? m.overhead.invoicesPerSecond / m.baseline.invoicesPerSecond : null,
      },
    }),
    ...(m.fairness && {
      fairness: {
        firms: m.fairness.firms,
        invoicesPerFirm: m.fairness.invoicesPerFirm,
        p50CompletionS: m.fairness.p50CompletionS,
        maxCompletionS: m.fairness.maxCompletionS,
      },
    }),
    ...(m.syncNow && m.payments && { latency: { syncNowMs: m.syncNow, paymentMs: m.payments } }),
    ...((m.ceiling || m.overhead) && {
      callsPerInvoice: { ceiling: m.ceiling?.callsPerInvoice ?? null, overhead: m.overhead?.callsPerInvoice ?? null },
    }),
    ...(m.batchCeiling && { batchCeiling: m.batchCeiling }),
  };
}

const n = (value: number | null, digits = 1) =>
  value === null
    ? '–'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

type Row = [string, string, string];

/** A Markdown table, so the README can show the latest run as printed. */
export function formatTable(r: BenchResults, options: BenchOptions): string {
  const {
    machine,
    run: { factor },
  } = r;
  const ceiling = `${n(QBO_LIMITS.perMinute * factor, 0)}/min, ${n(QBO_LIMITS.concurrent * factor, 0)} at once`;
  const rows: Row[] = [];
  if (r.ceiling)
    rows.push(
      [
        `A. ceiling: ${r.ceiling.invoices} invoices, limits ×${factor} (${ceiling})`,
        'requests/min ÷ ceiling',
        n(r.ceiling.ratio, 2),
      ],
      ['', 'throttled requests / failed invoices', `${r.ceiling.throttled} / ${r.ceiling.failed}`],
    );
  if (r.sharedCompany)
    rows.push(
      [
        `A′. a shared company: ${r.sharedCompany.invoices} invoices, half the rate and 4 at once (${n(r.sharedCompany.allowedPerMinute, 0)}/min allowed)`,
        'requests/min ÷ allowed, after the first minute',
        n(r.sharedCompany.ratio, 2),
      ],
      ['', 'throttled requests / failed invoices', `${r.sharedCompany.throttled} / ${r.sharedCompany.failed}`],
    );
  if (r.overhead) {
    const processes = Object.entries(r.overhead.byProcess)
      .map(([name, u]) => `${name} ${n(u.cpuSecondsPer1000)} s, ${n(u.peakRssMb, 0)} MB`)
      .join('; ');
    rows.push(
      [
        `B. overhead: ${options.sizes.invoices} invoices, unthrottled`,
        'invoices/s end to end',
        n(r.overhead.invoicesPerSecond),
      ],
      ['', 'CPU s per 1,000 invoices (API + worker + Temporal)', n(r.overhead.cpuSecondsPer1000)],
      ['', 'peak RSS MB (API + worker + Temporal)', n(r.overhead.peakRssMb, 0)],
      ['', 'per process (CPU s per 1,000, peak RSS)', processes],
      [
        '',
        `whole machine: CPU s per 1,000 invoices (every process); cores busy; ${r.machine.cpus} cores' limit`,
        `${n(r.overhead.machine.cpuSecondsPer1000)}; ${n(r.overhead.machine.busy * 100, 0)}%; ${n((r.machine.cpus * 1000) / r.overhead.machine.cpuSecondsPer1000)} invoices/s`,
      ],
    );
  }
  if (r.baseline)
    rows.push(
      [
        `C. baseline: ${options.sizes.invoices} invoices, sequential fetch loop`,
        'invoices/s',
        n(r.baseline.invoicesPerSecond),
      ],
      ['', 'B ÷ C', n(r.baseline.overheadRatio, 2)],
    );
  if (r.fairness)
    rows.push([
      `D. fairness: ${r.fairness.firms} firms × ${r.fairness.invoicesPerFirm} invoices at once`,
      'completion s, p50 / max',
      `${n(r.fairness.p50CompletionS)} / ${n(r.fairness.maxCompletionS)}`,
    ]);
  if (r.latency)
    rows.push(
      [
        `E. latency: ${options.sizes.syncNows} Sync Nows, ${options.sizes.payments} Model 2 payments`,
        'Sync Now ms, p50 / p95 / p99',
        `${n(r.latency.syncNowMs.p50, 0)} / ${n(r.latency.syncNowMs.p95, 0)} / ${n(r.latency.syncNowMs.p99, 0)}`,
      ],
      [
        '',
        'webhook → payment recorded ms, p50 / p99',
        `${n(r.latency.paymentMs.p50, 0)} / ${n(r.latency.paymentMs.p99, 0)}`,
      ],
    );
  if (r.callsPerInvoice)
    rows.push([
      'F. calls per invoice',
      'QBO requests ÷ invoices synced, A / B',
      `${n(r.callsPerInvoice.ceiling, 2)} / ${n(r.callsPerInvoice.overhead, 2)}`,
    ]);
  if (r.batchCeiling) {
    const g = r.batchCeiling;
    rows.push(
      [
        `G. batch ceiling: ${g.invoices} invoices, QBO's real limits (500/min, 10 at once, 40 batches/min), 200 ms a request`,
        'invoices/min',
        n(g.invoicesPerMinute, 0),
      ],
      [
        '',
        'QBO requests per invoice; batches (operations each)',
        `${n(g.requestsPerInvoice, 3)}; ${g.batches} (${n(g.itemsPerBatch)})`,
      ],
      ['', 'throttled requests / failed invoices', `${g.throttled} / ${g.failed}`],
    );
  }
  return [
    `Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GB, Node ${machine.node}${r.run.quick ? ' (--quick)' : ''}`,
    '',
    '| scenario | measure | result |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
