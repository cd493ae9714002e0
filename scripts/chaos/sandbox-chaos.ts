import type { Caller } from './http.js';

const FAULTS = [
  { mode: 'error500', rate: 0.1 },
  { mode: 'throttle429', rate: 0.05 },
  { mode: 'dropAfterCommit', rate: 0.03 },
] as const;

// One rule per written entity rather than all POSTs: queries are POSTed too, and so are OAuth token calls.
const WRITTEN = ['/customer', '/item', '/invoice'];

/**
 * QuickBooks misbehaving on every write, in every realm, until `clearFaults`; each mode also hits the next
 * invoice write for certain, so even a short run goes through every kind of fault.
 */
export async function armFaults(sandbox: Caller): Promise<void> {
  for (const { mode, rate } of FAULTS) {
    await sandbox('POST', '/__sandbox/faults', { mode, method: 'POST', pathContains: '/invoice', count: 1 });
    for (const pathContains of WRITTEN)
      await sandbox('POST', '/__sandbox/faults', { mode, method: 'POST', pathContains, rate });
  }
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
