import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { moneyToCents } from '../domain/money.js';
import type { InvoiceSnapshot, PayerSnapshot } from '../domain/snapshots.js';
import { toQboCustomer, toQboInvoice, toQboItem, toQboPayment } from './mappers.js';

// The README's field-mapping table is a promise to firms: each row is checked against what the mappers
// write, using sample records in the API's own shape.

interface Row {
  record: string;
  appliesTo: string;
  billing: string;
  qbo: string;
}

function tableRows(): Row[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Field mapping'),
    readme.indexOf('\n## ', readme.indexOf('## Field mapping') + 5),
  );
  return section
    .split('\n')
    .filter((line) => /^\| (Payer|Fee item|Invoice|Payment) → /.test(line))
    .map((line) => {
      const [record, appliesTo, billing, qbo] = line
        .split('|')
        .slice(1, 5)
        .map((c) => c.trim()) as [string, string, string, string];
      return { record, appliesTo, billing, qbo: qbo.replace(/`/g, '') };
    });
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => {
    if (node === undefined || node === null) return undefined;
    const list = key.endsWith('[]');
    const next = (node as Record<string, unknown>)[list ? key.slice(0, -2) : key];
    return list ? (next as unknown[] | undefined)?.[0] : next;
  }, value);
}

/** The value a row promises: the first backticked billing path, joined with " " when the cell says `a` + `b`, with any quoted prefix. */
function promised(cell: string, source: unknown): unknown {
  const paths = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  if (paths.length === 0) return undefined;
  const prefix = /^"([^"]*)" \+/.exec(cell)?.[1] ?? '';
  const suffix = /` \+ "([^"]*)"/.exec(cell)?.[1] ?? '';
  const joined = / \+ `/.test(cell) && !prefix ? paths.map((p) => at(source, p)).join(' ') : at(source, paths[0]!);
  return prefix || suffix ? `${prefix}${String(joined)}${suffix}` : joined;
}

const address = {
  line1: '1 Harbor Way',
  line2: 'Suite 200',
  city: 'Boston',
  region: 'MA',
  postalCode: '02110',
  country: 'US',
};
const corporation = {
  type: 'corporation' as const,
  companyName: "O'Brien & Sons, LLC",
  email: 'office@obrien.example',
  phone: '617-555-0100',
  address,
  billingPerson: { firstName: 'Aoife', lastName: 'Kelly', email: 'billing@obrien.example', phone: '617-555-0199' },
};
const individual = {
  type: 'individual' as const,
  firstName: 'José',
  lastName: 'Müller',
  email: 'jose@example.com',
  phone: '555-0142',
  address,
};
const feeItem = { id: 'f1', name: 'H-1B Petition', description: 'I-129 preparation', unitPrice: '2500.00' };
const invoice = {
  id: 'i1',
  number: 'OB-2026-0001',
  invoiceDate: '2026-11-20',
  dueDate: '2026-12-20',
  memo: 'Thank you',
  caseReference: 'H1B-117',
  lines: [
    { feeItemId: 'f1', description: 'Petition for R. Singh', quantity: '1.5', unitPrice: '333.33', amount: '500.00' },
  ],
};
const payment = { id: 'pm1', amount: '500.00', date: '2026-11-25', reference: 'CHK-1042' };

const snapshot = (p: typeof corporation | typeof individual): PayerSnapshot => ({
  id: 'p',
  type: p.type,
  firstName: 'firstName' in p ? p.firstName : null,
  lastName: 'lastName' in p ? p.lastName : null,
  companyName: 'companyName' in p ? p.companyName : null,
  email: p.email,
  phone: p.phone,
  address: p.address,
  billingPerson: 'billingPerson' in p ? p.billingPerson : null,
});

const invoiceSnapshot: InvoiceSnapshot = {
  ...invoice,
  firmId: 'f',
  revision: 1,
  totalCents: 50000,
  status: 'open',
  payer: snapshot(corporation),
  feeItems: [
    { id: 'f1', name: feeItem.name, description: feeItem.description, unitPriceCents: moneyToCents(feeItem.unitPrice) },
  ],
  lines: invoice.lines.map((l, i) => ({
    lineNo: i + 1,
    feeItemId: l.feeItemId,
    description: l.description,
    quantity: l.quantity,
    unitPriceCents: moneyToCents(l.unitPrice),
    amountCents: moneyToCents(l.amount),
  })),
};

const cases: Record<string, { source: unknown; payload: unknown }> = {
  'Payer → Customer/corporation': { source: corporation, payload: toQboCustomer(snapshot(corporation)) },
  'Payer → Customer/individual': { source: individual, payload: toQboCustomer(snapshot(individual)) },
  'Fee item → Item/all': {
    source: feeItem,
    payload: toQboItem(
      { id: 'f1', name: feeItem.name, description: feeItem.description, unitPriceCents: 250000 },
      { value: '79' },
    ),
  },
  'Invoice → Invoice/all': {
    source: invoice,
    payload: toQboInvoice(invoiceSnapshot, { customerId: '58', itemIds: { f1: '12' } }),
  },
  'Payment → Payment/all': {
    source: payment,
    payload: toQboPayment(
      { id: payment.id, amountCents: 50000, date: payment.date, reference: payment.reference },
      { customerId: '58', qboInvoiceId: '130', paymentMethodId: '3' },
    ),
  },
};

describe("the README's field-mapping table", () => {
  const rows = tableRows();

  it('covers every record the sync writes', () => {
    expect(new Set(rows.map((r) => r.record))).toEqual(
      new Set(['Payer → Customer', 'Fee item → Item', 'Invoice → Invoice', 'Payment → Payment']),
    );
    expect(rows.length).toBeGreaterThan(35);
  });

  it.each(rows.map((r) => [`${r.record} (${r.appliesTo}): ${r.billing} -> ${r.qbo}`, r] as const))(
    '%s',
    (_name, row) => {
      const { source, payload } = cases[`${row.record}/${row.appliesTo}`]!;
      const written = at(payload, row.qbo);
      expect(written, `${row.qbo} is not written`).toBeDefined();
      const expected = promised(row.billing, source);
      if (expected === undefined) return;
      if (typeof written === 'string' && written.includes('\n')) {
        // A field that holds several promises (PrivateNote: the case, then the origin mark) holds each on a line.
        expect(written.split('\n')).toContain(expected);
        return;
      }
      expect(typeof written === 'number' ? written : String(written)).toEqual(
        typeof written === 'number' ? Number(expected) : expected,
      );
    },
  );
});
