import { describe, expect, it } from 'vitest';
import {
  preflightReport,
  qboReadsNeeded,
  type BillingFacts,
  type PreflightInvoice,
  type PreflightParty,
  type QboFacts,
} from './preflight.js';

const line = { lineNo: 1, feeItemId: 'fee-1', quantity: '2', unitPriceCents: 1000, amountCents: 2000 };

function invoice(id: string, overrides: Partial<PreflightInvoice> = {}): PreflightInvoice {
  return {
    id,
    number: `INV-${id}`,
    eligible: true,
    status: 'open',
    shownStatus: 'not_synced',
    qboInvoiceId: null,
    payerId: 'payer-1',
    lines: [line],
    ...overrides,
  };
}

const mapped = (qboName: string, qboId: string): PreflightParty => ({ qboName, mapping: { kind: 'mapped', qboId } });

function billing(invoices: PreflightInvoice[], overrides: Partial<BillingFacts> = {}): BillingFacts {
  return {
    invoices,
    connection: 'connected',
    unmappedPolicy: 'create',
    payers: new Map([['payer-1', mapped('Acme Corp', 'c1')]]),
    feeItems: new Map([['fee-1', mapped('Filing fee', 'i1')]]),
    docNumberMax: 21,
    ...overrides,
  };
}

function qbo(overrides: Partial<QboFacts> = {}): QboFacts {
  return {
    customers: new Map([['c1', { active: true, name: 'Acme Corp' }]]),
    items: new Map([['i1', { active: true, name: 'Filing fee' }]]),
    invoicesByNumber: new Map(),
    ...overrides,
  };
}

const reasonsOf = (report: ReturnType<typeof preflightReport>) =>
  Object.fromEntries(report.problems.map((p) => [p.reason, p.invoices.map((i) => [i.id, i.detail])]));

