import { listInvoices, payerCustomers, quickbooksPaymentsOf, type BillingPayment } from './billing.js';
import {
  emptyTally,
  tallyInvoices,
  tallyJob,
  tallyPayments,
  type QboInvoice,
  type QboPayment,
  type Tally,
} from './compare.js';
import type { JobProgress } from './disturb.js';
import type { Caller } from './http.js';

/** Reads both sides now (billing through the API, QuickBooks through the sandbox) and tallies the differences. */
export async function observe(jobs: JobProgress[], sandbox: Caller): Promise<Tally> {
  const tally = emptyTally();
  for (const job of jobs) {
    const { firm } = job;
    const invoices = await listInvoices(firm.api);
    const qboInvoices = await sandbox<QboInvoice[]>('GET', `/__sandbox/realms/${firm.realmId}/Invoice`);
    tallyJob(tally, firm.name, job);
    tallyInvoices(tally, firm.name, invoices, qboInvoices, await payerCustomers(firm.api));
    if (firm.syncModel !== 2) continue;
    const qboPayments = await sandbox<QboPayment[]>('GET', `/__sandbox/realms/${firm.realmId}/Payment`);
    // Billing's payments are read only where QuickBooks has one or billing shows something paid.
    const paidInQbo = new Set(
      qboPayments.flatMap((p) => (p.Line ?? []).flatMap((l) => (l.LinkedTxn ?? []).map((t) => t.TxnId))),
    );
    const worthReading = invoices.filter(
      (i) => i.amountPaid !== '0.00' || (i.sync.qboInvoiceId && paidInQbo.has(i.sync.qboInvoiceId)),
    );
    const billingPayments = new Map<string, BillingPayment[]>();
    for (const invoice of worthReading)
      billingPayments.set(invoice.id, await quickbooksPaymentsOf(firm.api, invoice.id));
    tallyPayments(tally, firm.name, invoices, qboPayments, billingPayments);
  }
  return tally;
}
