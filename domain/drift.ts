import { centsToMoney } from './money.js';

// The drift report's judgement: given what billing holds and what QuickBooks holds (both already reduced to
// plain facts, no wire shapes), which differences there are and how each can be fixed. Pure, so every rule
// is tested without QuickBooks.

export const DRIFT_KINDS = [
  'invoice_missing',
  'invoice_voided_in_quickbooks',
  'invoice_voided_in_billing',
  'invoice_changed',
  'payment_missing',
  'payment_changed',
  'customer_changed',
  'item_changed',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/**
 * `overwrite`: make QuickBooks equal to billing (Sync Again, post again, update the record);
 * `recreate`: create the invoice QuickBooks lost; `accept`: take QuickBooks' side into billing.
 */
export const DRIFT_FIXES = ['overwrite', 'recreate', 'accept'] as const;
export type DriftFix = (typeof DRIFT_FIXES)[number];

export type DriftEntityType = 'invoice' | 'payment' | 'payer' | 'fee_item';

export interface DriftFinding {
  kind: DriftKind;
  entityType: DriftEntityType;
  /** The billing record's id. */
  entityId: string;
  /** Its invoice number or name, as people know it. */
  label: string;
  qboId: string | null;
  field: string;
  billingValue: string | null;
  quickbooksValue: string | null;
  fixes: DriftFix[];
}

export interface BillingLine {
  /** The fee item's QBO item (null when it is no longer mapped: then only quantities and amounts count). */
  qboItemId: string | null;
  itemName: string;
  /** Decimal string, as billing stores it. */
  quantity: string;
  amountCents: number;
}

export interface BillingPaymentFacts {
  paymentId: string;
  qboPaymentId: string;
  /** What QBO applied of it to this invoice when it was posted. */
  appliedCents: number;
}

export interface BillingInvoiceFacts {
  invoiceId: string;
  number: string;
  status: 'open' | 'void';
  /** QuickBooks holds the latest revision: otherwise its content differs by design until the next Sync Again. */
  inSync: boolean;
  qboInvoiceId: string;
  customer: { qboId: string | null; name: string };
  totalCents: number;
  invoiceDate: string;
  dueDate: string;
  lines: BillingLine[];
  /** Billing payments posted to QBO and not voided. */
  payments: BillingPaymentFacts[];
}

export interface QboLineFacts {
  qboItemId: string | null;
  itemName: string | null;
  quantity: number | null;
  amountCents: number;
}

export interface QboInvoiceFacts {
  qboId: string;
  voided: boolean;
  customer: { qboId: string; name: string | null };
  totalCents: number;
  txnDate: string;
  dueDate: string | null;
  lines: QboLineFacts[];
}

export interface QboPaymentFacts {
  qboId: string;
  voided: boolean;
  /** What it applies to each QBO invoice, in cents. */
  appliedByInvoice: Record<string, number>;
}

/** `undefined`: not read this run (nothing to say); `null`: QuickBooks does not have it. */
export type Read<T> = T | null | undefined;

const amount = (cents: number) => centsToMoney(cents);
const quantity = (q: string | number | null) => (q === null ? '?' : String(Number(q)));

function billingLines(lines: BillingLine[]): string {
  return lines.map((l) => `${l.itemName} × ${quantity(l.quantity)} = ${amount(l.amountCents)}`).join('; ');
}

function qboLines(lines: QboLineFacts[]): string {
  return lines
    .map((l) => `${l.itemName ?? l.qboItemId ?? '?'} × ${quantity(l.quantity)} = ${amount(l.amountCents)}`)
    .join('; ');
}

function sameLines(billing: BillingLine[], qbo: QboLineFacts[]): boolean {
  return (
    billing.length === qbo.length &&
    billing.every((b, i) => {
      const q = qbo[i]!;
      return (
        (b.qboItemId === null || b.qboItemId === q.qboItemId) &&
        b.amountCents === q.amountCents &&
        (q.quantity === null || Number(b.quantity) === q.quantity)
      );
    })
  );
}

/** One invoice the product posted, with its billing payments, against QuickBooks' copy and payments. */
export function compareInvoice(
  billing: BillingInvoiceFacts,
  qbo: Read<QboInvoiceFacts>,
  qboPayments: ReadonlyMap<string, Read<QboPaymentFacts>> = new Map(),
): DriftFinding[] {
  if (qbo === undefined) return [];
  const base = {
    entityType: 'invoice' as const,
    entityId: billing.invoiceId,
    label: billing.number,
    qboId: billing.qboInvoiceId,
  };
  if (qbo === null) {
    // A void invoice QuickBooks no longer has is as good as void there.
    if (billing.status === 'void') return [];
    return [
      {
        ...base,
        kind: 'invoice_missing',
        field: 'invoice',
        billingValue: `open, ${amount(billing.totalCents)}`,
        quickbooksValue: 'deleted',
        fixes: ['recreate'],
      },
    ];
  }
  if (qbo.voided && billing.status === 'open')
    return [
      {
        ...base,
        kind: 'invoice_voided_in_quickbooks',
        field: 'status',
        billingValue: 'open',
        quickbooksValue: 'voided',
        fixes: ['accept'],
      },
    ];
  if (!qbo.voided && billing.status === 'void')
    return [
      {
        ...base,
        kind: 'invoice_voided_in_billing',
        field: 'status',
        billingValue: 'void',
        quickbooksValue: `open, ${amount(qbo.totalCents)}`,
        fixes: ['overwrite'],
      },
    ];
  if (billing.status === 'void') return [];

  const findings: DriftFinding[] = [];
  const changed = (field: string, billingValue: string, quickbooksValue: string | null) =>
    findings.push({ ...base, kind: 'invoice_changed', field, billingValue, quickbooksValue, fixes: ['overwrite'] });
  if (billing.inSync) {
    if (billing.customer.qboId !== null && billing.customer.qboId !== qbo.customer.qboId)
      changed('customer', billing.customer.name, qbo.customer.name ?? qbo.customer.qboId);
    if (billing.totalCents !== qbo.totalCents) changed('total', amount(billing.totalCents), amount(qbo.totalCents));
    if (!sameLines(billing.lines, qbo.lines)) changed('lines', billingLines(billing.lines), qboLines(qbo.lines));
    if (billing.invoiceDate !== qbo.txnDate) changed('invoiceDate', billing.invoiceDate, qbo.txnDate);
    if (billing.dueDate !== qbo.dueDate) changed('dueDate', billing.dueDate, qbo.dueDate);
  }
  for (const payment of billing.payments) findings.push(...comparePayment(billing, payment, qboPayments));
  return findings;
}

function comparePayment(
  invoice: BillingInvoiceFacts,
  payment: BillingPaymentFacts,
  qboPayments: ReadonlyMap<string, Read<QboPaymentFacts>>,
): DriftFinding[] {
  const qbo = qboPayments.get(payment.qboPaymentId);
  if (qbo === undefined) return [];
  const base = {
    entityType: 'payment' as const,
    entityId: payment.paymentId,
    label: invoice.number,
    qboId: payment.qboPaymentId,
    field: 'amount',
    billingValue: amount(payment.appliedCents),
  };
  if (qbo === null || qbo.voided)
    return [{ ...base, kind: 'payment_missing', quickbooksValue: qbo ? 'voided' : 'deleted', fixes: ['overwrite'] }];
  const applied = qbo.appliedByInvoice[invoice.qboInvoiceId] ?? 0;
  if (applied === payment.appliedCents) return [];
  // QuickBooks' own edit of a payment is the bookkeeper's to settle: the report shows it, no button changes it.
  return [{ ...base, kind: 'payment_changed', quickbooksValue: amount(applied), fixes: [] }];
}

export interface BillingEntityFacts {
  entityType: 'payer' | 'fee_item';
  localId: string;
  label: string;
  qboId: string;
  /** The name the product would give the QBO record. */
  name: string;
  /** The email it would give it (customers only). */
  email?: string | null;
  /**
   * The product made the QBO record: its name is billing's. A record linked by a match keeps the name the
   * bookkeeper gave it (matching forgives case, punctuation and suffixes), so only its email and state count.
   */
  created: boolean;
}

export interface QboEntityFacts {
  qboId: string;
  name: string;
  email?: string | null;
  active: boolean;
}

const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

/** A mapped payer or fee item against its QuickBooks customer or item: name, email, inactive, gone. */
export function compareEntity(billing: BillingEntityFacts, qbo: Read<QboEntityFacts>): DriftFinding[] {
  if (qbo === undefined) return [];
  const kind: DriftKind = billing.entityType === 'payer' ? 'customer_changed' : 'item_changed';
  const base = {
    kind,
    entityType: billing.entityType,
    entityId: billing.localId,
    label: billing.label,
    qboId: billing.qboId,
  };
  if (qbo === null)
    return [{ ...base, field: 'exists', billingValue: billing.name, quickbooksValue: 'deleted', fixes: [] }];
  const findings: DriftFinding[] = [];
  if (billing.created && billing.name !== qbo.name)
    findings.push({
      ...base,
      field: 'name',
      billingValue: billing.name,
      quickbooksValue: qbo.name,
      fixes: ['overwrite'],
    });
  if (billing.entityType === 'payer' && !sameEmail(billing.email, qbo.email))
    findings.push({
      ...base,
      field: 'email',
      billingValue: billing.email ?? null,
      quickbooksValue: qbo.email ?? null,
      fixes: qbo.email ? ['accept', 'overwrite'] : ['overwrite'],
    });
  if (!qbo.active)
    findings.push({
      ...base,
      field: 'active',
      billingValue: 'active',
      quickbooksValue: 'inactive',
      fixes: ['overwrite'],
    });
  return findings;
}

/** Findings by kind, every kind present (0 when none), for the report's counts. */
export function countByKind(findings: readonly Pick<DriftFinding, 'kind'>[]): Record<DriftKind, number> {
  const counts = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
  for (const f of findings) counts[f.kind]++;
  return counts;
}
