import { describe, expect, it } from 'vitest';
import {
  compareEntity,
  compareInvoice,
  countByKind,
  type BillingEntityFacts,
  type BillingInvoiceFacts,
  type QboInvoiceFacts,
  type QboPaymentFacts,
} from './drift.js';

const billing = (over: Partial<BillingInvoiceFacts> = {}): BillingInvoiceFacts => ({
  invoiceId: 'inv-1',
  number: 'INV-1001',
  status: 'open',
  inSync: true,
  qboInvoiceId: '130',
  customer: { qboId: '58', name: 'Ana Ruiz' },
  totalCents: 75_000,
  invoiceDate: '2026-11-02',
  dueDate: '2026-12-02',
  lines: [
    { qboItemId: '7', itemName: 'I-130 petition', quantity: '1.0000', amountCents: 50_000 },
    { qboItemId: '8', itemName: 'Filing fee', quantity: '2', amountCents: 25_000 },
  ],
  payments: [],
  ...over,
});

const qbo = (over: Partial<QboInvoiceFacts> = {}): QboInvoiceFacts => ({
  qboId: '130',
  voided: false,
  customer: { qboId: '58', name: 'Ana Ruiz' },
  totalCents: 75_000,
  txnDate: '2026-11-02',
  dueDate: '2026-12-02',
  lines: [
    { qboItemId: '7', itemName: 'I-130 petition', quantity: 1, amountCents: 50_000 },
    { qboItemId: '8', itemName: 'Filing fee', quantity: 2, amountCents: 25_000 },
  ],
  ...over,
});

const fieldsOf = (findings: ReturnType<typeof compareInvoice>) => findings.map((f) => `${f.kind}:${f.field}`);

