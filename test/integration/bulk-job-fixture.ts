import { expect } from 'vitest';
import { carriesOriginMarker } from '../../quickbooks/mappers.js';
import type { ApiResponse, Harness } from './harness.js';

// A bulk job for the tests that take a real part away mid-job: a firm whose company accepts duplicate
// numbers (so a double post would show, not be refused), its invoices, and the exactly-once check.

export interface JobFirm {
  firmId: string;
  realmId: string;
  invoiceIds: string[];
  as(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

export async function firmWithInvoices(h: Harness, name: string, count: number): Promise<JobFirm> {
  const firm = await h.connectedFirm(name);
  await h.sandbox('PUT', `/__sandbox/realms/${firm.realmId}/preferences`, { duplicateDocNumbers: 'allow' });
  const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
  const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Rui', lastName: 'Tavares' })).body;
  const fee = (await as('POST', '/v1/fee-items', { name: 'Green card I-485', unitPrice: '1440.00' })).body;
  const invoiceIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await as('POST', '/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-12-01',
      dueDate: '2026-12-31',
      lines: [{ feeItemId: fee.id, quantity: 1 + (i % 3) }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    invoiceIds.push(created.body.id as string);
  }
  return { firmId: firm.firmId, realmId: firm.realmId, invoiceIds, as };
}

/** Slows the realm's invoice posts, so a disturbance finds QBO calls in flight. */
export async function slowInvoicePosts(h: Harness, realmId: string, delayMs: number): Promise<void> {
  // A bulk job writes its invoices through batches; a Sync Now posts one alone.
  for (const pathContains of ['/invoice', '/batch'])
    await h.sandbox('POST', '/__sandbox/faults', {
      mode: 'delay',
      delayMs,
      method: 'POST',
      pathContains,
      realmId,
      rate: 1,
    });
}

/** Each of the firm's invoices is in QuickBooks once: by number, and by the product's origin mark. */
export async function expectEachInvoiceOnce(h: Harness, firm: JobFirm): Promise<void> {
  const posted = await h.sandbox<Array<{ DocNumber: string; PrivateNote?: string }>>(
    'GET',
    `/__sandbox/realms/${firm.realmId}/Invoice`,
  );
  expect(posted).toHaveLength(firm.invoiceIds.length);
  expect(new Set(posted.map((p) => p.DocNumber)).size).toBe(firm.invoiceIds.length);
  for (const id of firm.invoiceIds)
    expect(
      posted.filter((p) => carriesOriginMarker(p.PrivateNote, 'invoice', id)),
      id,
    ).toHaveLength(1);
}
