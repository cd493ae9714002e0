import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

// Model 1: billing is the system of record for payments, and QuickBooks gets the same payments, links and
// unapplied credit.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
const qboPayments = async () => h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/Payment`);

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Model One Partners', { syncModel: 1 });
});
afterAll(() => h?.close());

describe('Model 1 payments', () => {
  it('posts a partial payment and an overpayment, voids the first, and QuickBooks agrees', async () => {
    const payer = (
      await as('POST', '/v1/payers', {
        type: 'individual',
        firstName: 'Omar',
        lastName: 'Farouk',
        email: 'omar@farouk.example',
      })
    ).body;
    const fee = (await as('POST', '/v1/fee-items', { name: 'Citizenship application', unitPrice: '1000.00' })).body;
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      })
    ).body;

    // Recorded before the invoice is in QuickBooks: it waits for the invoice's first sync.
    const first = (
      await as('POST', `/v1/invoices/${invoice.id}/payments`, {
        amount: '400.00',
        date: '2026-11-26',
        method: 'check',
        reference: 'CHK-101',
      })
    ).body;
    expect(first).toMatchObject({ amount: '400.00', source: 'billing', qboPaymentId: null, qboSyncStatus: 'pending' });
    expect(await qboPayments()).toEqual([]);
    const { qboInvoiceId } = (await as('POST', `/v1/invoices/${invoice.id}/sync`)).body.sync;

    const second = await as('POST', `/v1/invoices/${invoice.id}/payments`, {
      amount: '750.00',
      date: '2026-11-27',
      method: 'wire',
      reference: 'WIRE-7',
    });
    expect(second.status).toBe(201);
    let payments = (await as('GET', `/v1/invoices/${invoice.id}/payments`)).body.payments;
    expect(payments.map((p: any) => [p.amount, p.unapplied, p.qboSyncStatus])).toEqual([
      ['400.00', '0.00', 'synced'],
      ['750.00', '150.00', 'synced'],
    ]);
    expect((await as('GET', `/v1/invoices/${invoice.id}`)).body).toMatchObject({
      amountPaid: '1150.00',
      balance: '-150.00',
    });

    const voided = await as('POST', `/v1/invoices/${invoice.id}/payments/${first.id}/void`);
    expect(voided.body).toMatchObject({ voided: true, qboSyncStatus: 'voided' });
    payments = (await as('GET', `/v1/invoices/${invoice.id}/payments`)).body.payments;
    expect((await as('GET', `/v1/invoices/${invoice.id}`)).body).toMatchObject({
      amountPaid: '750.00',
      balance: '250.00',
    });

    const inQbo = new Map((await qboPayments()).map((p) => [p.Id, p]));
    expect(inQbo.size).toBe(2);
    const [p1, p2] = payments.map((p: any) => inQbo.get(p.qboPaymentId));
    expect(p1).toMatchObject({ TotalAmt: 0 });
    expect(p1.PrivateNote).toMatch(/^Voided/);
    expect(p2).toMatchObject({ TotalAmt: 750, UnappliedAmt: 150, PaymentRefNum: 'WIRE-7', TxnDate: '2026-11-27' });
    expect(p2.Line.map((l: any) => [l.Amount, l.LinkedTxn[0].TxnId])).toEqual([[600, qboInvoiceId]]);
  });

  it("sends each payment's method as a PaymentMethodRef: the company's own, reactivated, or created once", async () => {
    const methods = async () => h.sandbox<any[]>('GET', `/__sandbox/realms/${firm.realmId}/PaymentMethod`);
    const cash = (await methods()).find((m) => m.Name === 'Cash');
    // A bookkeeper retired Cash; a payment in cash brings it back rather than making a second "Cash".
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/PaymentMethod/${cash.Id}`, { Active: false });
    const before = await methods();

    const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Lucia', lastName: 'Rojas' })).body;
    const fee = (await as('POST', '/v1/fee-items', { name: 'Visa interview prep', unitPrice: '500.00' })).body;
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      })
    ).body;
    await as('POST', `/v1/invoices/${invoice.id}/sync`);
    const paid = [
      ['check', '50.00'],
      ['CASH', '60.00'],
      ['Wire transfer', '70.00'],
      ['wire  transfer', '80.00'],
      ['Visa card', '90.00'],
      [undefined, '10.00'],
    ] as const;
    for (const [method, amount] of paid)
      expect(
        (await as('POST', `/v1/invoices/${invoice.id}/payments`, { amount, date: '2026-11-26', method })).status,
      ).toBe(201);

    const after = await methods();
    const named = (name: string) => after.filter((m) => m.Name.toLowerCase() === name.toLowerCase());
    expect(after.length).toBe(before.length + 2);
    expect(named('Wire transfer')).toMatchObject([{ Active: true, Type: 'NON_CREDIT_CARD' }]);
    expect(named('Visa card')).toMatchObject([{ Active: true, Type: 'CREDIT_CARD' }]);
    expect(named('Cash')).toMatchObject([{ Id: cash.Id, Active: true }]);

    const billing = (await as('GET', `/v1/invoices/${invoice.id}/payments`)).body.payments;
    const inQbo = new Map((await qboPayments()).map((p) => [p.Id, p]));
    const refs = billing.map((p: any) => inQbo.get(p.qboPaymentId)?.PaymentMethodRef?.value);
    const idOf = (name: string) => named(name)[0].Id;
    expect(refs).toEqual([
      idOf('Check'),
      cash.Id,
      idOf('Wire transfer'),
      idOf('Wire transfer'),
      idOf('Visa card'),
      undefined,
    ]);
  });

  it('reports a payment QuickBooks refuses to void (deposited), without retrying it', async () => {
    const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Nadia', lastName: 'Petrova' }))
      .body;
    const fee = (await as('POST', '/v1/fee-items', { name: 'Biometrics', unitPrice: '85.00' })).body;
    const invoice = (
      await as('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [{ feeItemId: fee.id, quantity: 1 }],
      })
    ).body;
    await as('POST', `/v1/invoices/${invoice.id}/sync`);
    const payment = (await as('POST', `/v1/invoices/${invoice.id}/payments`, { amount: '85.00', date: '2026-11-26' }))
      .body;
    const posted = (await as('GET', `/v1/invoices/${invoice.id}/payments`)).body.payments[0];
    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Payment/${posted.qboPaymentId}/deposit`);
    const voided = (await as('POST', `/v1/invoices/${invoice.id}/payments/${payment.id}/void`)).body;
    expect(voided).toMatchObject({ voided: true, qboSyncStatus: 'failed' });
    const refusal = (await as('GET', '/v1/sync-log?level=error')).body.entries.find(
      (e: any) => e.action === 'payment_refused',
    );
    expect(refusal.message).toContain('6540');
    expect((await qboPayments()).find((p) => p.Id === posted.qboPaymentId).TotalAmt).toBe(85);
  });
});