describe('compareInvoice', () => {
  it('finds nothing when QuickBooks holds what billing posted', () => {
    expect(compareInvoice(billing(), qbo())).toEqual([]);
  });

  it('says nothing about an invoice it did not read', () => {
    expect(compareInvoice(billing(), undefined)).toEqual([]);
  });

  it('reports an invoice deleted in QuickBooks, with recreate as its fix', () => {
    const [finding, ...rest] = compareInvoice(billing(), null);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      kind: 'invoice_missing',
      entityType: 'invoice',
      entityId: 'inv-1',
      label: 'INV-1001',
      qboId: '130',
      billingValue: 'open, 750.00',
      quickbooksValue: 'deleted',
      fixes: ['recreate'],
    });
  });

  it('leaves a void invoice alone when QuickBooks no longer has it', () => {
    expect(compareInvoice(billing({ status: 'void' }), null)).toEqual([]);
  });

  it('reports a void on one side only, and nothing else about that invoice', () => {
    const voidedInQbo = compareInvoice(billing(), qbo({ voided: true, totalCents: 0 }));
    expect(voidedInQbo).toMatchObject([
      { kind: 'invoice_voided_in_quickbooks', billingValue: 'open', quickbooksValue: 'voided', fixes: ['accept'] },
    ]);
    const voidedInBilling = compareInvoice(billing({ status: 'void', inSync: false }), qbo());
    expect(voidedInBilling).toMatchObject([
      {
        kind: 'invoice_voided_in_billing',
        billingValue: 'void',
        quickbooksValue: 'open, 750.00',
        fixes: ['overwrite'],
      },
    ]);
    expect(compareInvoice(billing({ status: 'void' }), qbo({ voided: true, totalCents: 0 }))).toEqual([]);
  });

  it('reports each edited field with both values and overwrite as the fix', () => {
    const edited = qbo({
      totalCents: 80_000,
      customer: { qboId: '59', name: 'Someone Else' },
      txnDate: '2026-11-03',
      dueDate: null,
      lines: [
        { qboItemId: '7', itemName: 'I-130 petition', quantity: 1, amountCents: 55_000 },
        { qboItemId: '8', itemName: 'Filing fee', quantity: 2, amountCents: 25_000 },
      ],
    });
    const findings = compareInvoice(billing(), edited);
    expect(fieldsOf(findings)).toEqual([
      'invoice_changed:customer',
      'invoice_changed:total',
      'invoice_changed:lines',
      'invoice_changed:invoiceDate',
      'invoice_changed:dueDate',
    ]);
    expect(findings.every((f) => f.fixes.join() === 'overwrite')).toBe(true);
    expect(findings[0]).toMatchObject({ billingValue: 'Ana Ruiz', quickbooksValue: 'Someone Else' });
    expect(findings[1]).toMatchObject({ billingValue: '750.00', quickbooksValue: '800.00' });
    expect(findings[2]).toMatchObject({
      billingValue: 'I-130 petition × 1 = 500.00; Filing fee × 2 = 250.00',
      quickbooksValue: 'I-130 petition × 1 = 550.00; Filing fee × 2 = 250.00',
    });
    expect(findings[4]).toMatchObject({ billingValue: '2026-12-02', quickbooksValue: null });
  });

  it('compares lines by item, quantity and amount, in order', () => {
    const swapped = qbo({ lines: [...qbo().lines].reverse() });
    expect(fieldsOf(compareInvoice(billing(), swapped))).toEqual(['invoice_changed:lines']);
    const fewer = qbo({ lines: qbo().lines.slice(0, 1), totalCents: 50_000 });
    expect(fieldsOf(compareInvoice(billing(), fewer))).toEqual(['invoice_changed:total', 'invoice_changed:lines']);
    const otherQty = qbo({ lines: [qbo().lines[0]!, { ...qbo().lines[1]!, quantity: 3 }] });
    expect(fieldsOf(compareInvoice(billing(), otherQty))).toEqual(['invoice_changed:lines']);
    const unmappedItem = billing({ lines: billing().lines.map((l) => ({ ...l, qboItemId: null })) });
    expect(compareInvoice(unmappedItem, qbo())).toEqual([]);
  });

  it('does not compare the content of an invoice billing revised since it was posted', () => {
    expect(compareInvoice(billing({ inSync: false, totalCents: 1 }), qbo())).toEqual([]);
  });

  it('ignores a customer billing has not mapped', () => {
    const unmapped = billing({ customer: { qboId: null, name: 'Ana Ruiz' } });
    expect(compareInvoice(unmapped, qbo({ customer: { qboId: '99', name: null } }))).toEqual([]);
  });

  describe('payments', () => {
    const paid = billing({ payments: [{ paymentId: 'pay-1', qboPaymentId: '201', appliedCents: 20_000 }] });
    const payment = (over: Partial<QboPaymentFacts> = {}): QboPaymentFacts => ({
      qboId: '201',
      voided: false,
      appliedByInvoice: { '130': 20_000 },
      ...over,
    });

    it('finds nothing when QuickBooks applies what billing posted', () => {
      expect(compareInvoice(paid, qbo(), new Map([['201', payment()]]))).toEqual([]);
    });

    it('reports a payment deleted or voided in QuickBooks, with post-again as the fix', () => {
      expect(compareInvoice(paid, qbo(), new Map([['201', null]]))).toMatchObject([
        {
          kind: 'payment_missing',
          entityType: 'payment',
          entityId: 'pay-1',
          label: 'INV-1001',
          qboId: '201',
          billingValue: '200.00',
          quickbooksValue: 'deleted',
          fixes: ['overwrite'],
        },
      ]);
      expect(
        compareInvoice(paid, qbo(), new Map([['201', payment({ voided: true, appliedByInvoice: {} })]])),
      ).toMatchObject([{ kind: 'payment_missing', quickbooksValue: 'voided' }]);
    });

    it('reports an amount changed in QuickBooks, with no fix offered', () => {
      const changed = payment({ appliedByInvoice: { '130': 15_000, '131': 5_000 } });
      expect(compareInvoice(paid, qbo(), new Map([['201', changed]]))).toMatchObject([
        { kind: 'payment_changed', billingValue: '200.00', quickbooksValue: '150.00', fixes: [] },
      ]);
    });

    it('says nothing about a payment it did not read', () => {
      expect(compareInvoice(paid, qbo(), new Map())).toEqual([]);
    });

    it('does not look at payments of an invoice QuickBooks lost or voided', () => {
      expect(fieldsOf(compareInvoice(paid, null, new Map([['201', null]])))).toEqual(['invoice_missing:invoice']);
      expect(fieldsOf(compareInvoice(paid, qbo({ voided: true }), new Map([['201', null]])))).toEqual([
        'invoice_voided_in_quickbooks:status',
      ]);
    });
  });
});

