import { centsToQboAmount } from '../domain/money.js';
import { plainPunctuation } from './plain-text.js';
import type { FeeItemSnapshot, InvoiceSnapshot, PayerSnapshot } from '../domain/snapshots.js';
import type { Address } from '../db/schema.js';
import type {
  CustomerFields,
  InvoiceFields,
  ItemFields,
  PaymentFields,
  PaymentMethod,
  PhysicalAddress,
  Ref,
  SalesItemLine,
} from './wire-types.js';

// Billing records -> QBO create bodies. QBO's limits are applied here (lengths, forbidden characters),
// so a record the billing side accepts never fails in QBO for its shape.

export const DOC_NUMBER_MAX = 21;
export const CUSTOMER_NAME_MAX = 500;
export const ITEM_NAME_MAX = 100;

/**
 * QBO forbids ':' in names (it separates sub-customers and sub-items) and collapses whitespace; typographic
 * punctuation is made plain so the name can be queried later (see plain-text.ts).
 */
export function qboName(value: string, max: number): string {
  return plainPunctuation(value).replace(/:/g, '-').replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

function clip(value: string | null | undefined, max: number): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
}

function address(a: Address | null | undefined): PhysicalAddress | undefined {
  if (!a) return undefined;
  const mapped: PhysicalAddress = {
    Line1: clip(a.line1, 500),
    Line2: clip(a.line2, 500),
    City: clip(a.city, 255),
    CountrySubDivisionCode: clip(a.region, 255),
    PostalCode: clip(a.postalCode, 30),
    Country: clip(a.country, 255),
  };
  return Object.values(mapped).some(Boolean) ? mapped : undefined;
}

/** The name a payer has in QBO; also what find-by-name looks for. */
export function customerDisplayName(
  payer: Pick<PayerSnapshot, 'type' | 'companyName' | 'firstName' | 'lastName'>,
): string {
  const raw =
    payer.type === 'corporation'
      ? (payer.companyName ?? '')
      : [payer.firstName, payer.lastName].filter(Boolean).join(' ');
  return qboName(raw, CUSTOMER_NAME_MAX);
}

/** An individual is their own contact; a corporation's billing person becomes the QBO customer's contact. */
export function toQboCustomer(payer: PayerSnapshot): CustomerFields {
  const contact = payer.type === 'corporation' ? payer.billingPerson : null;
  const email = clip(contact?.email ?? payer.email, 100);
  const phone = clip(contact?.phone ?? payer.phone, 30);
  return {
    DisplayName: customerDisplayName(payer),
    CompanyName: payer.type === 'corporation' ? clip(payer.companyName, 100) : undefined,
    GivenName: clip(contact ? contact.firstName : payer.firstName, 100),
    FamilyName: clip(contact ? contact.lastName : payer.lastName, 100),
    PrimaryEmailAddr: email ? { Address: email } : undefined,
    PrimaryPhone: phone ? { FreeFormNumber: phone } : undefined,
    BillAddr: address(contact?.address ?? payer.address),
  };
}

export function itemName(feeItem: Pick<FeeItemSnapshot, 'name'>): string {
  return qboName(feeItem.name, ITEM_NAME_MAX);
}

/** What billing says of a fee item in QBO; its income account is chosen once, at creation (toQboItem). */
export function toQboItemFields(feeItem: FeeItemSnapshot): ItemFields {
  return {
    Name: itemName(feeItem),
    Type: 'Service',
    Description: clip(feeItem.description, 4000),
    UnitPrice: centsToQboAmount(feeItem.unitPriceCents),
  };
}

export function toQboItem(feeItem: FeeItemSnapshot, incomeAccount: Ref): ItemFields {
  return { ...toQboItemFields(feeItem), IncomeAccountRef: incomeAccount };
}

export interface ResolvedRefs {
  customerId: string;
  /** QBO item id by fee item id. */
  itemIds: Record<string, string>;
}

