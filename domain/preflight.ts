import { Decimal } from 'decimal.js';
import { lineAmountCents } from './money.js';
import { isVoidNeverPosted, syncAction, type InvoiceStatus, type ShownSyncStatus } from './sync-status.js';

// A bulk job's dry run: which of the chosen invoices would fail, and why, before anything is written. Pure:
// api/services/preflight.ts reads billing and QuickBooks and hands the facts here, so every rule is tested
// without either. Each rule mirrors a refusal the real sync meets (eligibility, the unmapped policy, QBO's
// inactive reference, 6140 duplicate number, its line checks), and only refusals billing data can reach.

/** Every reason, in the order the report lists them: the one that blocks everything first. */
export const PREFLIGHT_REASONS = [
  'reconnect_needed',
  'not_connected',
  'not_eligible',
  'void_never_posted',
  'already_synced',
  'sync_in_progress',
  'needs_mapping',
  'inactive_record',
  'mapped_record_missing',
  'doc_number_too_long',
  'doc_number_taken',
  'lines_refused',
] as const;
export type PreflightReason = (typeof PREFLIGHT_REASONS)[number];

const TEXTS: Record<PreflightReason, { message: string; fix: string }> = {
  reconnect_needed: {
    message: 'The QuickBooks connection needs reconnecting: QuickBooks no longer accepts its authorization',
    fix: 'An admin reconnects QuickBooks on the QuickBooks Sync screen; then sync again',
  },
  not_connected: {
    message: 'QuickBooks is not connected',
    fix: 'An admin connects QuickBooks on the QuickBooks Sync screen; then sync again',
  },
  not_eligible: {
    message: 'Created before QuickBooks sync was activated, so it is never synced',
    fix: 'Leave it out; if QuickBooks needs it, enter it there by hand',
  },
  void_never_posted: {
    message: 'Void, and QuickBooks never had it: there is nothing to sync',
    fix: 'Leave it out',
  },
  already_synced: {
    message: 'Already in QuickBooks and unchanged since',
    fix: 'Nothing to do; revise the invoice if QuickBooks should get a change',
  },
  sync_in_progress: {
    message: 'A sync of this invoice is already queued or running',
    fix: 'Wait for it to finish',
  },
  needs_mapping: {
    message: 'Its payer or a fee item has no QuickBooks mapping, and this firm holds such invoices (Needs mapping)',
    fix: 'Map them on the Mapping screen (or let the sync create unmapped records); held invoices then sync by themselves',
  },
  inactive_record: {
    message: 'Its payer or a fee item is mapped to a QuickBooks record that is inactive, which QuickBooks refuses',
    fix: 'Make the record active again in QuickBooks, or map to another one on the Mapping screen',
  },
  mapped_record_missing: {
    message: 'Its payer or a fee item is mapped to a QuickBooks record that does not exist in the connected company',
    fix: 'Map it to another record on the Mapping screen',
  },
  doc_number_too_long: {
    message: 'Its number is longer than QuickBooks allows for an invoice number',
    fix: 'Revise the invoice with a shorter number',
  },
  doc_number_taken: {
    message: "Its number is already used in QuickBooks by another customer's invoice",
    fix: 'Revise the invoice with another number, or renumber the QuickBooks invoice',
  },
  lines_refused: {
    message: 'QuickBooks would refuse its lines',
    fix: 'Revise the invoice (or rename the fee item) as the detail says',
  },
};

export type ConnectionState = 'connected' | 'needs_reconnect' | 'not_connected';

/** How a payer or fee item stands with the connected company. */
export type MappingState = { kind: 'unmapped' } | { kind: 'create_new' } | { kind: 'mapped'; qboId: string };

export interface PreflightParty {
  /** The name it has, or would be given, in QuickBooks. */
  qboName: string;
  mapping: MappingState;
}

export interface PreflightLine {
  lineNo: number;
  feeItemId: string;
  /** Decimal string. */
  quantity: string;
  unitPriceCents: number;
  amountCents: number;
}

export interface PreflightInvoice {
  id: string;
  number: string;
  eligible: boolean;
  status: InvoiceStatus;
  shownStatus: ShownSyncStatus;
  qboInvoiceId: string | null;
  payerId: string;
  lines: readonly PreflightLine[];
}

export interface QboRecordFact {
  active: boolean;
  name: string;
}

export interface QboInvoiceFact {
  id: string;
  customerId: string;
  customerName: string | null;
}

/** What QuickBooks holds, read for this check; a record missing from a map does not exist there. */
export interface QboFacts {
  customers: ReadonlyMap<string, QboRecordFact>;
  items: ReadonlyMap<string, QboRecordFact>;
  invoicesByNumber: ReadonlyMap<string, readonly QboInvoiceFact[]>;
}