describe('compareEntity', () => {
  const payer: BillingEntityFacts = {
    entityType: 'payer',
    localId: 'payer-1',
    label: 'Ana Ruiz',
    qboId: '58',
    name: 'Ana Ruiz',
    email: 'ana@example.com',
    created: true,
  };
  const item: BillingEntityFacts = {
    entityType: 'fee_item',
    localId: 'fee-1',
    label: 'Filing fee',
    qboId: '8',
    name: 'Filing fee',
    created: true,
  };

  it('finds nothing when the records agree (email in any case)', () => {
    expect(compareEntity(payer, { qboId: '58', name: 'Ana Ruiz', email: 'ANA@example.com ', active: true })).toEqual(
      [],
    );
    expect(compareEntity(item, { qboId: '8', name: 'Filing fee', active: true })).toEqual([]);
    expect(compareEntity(item, undefined)).toEqual([]);
  });

  it("reports a customer's changed email with accept and overwrite, and a changed name with overwrite", () => {
    const findings = compareEntity(payer, { qboId: '58', name: 'Ana R.', email: 'ana@new.example', active: true });
    expect(findings).toMatchObject([
      {
        kind: 'customer_changed',
        field: 'name',
        billingValue: 'Ana Ruiz',
        quickbooksValue: 'Ana R.',
        fixes: ['overwrite'],
      },
      {
        kind: 'customer_changed',
        field: 'email',
        billingValue: 'ana@example.com',
        quickbooksValue: 'ana@new.example',
        fixes: ['accept', 'overwrite'],
      },
    ]);
  });

  it('offers no accept when QuickBooks removed the email', () => {
    expect(compareEntity(payer, { qboId: '58', name: 'Ana Ruiz', active: true })).toMatchObject([
      { field: 'email', quickbooksValue: null, fixes: ['overwrite'] },
    ]);
  });

  it("keeps a linked record's own name, but still reports its email and state", () => {
    const linked = { ...payer, created: false };
    expect(
      compareEntity(linked, { qboId: '58', name: 'RUIZ, Ana', email: 'other@example.com', active: false }).map(
        (f) => f.field,
      ),
    ).toEqual(['email', 'active']);
  });

  it('reports an item renamed or made inactive, and one gone', () => {
    expect(compareEntity(item, { qboId: '8', name: 'Fees', active: false })).toMatchObject([
      { kind: 'item_changed', field: 'name', billingValue: 'Filing fee', quickbooksValue: 'Fees' },
      {
        kind: 'item_changed',
        field: 'active',
        billingValue: 'active',
        quickbooksValue: 'inactive',
        fixes: ['overwrite'],
      },
    ]);
    expect(compareEntity(item, null)).toMatchObject([{ kind: 'item_changed', field: 'exists', fixes: [] }]);
  });
});

describe('countByKind', () => {
  it('counts every kind, zero included', () => {
    const counts = countByKind([{ kind: 'invoice_changed' }, { kind: 'invoice_changed' }, { kind: 'payment_missing' }]);
    expect(counts.invoice_changed).toBe(2);
    expect(counts.payment_missing).toBe(1);
    expect(counts.invoice_missing).toBe(0);
    expect(Object.keys(counts)).toHaveLength(8);
  });
});