describe('preflightReport', () => {
  it('passes a clean invoice and counts it as ok', () => {
    const report = preflightReport(billing([invoice('a')]), qbo());
    expect(report).toMatchObject({ total: 1, ok: 1, withProblems: 0, problems: [] });
    expect(report.okInvoices).toEqual([{ id: 'a', number: 'INV-a' }]);
  });

  it('reports a chosen invoice a job would not sync, with the reason it would not', () => {
    const report = preflightReport(
      billing([
        invoice('old', { eligible: false, shownStatus: 'not_eligible' }),
        invoice('void', { status: 'void' }),
        invoice('done', { shownStatus: 'synced', qboInvoiceId: '9' }),
        invoice('busy', { shownStatus: 'syncing' }),
        invoice('again', { shownStatus: 'out_of_date', qboInvoiceId: '10' }),
      ]),
      qbo(),
    );
    expect(reasonsOf(report)).toEqual({
      not_eligible: [['old', null]],
      void_never_posted: [['void', null]],
      already_synced: [['done', null]],
      sync_in_progress: [['busy', null]],
    });
    expect(report.okInvoices.map((i) => i.id)).toEqual(['again']);
    expect(report).toMatchObject({ total: 5, ok: 1, withProblems: 4 });
  });

  it('makes a lost or missing connection the one problem for every invoice', () => {
    const invoices = [invoice('a'), invoice('old', { eligible: false, shownStatus: 'not_eligible' })];
    const lost = preflightReport(billing(invoices, { connection: 'needs_reconnect' }), null);
    expect(reasonsOf(lost)).toEqual({
      reconnect_needed: [
        ['a', null],
        ['old', null],
      ],
    });
    expect(lost.problems[0]!.fix).toMatch(/reconnect/i);
    expect(reasonsOf(preflightReport(billing(invoices, { connection: 'not_connected' }), null))).toEqual({
      not_connected: [
        ['a', null],
        ['old', null],
      ],
    });
  });

  it('holds unmapped payers and fee items only under the hold policy, naming each once per invoice', () => {
    const unmapped = {
      payers: new Map([['payer-1', { qboName: 'Acme Corp', mapping: { kind: 'unmapped' } } as PreflightParty]]),
      feeItems: new Map([['fee-1', { qboName: 'Filing fee', mapping: { kind: 'unmapped' } } as PreflightParty]]),
    };
    const twoLines = invoice('a', { lines: [line, { ...line, lineNo: 2 }] });
    const held = preflightReport(billing([twoLines], { ...unmapped, unmappedPolicy: 'hold' }), qbo());
    expect(reasonsOf(held)).toEqual({ needs_mapping: [['a', 'payer Acme Corp; fee item Filing fee']] });
    expect(preflightReport(billing([twoLines], unmapped), qbo()).ok).toBe(1);
  });

  it('finds mapped records that are inactive or missing in QuickBooks', () => {
    const report = preflightReport(
      billing([invoice('a')], { feeItems: new Map([['fee-1', mapped('Filing fee', 'gone')]]) }),
      qbo({ customers: new Map([['c1', { active: false, name: 'Acme Corp' }]]) }),
    );
    expect(reasonsOf(report)).toEqual({
      inactive_record: [['a', 'payer Acme Corp is mapped to Acme Corp, which is inactive']],
      mapped_record_missing: [['a', 'fee item Filing fee: QuickBooks id gone']],
    });
  });

  it("refuses a number too long for QuickBooks, or one another customer's invoice has there", () => {
    const report = preflightReport(
      billing([
        invoice('long', { number: 'X'.repeat(22) }),
        invoice('taken', { number: 'A-1' }),
        invoice('mine', { number: 'A-2' }),
        invoice('posted', { number: 'A-3', shownStatus: 'out_of_date', qboInvoiceId: '30' }),
      ]),
      qbo({
        invoicesByNumber: new Map([
          ['A-1', [{ id: '10', customerId: 'c2', customerName: 'Other Client' }]],
          ['A-2', [{ id: '20', customerId: 'c1', customerName: 'Acme Corp' }]],
          ['A-3', [{ id: '30', customerId: 'c2', customerName: 'Other Client' }]],
        ]),
      }),
    );
    expect(reasonsOf(report)).toEqual({
      doc_number_too_long: [['long', '22 characters; QuickBooks takes at most 21']],
      doc_number_taken: [['taken', 'QuickBooks invoice 10 of Other Client']],
    });
    expect(report.okInvoices.map((i) => i.id)).toEqual(['mine', 'posted']);
  });

  it("treats an unmapped payer's number as its own when the QuickBooks invoice's customer has its name", () => {
    const facts = billing([invoice('a', { number: 'A-1' })], {
      payers: new Map([['payer-1', { qboName: 'Acme Corp', mapping: { kind: 'unmapped' } } as PreflightParty]]),
    });
    const held = (customerName: string) =>
      preflightReport(
        facts,
        qbo({ invoicesByNumber: new Map([['A-1', [{ id: '10', customerId: 'c9', customerName }]]]) }),
      );
    expect(held('acme corp').ok).toBe(1);
    expect(reasonsOf(held('Someone Else'))).toEqual({
      doc_number_taken: [['a', 'QuickBooks invoice 10 of Someone Else']],
    });
  });

  it('lists the lines QuickBooks would refuse, and a fee item it would have to create without a name', () => {
    const report = preflightReport(
      billing(
        [
          invoice('empty', { lines: [] }),
          invoice('bad', {
            lines: [
              { ...line, quantity: '0' },
              { ...line, lineNo: 2, amountCents: 1999 },
              { ...line, lineNo: 3, unitPriceCents: -5, amountCents: -10 },
            ],
          }),
          invoice('unnamed', { lines: [{ ...line, feeItemId: 'fee-2' }] }),
        ],
        {
          feeItems: new Map([
            ['fee-1', mapped('Filing fee', 'i1')],
            ['fee-2', { qboName: '', mapping: { kind: 'create_new' } }],
          ]),
        },
      ),
      qbo(),
    );
    expect(reasonsOf(report)).toEqual({
      lines_refused: [
        ['empty', 'it has no lines'],
        [
          'bad',
          'line 1: quantity must be more than zero; line 2: the amount is not quantity × unit price; line 3: QuickBooks refuses a negative amount',
        ],
        ['unnamed', 'line 1: its fee item has no name QuickBooks can use'],
      ],
    });
  });

  it('checks nothing but the void itself for a posted invoice that was voided', () => {
    const report = preflightReport(
      billing([invoice('v', { status: 'void', shownStatus: 'out_of_date', qboInvoiceId: '5', lines: [] })]),
      qbo({ customers: new Map() }),
    );
    expect(report.ok).toBe(1);
  });
});

describe('qboReadsNeeded', () => {
  it('asks only for what the checked invoices would post, each id and number once', () => {
    const reads = qboReadsNeeded(
      billing(
        [
          invoice('a', { number: 'A-1' }),
          invoice('b', { number: 'A-2', lines: [line, { ...line, lineNo: 2, feeItemId: 'fee-2' }] }),
          invoice('long', { number: 'X'.repeat(22) }),
          invoice('old', { number: 'OLD', eligible: false, shownStatus: 'not_eligible' }),
        ],
        {
          feeItems: new Map([
            ['fee-1', mapped('Filing fee', 'i1')],
            ['fee-2', { qboName: 'New', mapping: { kind: 'unmapped' } }],
          ]),
        },
      ),
    );
    expect(reads).toEqual({ customerIds: ['c1'], itemIds: ['i1'], docNumbers: ['A-1', 'A-2'] });
  });
});
