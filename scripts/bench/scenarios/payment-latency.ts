import { createFirm, seedInvoices } from '../firms.js';
import { okJson } from '../http.js';
import { percentile } from '../percentiles.js';
import type { Stack } from '../../stack.js';

export interface PaymentLatency {
  p50: number;
  p99: number;
}

const POLL_MS = 20;
/** Well under the CDC backstop's default 5 minutes: a payment that only the backstop would find fails the run. */
const GIVE_UP_MS = 60_000;

/**
 * E2. Model 2: a bookkeeper receives a payment in QuickBooks; the sandbox's webhook reaches the API, and
 * the firm's reconciliation workflow records it. Milliseconds from the payment to billing showing it.
 */
export async function runPaymentLatency(stack: Stack, payments: number): Promise<PaymentLatency> {
  const webhooks = `${stack.sandboxUrl}/__sandbox/webhooks`;
  await okJson('POST', webhooks, {
    body: {
      url: `${stack.apiUrl}/v1/webhooks/quickbooks`,
      verifierToken: stack.webhookVerifierToken,
      format: 'classic',
      dropRate: 0,
      duplicateRate: 0,
    },
  });
  try {
    const firm = await createFirm(stack, 'Bench Model Two Law', { syncModel: 2 });
    await seedInvoices(firm, payments);
    const posted: Array<{ invoiceId: string; qboInvoiceId: string }> = [];
    for (const invoiceId of firm.invoiceIds) {
      const { sync } = await firm.call('POST', `/v1/invoices/${invoiceId}/sync`);
      if (sync?.status !== 'synced')
        throw new Error(`invoice ${invoiceId} did not sync for the payment run: ${JSON.stringify(sync)}`);
      posted.push({ invoiceId, qboInvoiceId: sync.qboInvoiceId });
    }
    const samples: number[] = [];
    for (const { invoiceId, qboInvoiceId } of posted) {
      const started = performance.now();
      await okJson('POST', `${stack.sandboxUrl}/__sandbox/realms/${firm.realmId}/receive-payment`, {
        body: { invoiceId: qboInvoiceId, amount: 100 },
      });
      for (;;) {
        const { payments: seen } = await firm.call('GET', `/v1/invoices/${invoiceId}/payments`);
        if (seen.some((p: { source: string }) => p.source === 'quickbooks')) break;
        if (performance.now() - started > GIVE_UP_MS)
          throw new Error(
            `a QuickBooks payment on invoice ${invoiceId} did not reach billing within ${GIVE_UP_MS / 1000} s`,
          );
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      samples.push(performance.now() - started);
    }
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await okJson('POST', webhooks, { body: { url: null } });
  }
}