export interface BillingFacts {
  invoices: readonly PreflightInvoice[];
  connection: ConnectionState;
  unmappedPolicy: 'create' | 'hold';
  payers: ReadonlyMap<string, PreflightParty>;
  feeItems: ReadonlyMap<string, PreflightParty>;
  /** QuickBooks' longest DocNumber. */
  docNumberMax: number;
}

// Type aliases, not interfaces: the API's JSON-schema response types need their implicit index signature.
export type InvoiceRef = {
  id: string;
  number: string;
};

export type PreflightProblem = {
  reason: PreflightReason;
  message: string;
  fix: string;
  invoices: Array<InvoiceRef & { detail: string | null }>;
};

export type PreflightReport = {
  total: number;
  ok: number;
  withProblems: number;
  okInvoices: InvoiceRef[];
  problems: PreflightProblem[];
};

/** What QuickBooks must be asked: the mapped records and the numbers the checked invoices would post. */
export interface QboReads {
  customerIds: string[];
  itemIds: string[];
  docNumbers: string[];
}

/** Why a chosen invoice would not be synced at all, or null when a sync would run for it. */
function notSyncable(invoice: PreflightInvoice): PreflightReason | null {
  if (!invoice.eligible) return 'not_eligible';
  if (isVoidNeverPosted(invoice)) return 'void_never_posted';
  if (syncAction(invoice.shownStatus, invoice.qboInvoiceId, invoice.status) !== null) return null;
  if (invoice.shownStatus === 'queued' || invoice.shownStatus === 'syncing') return 'sync_in_progress';
  if (invoice.shownStatus === 'synced') return 'already_synced';
  return null;
}

/** A void invoice's sync only voids it in QuickBooks, so its contents cannot be refused. */
const contentsPosted = (invoice: PreflightInvoice) => notSyncable(invoice) === null && invoice.status === 'open';

const distinct = <T>(values: Iterable<T>) => [...new Set(values)];

export function qboReadsNeeded(billing: Omit<BillingFacts, 'connection' | 'unmappedPolicy'>): QboReads {
  const checked = billing.invoices.filter(contentsPosted);
  const mappedId = (party: PreflightParty | undefined) =>
    party?.mapping.kind === 'mapped' ? [party.mapping.qboId] : [];
  return {
    customerIds: distinct(checked.flatMap((i) => mappedId(billing.payers.get(i.payerId)))),
    itemIds: distinct(checked.flatMap((i) => i.lines.flatMap((l) => mappedId(billing.feeItems.get(l.feeItemId))))),
    docNumbers: distinct(checked.map((i) => i.number).filter((n) => n.length <= billing.docNumberMax)),
  };
}

type Found = { reason: PreflightReason; detail: string | null };

function lineProblems(invoice: PreflightInvoice): string[] {
  if (invoice.lines.length === 0) return ['it has no lines'];
  return invoice.lines.flatMap((line) => {
    const at = `line ${line.lineNo}`;
    let quantity: Decimal;
    try {
      quantity = new Decimal(line.quantity);
    } catch {
      return [`${at}: quantity ${line.quantity} is not a number`];
    }
    if (quantity.lte(0)) return [`${at}: quantity must be more than zero`];
    if (line.amountCents < 0 || line.unitPriceCents < 0) return [`${at}: QuickBooks refuses a negative amount`];
    if (lineAmountCents(line.quantity, line.unitPriceCents) !== line.amountCents)
      return [`${at}: the amount is not quantity × unit price`];
    return [];
  });
}

function partyProblems(
  label: string,
  party: PreflightParty | undefined,
  records: ReadonlyMap<string, QboRecordFact>,
  unmappedPolicy: 'create' | 'hold',
): Found[] {
  if (!party) return [];
  const { mapping } = party;
  if (mapping.kind === 'mapped') {
    const record = records.get(mapping.qboId);
    if (!record) return [{ reason: 'mapped_record_missing', detail: `${label}: QuickBooks id ${mapping.qboId}` }];
    return record.active
      ? []
      : [{ reason: 'inactive_record', detail: `${label} is mapped to ${record.name}, which is inactive` }];
  }
  if (mapping.kind === 'unmapped' && unmappedPolicy === 'hold') return [{ reason: 'needs_mapping', detail: label }];
  return [];
}