export function toQboInvoice(invoice: InvoiceSnapshot, refs: ResolvedRefs): InvoiceFields {
  if (invoice.number.length > DOC_NUMBER_MAX)
    throw new RangeError(`invoice number ${invoice.number} is longer than ${DOC_NUMBER_MAX} characters`);
  const email = clip(
    invoice.payer.type === 'corporation'
      ? (invoice.payer.billingPerson?.email ?? invoice.payer.email)
      : invoice.payer.email,
    100,
  );
  const lines: SalesItemLine[] = invoice.lines.map((line) => {
    const itemId = refs.itemIds[line.feeItemId];
    if (!itemId) throw new Error(`fee item ${line.feeItemId} has no QuickBooks item`);
    const feeItem = invoice.feeItems.find((f) => f.id === line.feeItemId);
    return {
      DetailType: 'SalesItemLineDetail',
      Description: clip(line.description ?? feeItem?.description ?? feeItem?.name, 4000),
      Amount: centsToQboAmount(line.amountCents),
      SalesItemLineDetail: {
        ItemRef: { value: itemId },
        Qty: Number(line.quantity),
        UnitPrice: centsToQboAmount(line.unitPriceCents),
      },
    };
  });
  return {
    CustomerRef: { value: refs.customerId },
    DocNumber: invoice.number,
    TxnDate: invoice.invoiceDate,
    DueDate: invoice.dueDate,
    BillEmail: email ? { Address: email } : undefined,
    CustomerMemo: invoice.memo ? { value: invoice.memo.slice(0, 1000) } : undefined,
    PrivateNote: withOriginMarker(
      invoice.caseReference ? `Case ${invoice.caseReference}` : undefined,
      originMarker('invoice', invoice.id),
    ),
    Line: lines,
  };
}

/**
 * Written into the PrivateNote of every invoice and payment the product creates. When a create's answer is
 * lost and QuickBooks neither replays it (requestid not honoured, or forgotten) nor refuses the second as a
 * duplicate number, the retry finds the first by this mark instead of creating another.
 */
export function originMarker(entity: 'invoice' | 'payment', localId: string): string {
  return `[quickbooks-sync ${entity} ${localId}]`;
}

/** Whether a QBO record's PrivateNote carries the mark (QBO may prefix it, e.g. "Voided - "). */
export function carriesOriginMarker(note: string | undefined, entity: 'invoice' | 'payment', localId: string): boolean {
  return note?.includes(originMarker(entity, localId)) ?? false;
}

/** QBO's PrivateNote holds 4,000 characters; the mark goes on its own last line and is never cut. */
function withOriginMarker(text: string | undefined, marker: string): string {
  return text ? `${text.slice(0, 4000 - marker.length - 1)}\n${marker}` : marker;
}

/** QBO's PaymentMethod names are short; billing's free-text method is cut to fit. */
export const PAYMENT_METHOD_NAME_MAX = 31;

/** The QBO PaymentMethod name for billing's `method` ("check", "Wire transfer"...), or none for a blank one. */
export function paymentMethodName(method: string | null | undefined): string | undefined {
  const name = method ? qboName(method, PAYMENT_METHOD_NAME_MAX) : '';
  return name || undefined;
}

/**
 * How a billing method and a QBO PaymentMethod are matched: QBO's own list says "Check" where billing
 * staff type "check", and QBO keeps one method per name whatever its case.
 */
export function paymentMethodKey(name: string): string {
  return name.toLowerCase();
}

const CARD = /\b(card|visa|master ?card|amex|american express|discover|diners)\b/i;

export function toQboPaymentMethod(name: string): Pick<PaymentMethod, 'Name' | 'Type'> {
  return { Name: name, Type: CARD.test(name) ? 'CREDIT_CARD' : 'NON_CREDIT_CARD' };
}

export interface PaymentToPost {
  /** The billing payment's id, for its origin mark. */
  id: string;
  amountCents: number;
  date: string;
  reference: string | null;
}

/**
 * A billing payment as a QBO Payment applied to its QBO invoice (Model 1). Only `appliedCents` (at most
 * the invoice's open balance) is linked to the invoice; QBO keeps the rest as the customer's unapplied credit.
 */
export function toQboPayment(
  payment: PaymentToPost,
  refs: { customerId: string; qboInvoiceId: string; appliedCents?: number; paymentMethodId?: string },
): PaymentFields {
  const applied = refs.appliedCents ?? payment.amountCents;
  return {
    CustomerRef: { value: refs.customerId },
    TotalAmt: centsToQboAmount(payment.amountCents),
    TxnDate: payment.date,
    PaymentRefNum: clip(payment.reference, 21),
    PrivateNote: originMarker('payment', payment.id),
    PaymentMethodRef: refs.paymentMethodId ? { value: refs.paymentMethodId } : undefined,
    Line:
      applied > 0
        ? [{ Amount: centsToQboAmount(applied), LinkedTxn: [{ TxnId: refs.qboInvoiceId, TxnType: 'Invoice' }] }]
        : [],
  };
}
