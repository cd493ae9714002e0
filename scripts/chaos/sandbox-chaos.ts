import type { ChaosFirm } from './firms.js';
import type { Caller } from './http.js';

const FAULTS = [
  { mode: 'error500', rate: 0.1 },
  { mode: 'throttle429', rate: 0.05 },
  { mode: 'dropAfterCommit', rate: 0.03 },
] as const;

// One rule per written entity rather than all POSTs: queries are POSTed too, and so are OAuth token calls.
// Bulk jobs write their invoices through batches, Sync Now and the payers' and fee items' own workflows not.
const WRITTEN = ['/customer', '/item', '/invoice', '/batch'];

/**
 * One operation of a batch failing alone, as QBO's SystemFault on an item: the invoice's retry must find
 * out whether anything was written, while the batch's other items went through.
 */
const ITEM_FAULT = { mode: 'batchItemFault', code: '10000', rate: 0.05 } as const;

/**
 * A company with limits of its own answers writes at QuickBooks' real pace (the sandbox's own is
 * milliseconds), so calls pile up past what it allows at once, as they do against QBO.
 */
const LIMITED_WRITE_MS = 250;

/**
 * QuickBooks misbehaving on every write until `clearFaults`; each mode also hits the next invoice write for
 * certain, so even a short run goes through every kind of fault. Injected 429s spare the companies with
 * limits of their own: each 429 one of those answers is its own refusal of more than it allows, counted apart.
 */
export async function armFaults(sandbox: Caller, firms: ChaosFirm[]): Promise<void> {
  const limited = firms.filter((f) => f.limits).map((f) => f.realmId);
  const unlimited = firms.filter((f) => !f.limits).map((f) => f.realmId);
  for (const { mode, rate } of FAULTS) {
    for (const realmId of mode === 'throttle429' ? unlimited : [undefined]) {
      for (const pathContains of ['/invoice', '/batch'])
        await sandbox('POST', '/__sandbox/faults', { mode, method: 'POST', pathContains, count: 1, realmId });
      for (const pathContains of WRITTEN)
        await sandbox('POST', '/__sandbox/faults', { mode, method: 'POST', pathContains, rate, realmId });
    }
  }
  await sandbox('POST', '/__sandbox/faults', { ...ITEM_FAULT, rate: undefined, count: 1 });
  await sandbox('POST', '/__sandbox/faults', ITEM_FAULT);
  for (const realmId of limited)
    for (const pathContains of WRITTEN)
      await sandbox('POST', '/__sandbox/faults', {
        mode: 'delay',
        delayMs: LIMITED_WRITE_MS,
        method: 'POST',
        pathContains,
        realmId,
        rate: 1,
      });
}

export async function clearFaults(sandbox: Caller): Promise<void> {
  await sandbox('DELETE', '/__sandbox/faults');
}

/** Intuit's webhooks to the API, with 30% of them lost so the reconciler's CDC poll has to catch up. */
export async function deliverWebhooks(sandbox: Caller, apiUrl: string, verifierToken: string): Promise<void> {
  await sandbox('POST', '/__sandbox/webhooks', {
    url: `${apiUrl}/v1/webhooks/quickbooks`,
    verifierToken,
    format: 'cloudevents',
    dropRate: 0.3,
  });
}