/** A record the sync would create needs a name QuickBooks accepts. */
function unnamedCreation(party: PreflightParty | undefined, unmappedPolicy: 'create' | 'hold'): boolean {
  if (!party || party.qboName !== '') return false;
  return party.mapping.kind === 'create_new' || (party.mapping.kind === 'unmapped' && unmappedPolicy === 'create');
}

/** The payer's customer is the one holding the number: the sync links that invoice instead of failing (6140). */
function sameCustomer(found: QboInvoiceFact, payer: PreflightParty | undefined): boolean {
  if (!payer) return false;
  if (payer.mapping.kind === 'mapped') return found.customerId === payer.mapping.qboId;
  // Unmapped, the sync links a customer of the payer's name; "create new" makes one no invoice has yet.
  return payer.mapping.kind === 'unmapped' && found.customerName?.toLowerCase() === payer.qboName.toLowerCase();
}

function invoiceProblems(invoice: PreflightInvoice, billing: BillingFacts, qbo: QboFacts): Found[] {
  const skipped = notSyncable(invoice);
  if (skipped) return [{ reason: skipped, detail: null }];
  if (invoice.status === 'void') return [];
  const { unmappedPolicy } = billing;
  const payer = billing.payers.get(invoice.payerId);
  const found: Found[] = partyProblems(
    `payer ${payer?.qboName || invoice.payerId}`,
    payer,
    qbo.customers,
    unmappedPolicy,
  );
  const lineDetails = lineProblems(invoice);
  for (const feeItemId of distinct(invoice.lines.map((l) => l.feeItemId))) {
    const feeItem = billing.feeItems.get(feeItemId);
    found.push(...partyProblems(`fee item ${feeItem?.qboName || feeItemId}`, feeItem, qbo.items, unmappedPolicy));
    if (unnamedCreation(feeItem, unmappedPolicy)) {
      const lineNos = invoice.lines.filter((l) => l.feeItemId === feeItemId).map((l) => l.lineNo);
      lineDetails.push(`line ${lineNos.join(', ')}: its fee item has no name QuickBooks can use`);
    }
  }
  if (invoice.number.length > billing.docNumberMax) {
    found.push({
      reason: 'doc_number_too_long',
      detail: `${invoice.number.length} characters; QuickBooks takes at most ${billing.docNumberMax}`,
    });
  } else {
    for (const other of qbo.invoicesByNumber.get(invoice.number) ?? []) {
      if (other.id === invoice.qboInvoiceId || sameCustomer(other, payer)) continue;
      found.push({
        reason: 'doc_number_taken',
        detail: `QuickBooks invoice ${other.id} of ${other.customerName ?? `customer ${other.customerId}`}`,
      });
    }
  }
  found.push(...lineDetails.map((detail) => ({ reason: 'lines_refused' as const, detail })));
  return found;
}

const NOTHING_READ: QboFacts = { customers: new Map(), items: new Map(), invoicesByNumber: new Map() };

/**
 * The dry run's answer: the problems grouped by reason (each invoice once per reason, its details joined),
 * and the invoices that would go through. Without a working connection that is the one problem for all.
 */
export function preflightReport(billing: BillingFacts, qbo: QboFacts | null): PreflightReport {
  const connectionReason: PreflightReason | null =
    billing.connection === 'connected'
      ? null
      : billing.connection === 'needs_reconnect'
        ? 'reconnect_needed'
        : 'not_connected';
  type Entry = { ref: InvoiceRef; details: string[] };
  const groups = new Map<PreflightReason, Map<string, Entry>>();
  const okInvoices: InvoiceRef[] = [];
  for (const invoice of billing.invoices) {
    const ref = { id: invoice.id, number: invoice.number };
    const found: Found[] = connectionReason
      ? [{ reason: connectionReason, detail: null }]
      : invoiceProblems(invoice, billing, qbo ?? NOTHING_READ);
    if (found.length === 0) okInvoices.push(ref);
    for (const { reason, detail } of found) {
      let group = groups.get(reason);
      if (!group) groups.set(reason, (group = new Map<string, Entry>()));
      const entry = group.get(invoice.id) ?? { ref, details: [] };
      if (detail && !entry.details.includes(detail)) entry.details.push(detail);
      group.set(invoice.id, entry);
    }
  }
  const problems = PREFLIGHT_REASONS.flatMap((reason) => {
    const group = groups.get(reason);
    if (!group) return [];
    return [
      {
        reason,
        ...TEXTS[reason],
        invoices: [...group.values()].map(({ ref, details }) => ({
          ...ref,
          detail: details.length ? details.join('; ') : null,
        })),
      },
    ];
  });
  const total = billing.invoices.length;
  return { total, ok: okInvoices.length, withProblems: total - okInvoices.length, okInvoices, problems };
}
