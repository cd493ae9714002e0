import { setUpQuickBooks } from '../seed/connect-to-sandbox.js';
import { apiAs, requestJson, type Caller } from './http.js';
import { between, pick } from './random.js';

/** How the firm's QuickBooks company behaves (the sandbox's per-realm preferences). */
export interface CompanyMode {
  duplicateDocNumbers: 'warn' | 'allow';
  requestIdReplay: 'always' | 'expires' | 'failures-too' | 'ignored';
  requestIdTtlSeconds?: number;
}

/** Requests the company takes at once, where fewer than the product allows itself (another app uses the rest). */
export interface CompanyLimits {
  concurrent: number;
}

export interface ChaosFirm {
  name: string;
  firmId: string;
  realmId: string;
  syncModel: 1 | 2;
  mode: CompanyMode;
  limits?: CompanyLimits;
  api: Caller;
}

// One company as a new QBO company behaves, two that do not help against duplicates at all (they accept a
// repeated invoice number, and forget or ignore a repeated requestid), and one that takes fewer requests at
// once than the product's own limit (QBO_MAX_CONCURRENT, 10), so QuickBooks itself refuses the rest.
const FIRMS: Array<{ name: string; syncModel: 1 | 2; mode: CompanyMode; limits?: CompanyLimits }> = [
  { name: 'Chaos Harbor Immigration', syncModel: 1, mode: { duplicateDocNumbers: 'warn', requestIdReplay: 'always' } },
  { name: 'Chaos Summit Visa Law', syncModel: 1, mode: { duplicateDocNumbers: 'allow', requestIdReplay: 'ignored' } },
  {
    name: 'Chaos Model Two Partners',
    syncModel: 2,
    mode: { duplicateDocNumbers: 'allow', requestIdReplay: 'expires', requestIdTtlSeconds: 2 },
  },
  {
    name: 'Chaos Shared Books Law',
    syncModel: 1,
    mode: { duplicateDocNumbers: 'warn', requestIdReplay: 'always' },
    limits: { concurrent: 2 },
  },
];

/** The firms, each set up through the API as its admin would, connected to its own sandbox company. */
export async function setUpFirms(apiUrl: string, adminToken: string, sandbox: Caller): Promise<ChaosFirm[]> {
  return Promise.all(
    FIRMS.map(async ({ name, syncModel, mode, limits }) => {
      const created = await requestJson(apiUrl, 'POST', '/v1/firms', { key: adminToken, body: { name } });
      const { realmId } = await setUpQuickBooks(apiUrl, created.apiKey, {
        companyName: `${name} (QuickBooks)`,
        syncModel,
      });
      await sandbox('PUT', `/__sandbox/realms/${realmId}/preferences`, mode);
      if (limits) await sandbox('PUT', `/__sandbox/realms/${realmId}/limits`, limits);
      return { name, firmId: created.firm.id, realmId, syncModel, mode, limits, api: apiAs(apiUrl, created.apiKey) };
    }),
  );
}

async function billingRecords(firm: ChaosFirm) {
  // Several payers and fee items per firm, so the job resolves customers and items under faults too.
  const payers = [
    await firm.api('POST', '/v1/payers', {
      type: 'corporation',
      companyName: `${firm.name} Client Corp`,
      billingPerson: { firstName: 'Bill', lastName: 'Payer', email: 'billing@client-corp.example' },
    }),
    await firm.api('POST', '/v1/payers', {
      type: 'individual',
      firstName: 'José',
      lastName: 'Müller',
      email: 'jose@example.com',
    }),
    await firm.api('POST', '/v1/payers', {
      type: 'individual',
      firstName: 'Priya',
      lastName: 'Raman',
      email: 'priya@example.com',
    }),
    await firm.api('POST', '/v1/payers', { type: 'individual', firstName: 'Aoife', lastName: "O'Brien" }),
  ];
  const feeItems = [
    await firm.api('POST', '/v1/fee-items', { name: 'Consultation', unitPrice: '350.00' }),
    await firm.api('POST', '/v1/fee-items', { name: 'H-1B Petition', unitPrice: '2500.00' }),
    await firm.api('POST', '/v1/fee-items', { name: 'USCIS Filing Fee', unitPrice: '675.00' }),
  ];
  return { payerIds: payers.map((p) => p.id as string), feeItemIds: feeItems.map((f) => f.id as string) };
}

/** `count` invoices dealt round the firms, each with 1 to 3 random lines; a few are created at once. */
export async function createInvoices(firms: ChaosFirm[], count: number, random: () => number): Promise<void> {
  const records = await Promise.all(firms.map(billingRecords));
  // Drawn up front, in order, so the seed alone decides every invoice whatever order the requests finish in.
  const bodies = Array.from({ length: count }, (_, i) => {
    const { payerIds, feeItemIds } = records[i % firms.length]!;
    const lines = Array.from({ length: between(random, 1, 3) }, () => ({
      feeItemId: pick(random, feeItemIds),
      quantity: between(random, 1, 4),
      unitPrice: `${between(random, 50, 3000)}.${String(between(random, 0, 99)).padStart(2, '0')}`,
    }));
    return {
      firm: firms[i % firms.length]!,
      body: { payerId: pick(random, payerIds), invoiceDate: '2026-11-25', dueDate: '2026-12-25', lines },
    };
  });
  let next = 0;
  const createNext = async (): Promise<void> => {
    while (next < bodies.length) {
      const { firm, body } = bodies[next++]!;
      await firm.api('POST', '/v1/invoices', body);
    }
  };
  await Promise.all(Array.from({ length: 8 }, createNext));
}
