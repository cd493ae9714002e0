import type { LinkedTxn } from '../quickbooks/wire-types.js';
import { Decimal, dec, wire } from './money.js';
import type { Json, Realm } from './store.js';

/** Every payment line that applies money to an invoice: the single source of invoice balances. */
export function applicationsTo(
  realm: Realm,
  invoiceId: string,
  exceptPaymentId?: string,
): Array<{ paymentId: string; amount: Decimal }> {
  const out: Array<{ paymentId: string; amount: Decimal }> = [];
  for (const p of realm.all('Payment')) {
    if (p.id === exceptPaymentId) continue;
    for (const line of (p.body['Line'] as Json[] | undefined) ?? []) {
      const links = (line['LinkedTxn'] as LinkedTxn[] | undefined) ?? [];
      if (links.some((l) => l.TxnType === 'Invoice' && l.TxnId === invoiceId)) {
        const amount = dec(line['Amount'] ?? 0, 'Amount');
        if (!amount.isZero()) out.push({ paymentId: p.id, amount });
      }
    }
  }
  return out;
}

export function appliedTotal(realm: Realm, invoiceId: string, exceptPaymentId?: string): Decimal {
  return applicationsTo(realm, invoiceId, exceptPaymentId).reduce((s, a) => s.plus(a.amount), new Decimal(0));
}

/** Balance and LinkedTxn of an invoice as its payments make them. */
export function invoiceSettlement(
  realm: Realm,
  invoiceId: string,
  totalAmt: Decimal,
): { Balance: number; LinkedTxn: LinkedTxn[] } {
  const apps = applicationsTo(realm, invoiceId);
  const applied = apps.reduce((s, a) => s.plus(a.amount), new Decimal(0));
  const ids = [...new Set(apps.map((a) => a.paymentId))];
  return {
    Balance: wire(Decimal.max(totalAmt.minus(applied), 0)),
    LinkedTxn: ids.map((id) => ({ TxnId: id, TxnType: 'Payment' })),
  };
}

/** A customer's open balance: unpaid invoices less unapplied credit. QBO does not bump SyncToken for it. */
export function recomputeCustomerBalance(realm: Realm, customerId: string): void {
  const customer = realm.get('Customer', customerId);
  if (!customer) return;
  let balance = new Decimal(0);
  for (const inv of realm.all('Invoice')) {
    if ((inv.body['CustomerRef'] as Json | undefined)?.['value'] === customerId)
      balance = balance.plus(dec(inv.body['Balance'] ?? 0, 'Balance'));
  }
  for (const p of realm.all('Payment')) {
    if ((p.body['CustomerRef'] as Json | undefined)?.['value'] === customerId)
      balance = balance.minus(dec(p.body['UnappliedAmt'] ?? 0, 'UnappliedAmt'));
  }
  customer.body['Balance'] = wire(balance);
  customer.body['BalanceWithJobs'] = wire(balance);
}
