import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run bench -- --quick` as CI runs it, so the bench never rots: it must complete on a stack of its
// own and write results of the shape. Its timings are for people to read, never asserted here.

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'quickbooks-sync-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MEASURES = [
  'ceiling.invoices',
  'ceiling.ratio',
  'ceiling.throttled',
  'ceiling.failed',
  'sharedCompany.ratio',
  'sharedCompany.allowedPerMinute',
  'sharedCompany.throttled',
  'sharedCompany.failed',
  'overhead.invoicesPerSecond',
  'overhead.cpuSecondsPer1000',
  'overhead.peakRssMb',
  'overhead.machine.cpuSecondsPer1000',
  'overhead.machine.busy',
  'baseline.invoicesPerSecond',
  'fairness.firms',
  'fairness.p50CompletionS',
  'fairness.maxCompletionS',
  'latency.syncNowMs.p50',
  'latency.syncNowMs.p95',
  'latency.syncNowMs.p99',
  'latency.paymentMs.p50',
  'latency.paymentMs.p99',
  'callsPerInvoice.ceiling',
  'callsPerInvoice.overhead',
  'batchCeiling.invoicesPerMinute',
  'batchCeiling.requestsPerInvoice',
  'batchCeiling.batches',
  'batchCeiling.itemsPerBatch',
  'batchCeiling.throttled',
  'batchCeiling.failed',
  'machine.cpus',
  'machine.memoryGb',
];

const at = (value: unknown, path: string): unknown => path.split('.').reduce<any>((v, key) => v?.[key], value);

describe('npm run bench -- --quick', () => {
  it('runs every scenario and writes finite numbers in the shape of issues 8 and 16', async () => {
    const out = join(dir, 'results.json');
    const profiles = join(dir, 'profiles');
    const args = ['tsx', 'scripts/bench/main.ts', '--quick', '--out', out, '--profile', profiles];
    const { stdout } = await promisify(execFile)('npx', args, {
      cwd: root,
      timeout: 240_000,
    });
    expect(stdout).toContain('| scenario | measure | result |');

    const results = JSON.parse(readFileSync(out, 'utf8'));
    for (const path of MEASURES)
      expect(Number.isFinite(at(results, path)), `${path} is ${JSON.stringify(at(results, path))}`).toBe(true);
    expect(results.machine).toMatchObject({ model: expect.any(String), node: process.version });
    expect(results.ceiling.invoices).toBe(50);
    expect(results.sharedCompany).toMatchObject({ invoices: 50, failed: 0 });
    expect(results.fairness.firms).toBe(3);
    // The whole machine's CPU counts every process, so it holds at least the product's own share.
    expect(results.overhead.machine.cpuSecondsPer1000).toBeGreaterThanOrEqual(results.overhead.cpuSecondsPer1000);
    expect(results.overhead.machine.busy).toBeGreaterThan(0);
    expect(results.overhead.machine.busy).toBeLessThanOrEqual(1);
    // G's invoices went through batches: fewer requests than invoices, and none of them failed.
    expect(results.batchCeiling).toMatchObject({ invoices: 50, failed: 0 });
    expect(results.batchCeiling.batches).toBeGreaterThan(0);
    expect(results.batchCeiling.requestsPerInvoice).toBeLessThan(1);

    // --profile: the workers' CPU profiles, one a thread (the main one and the workflow thread at least).
    const written = readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile'));
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(readFileSync(join(profiles, written[0]!), 'utf8')).nodes.length).toBeGreaterThan(0);
  }, 250_000);
});
