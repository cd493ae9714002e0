import { setUpQuickBooks } from '../seed/connect-to-sandbox.js';
import { okJson } from './http.js';
import type { Stack } from '../stack.js';

// Firms set up through the API as their admins and billing staff would, with invoices that need syncing.

export interface BenchFirm {
  firmId: string;
  key: string;
  realmId: string;
  invoiceIds: string[];
  /** Calls the API as this firm's admin. */
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Creating invoices a few at a time keeps seeding short without making it the bottleneck it measures. */
const SEED_CONCURRENCY = 8;

export async function createFirm(stack: Stack, name: string, options: { syncModel?: 1 | 2 } = {}): Promise<BenchFirm> {
  const created = await okJson('POST', `${stack.apiUrl}/v1/firms`, { bearer: stack.adminToken, body: { name } });
  const key = created.apiKey as string;
  const { realmId } = await setUpQuickBooks(stack.apiUrl, key, {
    companyName: `${name} (QuickBooks)`,
    syncModel: options.syncModel,
  });
  return {
    firmId: created.firm.id,
    key,
    realmId,
    invoiceIds: [],
    call: (method, path, body) => okJson(method, `${stack.apiUrl}${path}`, { bearer: key, body }),
  };
}

/** One payer and two fee items, then `count` two-line invoices of varying amounts, all eligible for sync. */
export async function seedInvoices(firm: BenchFirm, count: number): Promise<void> {
  const payer = await firm.call('POST', '/v1/payers', {
    type: 'individual',
    firstName: 'Bench',
    lastName: 'Payer',
    email: 'payer@bench.example',
  });
  const filing = await firm.call('POST', '/v1/fee-items', {
    name: 'Filing fee',
    description: 'USCIS filing fee',
    unitPrice: '675.00',
  });
  const hours = await firm.call('POST', '/v1/fee-items', {
    name: 'Attorney hours',
    description: 'Attorney time (hourly)',
    unitPrice: '350.00',
  });
  let next = 0;
  const seedSome = async () => {
    for (let i = next++; i < count; i = next++) {
      const invoice = await firm.call('POST', '/v1/invoices', {
        payerId: payer.id,
        invoiceDate: '2026-11-25',
        dueDate: '2026-12-25',
        lines: [
          { feeItemId: filing.id, quantity: 1 },
          { feeItemId: hours.id, quantity: 1 + (i % 7), unitPrice: `${300 + (i % 13)}.50` },
        ],
      });
      firm.invoiceIds.push(invoice.id);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, seedSome));
}
