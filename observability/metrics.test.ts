import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { metricsRoutes } from '../api/routes/metrics.js';
import { startMetricsServer } from '../worker/metrics-server.js';
import { createMetrics, recordQboCall, recordSyncPass } from './metrics.js';

/** The value of one sample in Prometheus text, matched by name and exact label set in any order; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = (match[2] ?? '')
      .split(/,(?=\w+=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    if (got === wanted) return Number(match[3]);
  }
  return undefined;
}

describe('product metrics', () => {
  it('counts QBO calls by method, endpoint and status, with their durations, and 429s without a realm label', async () => {
    const metrics = createMetrics();
    recordQboCall(metrics, { method: 'POST', endpoint: '/invoice', status: 200, ms: 120 });
    recordQboCall(metrics, { method: 'POST', endpoint: '/invoice', status: 200, ms: 700 });
    recordQboCall(metrics, { method: 'POST', endpoint: '/query', status: 429, ms: 30 });
    recordQboCall(metrics, { method: 'GET', endpoint: '/customer', status: 0, ms: 60_000 });
    const text = await metrics.registry.metrics();

    expect(
      sample(text, 'quickbooks_sync_qbo_requests_total', { method: 'POST', endpoint: '/invoice', status: '200' }),
    ).toBe(2);
    expect(
      sample(text, 'quickbooks_sync_qbo_requests_total', { method: 'POST', endpoint: '/query', status: '429' }),
    ).toBe(1);
    expect(
      sample(text, 'quickbooks_sync_qbo_requests_total', { method: 'GET', endpoint: '/customer', status: '0' }),
    ).toBe(1);
    expect(sample(text, 'quickbooks_sync_qbo_throttled_total')).toBe(1);

    const invoicePosts = { method: 'POST', endpoint: '/invoice' };
    expect(sample(text, 'quickbooks_sync_qbo_request_duration_seconds_count', invoicePosts)).toBe(2);
    expect(sample(text, 'quickbooks_sync_qbo_request_duration_seconds_sum', invoicePosts)).toBeCloseTo(0.82);
    expect(sample(text, 'quickbooks_sync_qbo_request_duration_seconds_bucket', { ...invoicePosts, le: '0.25' })).toBe(
      1,
    );
    expect(sample(text, 'quickbooks_sync_qbo_request_duration_seconds_bucket', { ...invoicePosts, le: '1' })).toBe(2);
    expect(
      sample(text, 'quickbooks_sync_qbo_request_duration_seconds_bucket', {
        method: 'GET',
        endpoint: '/customer',
        le: '60',
      }),
    ).toBe(1);
  });

  it('counts sync passes by outcome, every outcome present from the start, and times them', async () => {
    const metrics = createMetrics();
    const before = await metrics.registry.metrics();
    for (const outcome of ['synced', 'failed', 'needs_mapping'])
      expect(sample(before, 'quickbooks_sync_syncs_total', { outcome })).toBe(0);

    recordSyncPass(metrics, 'synced', 1.5);
    recordSyncPass(metrics, 'synced', 0.2);
    recordSyncPass(metrics, 'failed', 90);
    const text = await metrics.registry.metrics();

    expect(sample(text, 'quickbooks_sync_syncs_total', { outcome: 'synced' })).toBe(2);
    expect(sample(text, 'quickbooks_sync_syncs_total', { outcome: 'failed' })).toBe(1);
    expect(sample(text, 'quickbooks_sync_syncs_total', { outcome: 'needs_mapping' })).toBe(0);
    expect(sample(text, 'quickbooks_sync_sync_duration_seconds_bucket', { le: '0.1' })).toBe(0);
    expect(sample(text, 'quickbooks_sync_sync_duration_seconds_bucket', { le: '0.25' })).toBe(1);
    expect(sample(text, 'quickbooks_sync_sync_duration_seconds_bucket', { le: '2.5' })).toBe(2);
    expect(sample(text, 'quickbooks_sync_sync_duration_seconds_bucket', { le: '60' })).toBe(2);
    expect(sample(text, 'quickbooks_sync_sync_duration_seconds_bucket', { le: '120' })).toBe(3);
    expect(sample(text, 'quickbooks_sync_sync_duration_seconds_sum')).toBeCloseTo(91.7);
  });

  it("keeps each process's metrics apart, with Node's process metrics beside the product's", async () => {
    const api = createMetrics();
    const worker = createMetrics();
    recordSyncPass(worker, 'synced', 1);
    const text = await api.registry.metrics();
    expect(sample(text, 'quickbooks_sync_syncs_total', { outcome: 'synced' })).toBe(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

describe('the worker metrics server', () => {
  it("serves the worker's registry as Prometheus text over HTTP, and nothing else", async () => {
    const metrics = createMetrics();
    recordQboCall(metrics, { method: 'POST', endpoint: '/payment', status: 400, ms: 80 });
    const server = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const answer = await fetch(`${base}/metrics`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(metrics.registry.contentType);
      const text = await answer.text();
      expect(
        sample(text, 'quickbooks_sync_qbo_requests_total', { method: 'POST', endpoint: '/payment', status: '400' }),
      ).toBe(1);
      expect(text).toContain('# TYPE quickbooks_sync_sync_duration_seconds histogram');

      expect((await fetch(`${base}/other`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(`${base}/metrics`)).rejects.toThrow();
  });
});

describe('GET /metrics on the API', () => {
  async function api(counts: Array<{ status: string; count: number }>) {
    const metrics = createMetrics();
    const app = Fastify({ logger: false }).withTypeProvider<JsonSchemaToTsProvider>();
    await app.register(metricsRoutes, { registry: metrics.registry, invoiceCounts: async () => counts });
    return { app, metrics };
  }

  it("answers the API's registry and invoices by sync status as counted at scrape time, without a key", async () => {
    const counts = [
      { status: 'synced', count: 12 },
      { status: 'failed', count: 3 },
    ];
    const { app, metrics } = await api(counts);
    recordSyncPass(metrics, 'needs_mapping', 0.4);

    const first = await app.inject({ method: 'GET', url: '/metrics' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe(metrics.registry.contentType);
    expect(sample(first.body, 'quickbooks_sync_invoices', { status: 'synced' })).toBe(12);
    expect(sample(first.body, 'quickbooks_sync_invoices', { status: 'failed' })).toBe(3);
    expect(sample(first.body, 'quickbooks_sync_syncs_total', { outcome: 'needs_mapping' })).toBe(1);
    expect(first.body).toContain('# TYPE quickbooks_sync_invoices gauge');

    // The database changed between scrapes: the gauge follows it, and a status that emptied goes away.
    counts.splice(0, counts.length, { status: 'synced', count: 15 });
    const second = await app.inject({ method: 'GET', url: '/metrics' });
    expect(sample(second.body, 'quickbooks_sync_invoices', { status: 'synced' })).toBe(15);
    expect(sample(second.body, 'quickbooks_sync_invoices', { status: 'failed' })).toBeUndefined();
    await app.close();
  });

  it('fails the scrape when the counts cannot be read, rather than serving stale numbers', async () => {
    const metrics = createMetrics();
    const app = Fastify({ logger: false }).withTypeProvider<JsonSchemaToTsProvider>();
    await app.register(metricsRoutes, {
      registry: metrics.registry,
      invoiceCounts: async () => Promise.reject(new Error('database down')),
    });
    const answer = await app.inject({ method: 'GET', url: '/metrics' });
    expect(answer.statusCode).toBe(500);
    await app.close();
  });
});
