import { describe, expect, it } from 'vitest';
import type { InvoiceSnapshot, PayerSnapshot } from '../domain/snapshots.js';
import {
  carriesOriginMarker,
  customerDisplayName,
  originMarker,
  PAYMENT_METHOD_NAME_MAX,
  paymentMethodKey,
  paymentMethodName,
  qboName,
  toQboCustomer,
  toQboInvoice,
  toQboItem,
  toQboPayment,
  toQboPaymentMethod,
} from './mappers.js';

const corporation: PayerSnapshot = {
  id: 'p1',
  type: 'corporation',
  firstName: null,
  lastName: null,
  companyName: "O'Brien & Sons, LLC",
  email: 'office@obrien.example',
  phone: '555-0100',
  address: { line1: '1 Main St', city: 'Boston', region: 'MA', postalCode: '02110', country: 'US' },
  billingPerson: { firstName: 'Aoife', lastName: 'Kelly', email: 'billing@obrien.example', phone: '555-0199' },
};

const individual: PayerSnapshot = {
  id: 'p2',
  type: 'individual',
  firstName: 'José',
  lastName: 'Müller',
  companyName: null,
  email: 'jose@example.com',
  phone: null,
  address: null,
  billingPerson: null,
};

describe('toQboCustomer', () => {
  it("makes a corporation's billing person the customer's contact", () => {
    const customer = toQboCustomer(corporation);
    expect(customer.DisplayName).toBe("O'Brien & Sons, LLC");
    expect(customer.CompanyName).toBe("O'Brien & Sons, LLC");
    expect(customer.GivenName).toBe('Aoife');
    expect(customer.FamilyName).toBe('Kelly');
    expect(customer.PrimaryEmailAddr).toEqual({ Address: 'billing@obrien.example' });
    expect(customer.PrimaryPhone).toEqual({ FreeFormNumber: '555-0199' });
    // the billing person has no address of their own: the company's is used
    expect(customer.BillAddr).toMatchObject({ Line1: '1 Main St', City: 'Boston', CountrySubDivisionCode: 'MA' });
  });

  it('names an individual by first and last name, keeping non-ASCII letters', () => {
    const customer = toQboCustomer(individual);
    expect(customer.DisplayName).toBe('José Müller');
    expect(customer.CompanyName).toBeUndefined();
    expect(customer.GivenName).toBe('José');
    expect(customer.BillAddr).toBeUndefined();
  });

  it('keeps names within QBO rules', () => {
    expect(qboName('Acme: Holdings\t Ltd', 500)).toBe('Acme- Holdings Ltd');
    expect(customerDisplayName({ ...corporation, companyName: 'x'.repeat(600) })).toHaveLength(500);
  });
});

describe('toQboItem', () => {
  it('creates a Service item with its income account', () => {
    const item = toQboItem(
      { id: 'f1', name: 'I-130 Petition', description: 'Family petition', unitPriceCents: 150000 },
      { value: '79' },
    );
    expect(item).toEqual({
      Name: 'I-130 Petition',
      Type: 'Service',
      Description: 'Family petition',
      UnitPrice: 1500,
      IncomeAccountRef: { value: '79' },
    });
  });
});

