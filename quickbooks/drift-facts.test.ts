import { describe, expect, it } from 'vitest';
import { customerFacts, invoiceFacts, isVoidedTxn, paymentFacts } from './drift-facts.js';
import type { Customer, Invoice, Payment } from './wire-types.js';

const meta = { CreateTime: '2026-11-20T10:00:00Z', LastUpdatedTime: '2026-11-20T10:00:00Z' };

const invoice = (over: Partial<Invoice> = {}): Invoice => ({
  Id: '130',
  SyncToken: '2',
  MetaData: meta,
  CustomerRef: { value: '58', name: 'Ana Ruiz' },
  TxnDate: '2026-11-20',
  DueDate: '2026-12-20',
  TotalAmt: 750.5,
  Balance: 750.5,
  LinkedTxn: [],
  PrivateNote: '[quickbooks-sync invoice inv-1]',
  Line: [
    {
      DetailType: 'SalesItemLineDetail',
      Amount: 500.5,
      SalesItemLineDetail: { ItemRef: { value: '7', name: 'Petition' }, Qty: 1, UnitPrice: 500.5 },
    },
    { DetailType: 'SubTotalLineDetail', Amount: 750.5, SubTotalLineDetail: {} },
    { DetailType: 'SalesItemLineDetail', Amount: 250, SalesItemLineDetail: { ItemRef: { value: '8' } } },
  ],
  ...over,
});

describe('QuickBooks records as drift facts', () => {
  it('reduces an invoice to cents, refs and its item lines (subtotals left out)', () => {
    expect(invoiceFacts(invoice())).toEqual({
      qboId: '130',
      voided: false,
      customer: { qboId: '58', name: 'Ana Ruiz' },
      totalCents: 75_050,
      txnDate: '2026-11-20',
      dueDate: '2026-12-20',
      lines: [
        { qboItemId: '7', itemName: 'Petition', quantity: 1, amountCents: 50_050 },
        { qboItemId: '8', itemName: null, quantity: null, amountCents: 25_000 },
      ],
    });
  });

  it('recognises a void as QBO keeps it: amounts zeroed and a note that starts with "Voided"', () => {
    expect(isVoidedTxn({ TotalAmt: 0, PrivateNote: 'Voided - [quickbooks-sync invoice inv-1]' })).toBe(true);
    expect(isVoidedTxn({ TotalAmt: 0, PrivateNote: 'Voided' })).toBe(true);
    expect(isVoidedTxn({ TotalAmt: 0, PrivateNote: 'Pro bono' })).toBe(false);
    expect(isVoidedTxn({ TotalAmt: 10, PrivateNote: 'Voided - reissued' })).toBe(false);
    expect(invoiceFacts(invoice({ TotalAmt: 0, PrivateNote: 'Voided - x' })).voided).toBe(true);
  });

  it('sums what a payment applies to each invoice', () => {
    const payment = {
      Id: '201',
      SyncToken: '0',
      MetaData: meta,
      CustomerRef: { value: '58' },
      TotalAmt: 400,
      UnappliedAmt: 50,
      TxnDate: '2026-11-21',
      Line: [
        { Amount: 200.25, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] },
        { Amount: 99.75, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] },
        { Amount: 50, LinkedTxn: [{ TxnId: '131', TxnType: 'Invoice' }] },
      ],
    } satisfies Payment;
    expect(paymentFacts(payment)).toEqual({
      qboId: '201',
      voided: false,
      appliedByInvoice: { '130': 30_000, '131': 5_000 },
    });
  });

  it("reads a customer's name, email and state", () => {
    const customer = {
      Id: '58',
      SyncToken: '1',
      MetaData: meta,
      DisplayName: 'Ana Ruiz',
      FullyQualifiedName: 'Ana Ruiz',
      Active: false,
      Balance: 0,
    } satisfies Customer;
    expect(customerFacts(customer)).toEqual({ qboId: '58', name: 'Ana Ruiz', email: null, active: false });
    expect(customerFacts({ ...customer, PrimaryEmailAddr: { Address: 'ana@example.com' } }).email).toBe(
      'ana@example.com',
    );
  });
});
