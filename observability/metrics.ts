import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SYNC_PASS_STATUSES, type SyncPassStatus } from '../domain/sync-status.js';
import type { QboCallRecord } from '../quickbooks/client.js';

// The product's Prometheus metrics. Callers use the record functions below and never prom-client, so
// names, labels and units are decided here once. Every label has a small fixed set of values: realm and
// firm ids would make one series per customer, so they stay out (the Temporal UI answers "which firm").

const PREFIX = 'quickbooks_sync_';

export interface Metrics {
  readonly registry: Registry;
  readonly syncs: Counter<'outcome'>;
  readonly syncDuration: Histogram;
  readonly qboRequests: Counter<'method' | 'endpoint' | 'status'>;
  readonly qboRequestDuration: Histogram<'method' | 'endpoint'>;
  readonly qboThrottled: Counter;
}

/** One process's registry (its own, not prom-client's global one) with the product's metrics and Node's. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const syncs = new Counter({
    name: `${PREFIX}syncs_total`,
    help: 'Sync passes finished, by outcome',
    labelNames: ['outcome'],
    registers,
  });
  // Zero from the start, so rate() and alerts see every outcome before its first occurrence.
  for (const outcome of SYNC_PASS_STATUSES) syncs.labels(outcome).inc(0);
  return {
    registry,
    syncs,
    syncDuration: new Histogram({
      name: `${PREFIX}sync_duration_seconds`,
      help: 'Duration of a sync pass, from its start to its recorded outcome',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120],
      registers,
    }),
    qboRequests: new Counter({
      name: `${PREFIX}qbo_requests_total`,
      help: 'QuickBooks Online API requests, by HTTP status (0: no answer)',
      labelNames: ['method', 'endpoint', 'status'],
      registers,
    }),
    qboRequestDuration: new Histogram({
      name: `${PREFIX}qbo_request_duration_seconds`,
      help: 'Duration of a QuickBooks Online API request, including the wait for the realm gate',
      labelNames: ['method', 'endpoint'],
      // Up to the client's 60 s timeout.
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    qboThrottled: new Counter({
      name: `${PREFIX}qbo_throttled_total`,
      help: 'QuickBooks Online answers 429 (throttled)',
      registers,
    }),
  };
}

/** For the QBO client's `onCall` hook. */
export function recordQboCall(metrics: Metrics, call: QboCallRecord): void {
  metrics.qboRequests.labels(call.method, call.endpoint, String(call.status)).inc();
  metrics.qboRequestDuration.labels(call.method, call.endpoint).observe(call.ms / 1000);
  if (call.status === 429) metrics.qboThrottled.inc();
}

export function recordSyncPass(metrics: Metrics, outcome: SyncPassStatus, seconds: number): void {
  metrics.syncs.labels(outcome).inc();
  metrics.syncDuration.observe(seconds);
}

export type InvoiceCounts = () => Promise<Array<{ status: string; count: number }>>;

/**
 * A registry whose one gauge, invoices by shown sync status, asks the database at each scrape: the
 * numbers are the product's state, not something this process counted, so they are never stale.
 */
export function invoicesByStatusRegistry(counts: InvoiceCounts): Registry {
  const registry = new Registry();
  new Gauge({
    name: `${PREFIX}invoices`,
    help: 'Invoices by the sync status billing staff see',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await counts();
      // A status no invoice has any more must not keep its last count.
      this.reset();
      for (const row of rows) this.labels(row.status).set(row.count);
    },
  });
  return registry;
}

/** The Prometheus text of some registries together, with its content type. */
export async function exposition(registries: Registry[]): Promise<{ contentType: string; text: string }> {
  const merged = Registry.merge(registries);
  return { contentType: merged.contentType, text: await merged.metrics() };
}
