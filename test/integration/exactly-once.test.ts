import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

// Exactly once without QuickBooks' help: the answer to the first create of an invoice and of a payment is
// lost after QuickBooks committed it, in companies that accept duplicate numbers or warn about them, and
// that honour a repeated requestid, forget it, replay failures too, or ignore it. Each time QuickBooks
// must hold one invoice and one payment, found by the origin mark, not created twice.

const COMPANIES = (['warn', 'allow'] as const).flatMap((duplicateDocNumbers) =>
  (['always', 'expires', 'failures-too', 'ignored'] as const).map((requestIdReplay) => ({
    duplicateDocNumbers,
    requestIdReplay,
  })),
);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('a create whose answer is lost', () => {
  it.each(COMPANIES)(
    'is posted once where duplicates are "$duplicateDocNumbers" and requestid replay is "$requestIdReplay"',
    async (preferences) => {
      const firm = await h.connectedFirm(`Once ${preferences.duplicateDocNumbers} ${preferences.requestIdReplay}`, {
        syncModel: 1,
      });
      await h.sandbox('PUT', `/__sandbox/realms/${firm.realmId}/preferences`, {
        ...preferences,
        requestIdTtlSeconds: 1,
      });
      const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
      const stored = (entity: string) => h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/${entity}`);
      const loseNextAnswer = (path: string) =>
        h.sandbox('POST', '/__sandbox/faults', {
          mode: 'dropAfterCommit',
          method: 'POST',
          pathContains: path,
          realmId: firm.realmId,
          count: 1,
        });
      const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Una', lastName: 'Vaz' })).body;
      const fee = (await as('POST', '/v1/fee-items', { name: 'Asylum I-589', unitPrice: '900.00' })).body;
      const invoice = (
        await as('POST', '/v1/invoices', {
          payerId: payer.id,
          invoiceDate: '2026-11-28',
          dueDate: '2026-12-28',
          lines: [{ feeItemId: fee.id, quantity: 1 }],
        })
      ).body;

      await loseNextAnswer('/invoice');
      const sync = await as('POST', `/v1/invoices/${invoice.id}/sync`);
      expect(sync.body.sync, JSON.stringify(sync.body)).toMatchObject({ status: 'synced' });
      const invoices = await stored('Invoice');
      expect(invoices.map((i) => [i.Id, i.DocNumber])).toEqual([[sync.body.sync.qboInvoiceId, invoice.number]]);

      await loseNextAnswer('/payment');
      const paid = await as('POST', `/v1/invoices/${invoice.id}/payments`, {
        // The whole balance: the retry reads an invoice the lost payment already paid, and must not call it credit.
        amount: '900.00',
        date: '2026-11-29',
        method: 'check',
        reference: 'CHK-9',
      });
      expect(paid.status, JSON.stringify(paid.body)).toBe(201);
      const payments = (await as('GET', `/v1/invoices/${invoice.id}/payments`)).body.payments;
      expect(payments.map((p: any) => [p.qboSyncStatus, p.unapplied])).toEqual([['synced', '0.00']]);
      const inQuickBooks = await stored('Payment');
      expect(inQuickBooks.map((p) => [p.Id, p.TotalAmt, p.Line[0]?.Amount])).toEqual([
        [payments[0].qboPaymentId, 900, 900],
      ]);

      // Both lost answers really happened: each armed fault was used up.
      const { faults } = await h.sandbox<{ faults: Array<{ realmId?: string }> }>('GET', '/__sandbox/faults');
      expect(faults.filter((f) => f.realmId === firm.realmId)).toEqual([]);
    },
    60_000,
  );
});
