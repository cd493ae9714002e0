import type { Caller } from './http.js';

export interface BillingInvoice {
  id: string;
  payerId: string;
  number: string;
  total: string;
  amountPaid: string;
  sync: { status: string; qboInvoiceId: string | null };
}

export async function listInvoices(api: Caller, syncStatus?: string): Promise<BillingInvoice[]> {
  const invoices: BillingInvoice[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '500', ...(syncStatus && { syncStatus }), ...(cursor && { cursor }) });
    const page: { invoices: BillingInvoice[]; nextCursor: string | null } = await api('GET', `/v1/invoices?${query}`);
    invoices.push(...page.invoices);
    cursor = page.nextCursor;
  } while (cursor);
  return invoices;
}

/** payer id → the QuickBooks customer it is mapped to. */
export async function payerCustomers(api: Caller): Promise<Map<string, string | null>> {
  const { mappings } = await api<{ mappings: Array<{ payerId: string; qboCustomerId: string | null }> }>(
    'GET',
    '/v1/mappings/payers',
  );
  return new Map(mappings.map((m) => [m.payerId, m.qboCustomerId]));
}

export interface BillingPayment {
  source: string;
  qboPaymentId: string | null;
  amount: string;
}

export async function quickbooksPaymentsOf(api: Caller, invoiceId: string): Promise<BillingPayment[]> {
  const { payments } = await api<{ payments: BillingPayment[] }>('GET', `/v1/invoices/${invoiceId}/payments`);
  return payments.filter((p) => p.source === 'quickbooks');
}
