import { runBulkJob } from '../bulk-job.js';
import { createFirm, seedInvoices } from '../firms.js';
import { okJson } from '../http.js';
import { QBO_LIMITS, realmTraffic, type RealmTraffic } from '../sandbox.js';
import type { CeilingResult } from './ceiling.js';
import type { Stack } from '../../stack.js';

/**
 * A company another app also uses: it leaves this one half of QBO's rate and 4 calls at once, while the
 * product's gate is still set to QBO's full limits. Each call takes QBO-like time, so the calls in flight
 * matter too.
 */
export const SHARED_COMPANY = { rateShare: 0.5, concurrent: 4, latencyMs: 200 };

const FIRST_MINUTE_MS = 60_000;

/** A's measures, two of them counted differently, and what the company allows. */
export interface SharedCompanyResult extends CeilingResult {
  /** What the company allows this app a minute: its rate, or its calls at once × calls a minute each, the lower. */
  allowedPerMinute: number;
  /** Requests QuickBooks took per minute, after the job's first minute, ÷ what the company allows. */
  ratio: number;
  /** Requests QuickBooks took (its 429s left out) ÷ invoices synced. */
  callsPerInvoice: number;
}

/** A′. The ceiling (A) against that company: how much of what it allows the product uses without being told. */
export async function runSharedCompany(stack: Stack, invoices: number, factor: number): Promise<SharedCompanyResult> {
  const firm = await createFirm(stack, 'Bench Shared Company Law');
  await seedInvoices(firm, invoices);
  const perMinute = Math.round(QBO_LIMITS.perMinute * factor * SHARED_COMPANY.rateShare);
  const { concurrent, latencyMs } = SHARED_COMPANY;
  await okJson('PUT', `${stack.sandboxUrl}/__sandbox/realms/${firm.realmId}/limits`, {
    body: { perMinute, concurrent },
  });
  await okJson('POST', `${stack.sandboxUrl}/__sandbox/faults`, {
    body: { mode: 'delay', delayMs: latencyMs, realmId: firm.realmId, rate: 1 },
  });
  try {
    // QBO's minute slides: a job's first minute may take a whole minute's allowance at once, so a short
    // job would look faster than the company allows. The rate is counted from the end of that first minute
    // when the job outlasts it by another, else over the whole job.
    const startedAt = performance.now();
    const atStart = await realmTraffic(stack, firm.realmId);
    let afterFirstMinute: { traffic: RealmTraffic; at: number } | undefined;
    const snapshot = setTimeout(
      () =>
        void realmTraffic(stack, firm.realmId).then(
          (traffic) => (afterFirstMinute = { traffic, at: performance.now() }),
        ),
      FIRST_MINUTE_MS,
    );
    const job = await runBulkJob(firm, startedAt).finally(() => clearTimeout(snapshot));
    const atEnd = await realmTraffic(stack, firm.realmId);
    const from =
      afterFirstMinute && job.seconds * 1000 >= 2 * FIRST_MINUTE_MS
        ? afterFirstMinute
        : { traffic: atStart, at: startedAt };
    const taken = (a: RealmTraffic, b: RealmTraffic) => b.total - b.throttled - (a.total - a.throttled);
    const minutes = (startedAt + job.seconds * 1000 - from.at) / 60_000;
    const allowedPerMinute = Math.min(perMinute, (concurrent * 60_000) / latencyMs);
    return {
      invoices: job.total,
      allowedPerMinute,
      ratio: taken(from.traffic, atEnd) / minutes / allowedPerMinute,
      throttled: atEnd.throttled - atStart.throttled,
      failed: job.failed,
      callsPerInvoice: taken(atStart, atEnd) / job.succeeded,
    };
  } finally {
    await okJson('DELETE', `${stack.sandboxUrl}/__sandbox/faults`);
  }
}
