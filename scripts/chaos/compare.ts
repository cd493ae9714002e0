import { carriesOriginMarker } from '../../quickbooks/mappers.js';
import type { BillingInvoice, BillingPayment } from './billing.js';

export interface QboInvoice {
  Id: string;
  DocNumber?: string;
  TotalAmt: number;
  CustomerRef: { value: string };
  PrivateNote?: string;
}

export interface QboPayment {
  Id: string;
  Line?: Array<{ Amount: number; LinkedTxn?: Array<{ TxnId: string; TxnType: string }> }>;
}

export interface Tally {
  missing: number;
  duplicated: number;
  mismatched: number;
  stuck: number;
  paymentsMissing: number;
  paymentsDoubled: number;
  /** What each count is made of, to start an investigation from. */
  findings: string[];
}

export const emptyTally = (): Tally => ({
  missing: 0,
  duplicated: 0,
  mismatched: 0,
  stuck: 0,
  paymentsMissing: 0,
  paymentsDoubled: 0,
  findings: [],
});

const money = (amount: number | string) => Number(amount).toFixed(2);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * One firm's invoices on both sides. Every invoice the run created should be in QuickBooks exactly once,
 * linked from billing, with billing's total and its payer's customer; nothing may be left mid-sync.
 */
export function tallyInvoices(
  tally: Tally,
  firm: string,
  billing: BillingInvoice[],
  qbo: QboInvoice[],
  customers: Map<string, string | null>,
): void {
  const byNumber = groupBy(qbo, (q) => q.DocNumber ?? '');
  for (const invoice of billing) {
    const found = byNumber.get(invoice.number) ?? [];
    const linked = found.find((q) => q.Id === invoice.sync.qboInvoiceId);
    if (invoice.sync.status === 'syncing' || invoice.sync.status === 'queued') {
      tally.stuck += 1;
      tally.findings.push(`stuck: ${firm} ${invoice.number} is ${invoice.sync.status}`);
    }
    if (!linked) {
      tally.missing += 1;
      tally.findings.push(
        `missing: ${firm} ${invoice.number} is ${invoice.sync.status} with QBO id ${invoice.sync.qboInvoiceId}; QuickBooks has ${found.length} with that DocNumber`,
      );
    }
    // Counted by number and by the product's origin mark: a company that accepts duplicate numbers would
    // hold a second copy under the same number without refusing it.
    const copies = new Set([
      ...found.map((q) => q.Id),
      ...qbo.filter((q) => carriesOriginMarker(q.PrivateNote, 'invoice', invoice.id)).map((q) => q.Id),
    ]);
    if (copies.size > 1) {
      tally.duplicated += 1;
      tally.findings.push(
        `duplicated: ${firm} ${invoice.number} is in QuickBooks ${copies.size} times (ids ${[...copies].join(', ')})`,
      );
    }
    if (
      linked &&
      (money(linked.TotalAmt) !== invoice.total || linked.CustomerRef.value !== customers.get(invoice.payerId))
    ) {
      tally.mismatched += 1;
      tally.findings.push(
        `mismatched: ${firm} ${invoice.number} total ${invoice.total} customer ${customers.get(invoice.payerId)}; QuickBooks ${money(linked.TotalAmt)} customer ${linked.CustomerRef.value}`,
      );
    }
  }
  const numbers = new Set(billing.map((i) => i.number));
  for (const [number, found] of byNumber) {
    if (numbers.has(number)) continue;
    tally.missing += found.length;
    tally.findings.push(`missing: ${firm} QuickBooks invoice ${number || '(no DocNumber)'} has no billing invoice`);
  }
}

export function tallyJob(
  tally: Tally,
  firm: string,
  job: { status: string; total: number; succeeded: number; failed: number },
): void {
  if (job.status === 'completed') return;
  tally.stuck += 1;
  tally.findings.push(
    `stuck: ${firm}'s job is ${job.status} (${job.succeeded} + ${job.failed} failed of ${job.total})`,
  );
}

/**
 * The Model 2 firm's payments: each QuickBooks payment line on one of its invoices should be on that billing
 * invoice once, with the same amount. `billingPayments` is keyed by billing invoice id.
 */
export function tallyPayments(
  tally: Tally,
  firm: string,
  invoices: BillingInvoice[],
  qbo: QboPayment[],
  billingPayments: Map<string, BillingPayment[]>,
): void {
  const byQboId = new Map(invoices.filter((i) => i.sync.qboInvoiceId).map((i) => [i.sync.qboInvoiceId!, i]));
  const expected: string[] = [];
  for (const payment of qbo) {
    for (const line of payment.Line ?? []) {
      for (const txn of line.LinkedTxn ?? []) {
        const invoice = txn.TxnType === 'Invoice' ? byQboId.get(txn.TxnId) : undefined;
        if (invoice) expected.push(`${invoice.number} payment ${payment.Id} of ${money(line.Amount)}`);
      }
    }
  }
  const actual = invoices.flatMap((invoice) =>
    (billingPayments.get(invoice.id) ?? []).map((p) => `${invoice.number} payment ${p.qboPaymentId} of ${p.amount}`),
  );
  const unmatched = [...actual];
  for (const want of expected) {
    const at = unmatched.indexOf(want);
    if (at >= 0) unmatched.splice(at, 1);
    else {
      tally.paymentsMissing += 1;
      tally.findings.push(`payment missing: ${firm} ${want} is not in billing`);
    }
  }
  for (const extra of unmatched) {
    tally.paymentsDoubled += 1;
    tally.findings.push(`payment doubled: ${firm} ${extra} is in billing more times than in QuickBooks`);
  }
}