describe('toQboInvoice', () => {
  it('keeps the origin mark whole after a case reference as long as QBO allows, within 4,000 characters', () => {
    const body = toQboInvoice(
      { ...invoice, caseReference: 'X'.repeat(4000) },
      { customerId: '58', itemIds: { fa: '1', fb: '2' } },
    );
    expect(body.PrivateNote).toHaveLength(4000);
    expect(body.PrivateNote!.split('\n').at(-1)).toBe(originMarker('invoice', 'i1'));
  });

  const invoice: InvoiceSnapshot = {
    id: 'i1',
    firmId: 'f',
    number: 'INV-1001',
    invoiceDate: '2026-11-20',
    dueDate: '2026-12-20',
    memo: 'Thank you',
    caseReference: 'A-2026-17',
    revision: 1,
    totalCents: 162499,
    status: 'open',
    payer: corporation,
    feeItems: [
      { id: 'fa', name: 'Consultation', description: 'Initial consultation', unitPriceCents: 33333 },
      { id: 'fb', name: 'Filing', description: null, unitPriceCents: 62500 },
    ],
    lines: [
      { lineNo: 1, feeItemId: 'fa', description: null, quantity: '1.5', unitPriceCents: 33333, amountCents: 50000 },
      {
        lineNo: 2,
        feeItemId: 'fb',
        description: 'USCIS filing',
        quantity: '1',
        unitPriceCents: 62500,
        amountCents: 62500,
      },
      {
        lineNo: 3,
        feeItemId: 'fb',
        description: 'Expedite',
        quantity: '0.8',
        unitPriceCents: 62499,
        amountCents: 49999,
      },
    ],
  };

  it('maps lines with ItemRef, Qty, UnitPrice and Amount', () => {
    const body = toQboInvoice(invoice, { customerId: '58', itemIds: { fa: '7', fb: '8' } });
    expect(body.CustomerRef).toEqual({ value: '58' });
    expect(body.DocNumber).toBe('INV-1001');
    expect(body.TxnDate).toBe('2026-11-20');
    expect(body.DueDate).toBe('2026-12-20');
    expect(body.BillEmail).toEqual({ Address: 'billing@obrien.example' });
    expect(body.PrivateNote).toBe(`Case A-2026-17\n${originMarker('invoice', invoice.id)}`);
    expect(body.Line).toEqual([
      {
        DetailType: 'SalesItemLineDetail',
        Description: 'Initial consultation',
        Amount: 500,
        SalesItemLineDetail: { ItemRef: { value: '7' }, Qty: 1.5, UnitPrice: 333.33 },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Description: 'USCIS filing',
        Amount: 625,
        SalesItemLineDetail: { ItemRef: { value: '8' }, Qty: 1, UnitPrice: 625 },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Description: 'Expedite',
        Amount: 499.99,
        SalesItemLineDetail: { ItemRef: { value: '8' }, Qty: 0.8, UnitPrice: 624.99 },
      },
    ]);
  });

  it('refuses a DocNumber QBO would reject', () => {
    expect(() =>
      toQboInvoice({ ...invoice, number: 'X'.repeat(22) }, { customerId: '1', itemIds: { fa: '7', fb: '8' } }),
    ).toThrow(RangeError);
  });

  it('refuses a line whose item is not resolved', () => {
    expect(() => toQboInvoice(invoice, { customerId: '1', itemIds: { fa: '7' } })).toThrow(/no QuickBooks item/);
  });
});

describe('qboName', () => {
  it('makes typographic punctuation plain so the name can be queried', () => {
    expect(qboName('Boot \u2013 Wolverine\u2019s', 100)).toBe("Boot - Wolverine's");
    expect(qboName('Zero\u200Bwidth', 100)).toBe('Zerowidth');
  });
});

describe('the origin mark', () => {
  it('is found in the note QBO gives back, even prefixed when voided, and only for its own record', () => {
    const note = `Voided - ${originMarker('payment', '41')}`;
    expect(carriesOriginMarker(note, 'payment', '41')).toBe(true);
    expect(carriesOriginMarker(note, 'payment', '4')).toBe(false);
    expect(carriesOriginMarker(note, 'invoice', '41')).toBe(false);
    expect(carriesOriginMarker(undefined, 'payment', '41')).toBe(false);
  });

  it("is a payment's whole note", () => {
    const body = toQboPayment(
      { id: '7', amountCents: 100, date: '2026-11-25', reference: null },
      { customerId: '1', qboInvoiceId: '2' },
    );
    expect(body.PrivateNote).toBe(originMarker('payment', '7'));
  });
});

describe('payment methods', () => {
  it("names billing's method as QBO allows, and matches it whatever its case", () => {
    expect(paymentMethodName('  wire   transfer ')).toBe('wire transfer');
    expect(paymentMethodName('Bank: ACH')).toBe('Bank- ACH');
    expect(paymentMethodName('x'.repeat(40))).toHaveLength(PAYMENT_METHOD_NAME_MAX);
    expect(paymentMethodName('   ')).toBeUndefined();
    expect(paymentMethodName(null)).toBeUndefined();
    expect(paymentMethodKey('Check')).toBe(paymentMethodKey('check'));
  });

  it('makes card methods credit-card methods and the rest not', () => {
    expect(toQboPaymentMethod('Visa card')).toEqual({ Name: 'Visa card', Type: 'CREDIT_CARD' });
    expect(toQboPaymentMethod('American Express')).toMatchObject({ Type: 'CREDIT_CARD' });
    expect(toQboPaymentMethod('Wire')).toMatchObject({ Type: 'NON_CREDIT_CARD' });
    expect(toQboPaymentMethod('Cardiff cheque')).toMatchObject({ Type: 'NON_CREDIT_CARD' });
  });
});
