import type { Db } from '../../db/database.js';
import { getConnection } from '../../db/queries/connections.js';
import { getFirm } from '../../db/queries/firms.js';
import { syncableInvoices } from '../../db/queries/invoices.js';
import { listMappings, type Mapping } from '../../db/queries/mappings.js';
import { payerSnapshot } from '../../db/queries/payers.js';
import { preflightRows, type PreflightRows } from '../../db/queries/preflight.js';
import {
  preflightReport,
  qboReadsNeeded,
  type BillingFacts,
  type ConnectionState,
  type MappingState,
  type PreflightInvoice,
  type PreflightParty,
  type PreflightReport,
} from '../../domain/preflight.js';
import { isEligible, shownSyncStatus } from '../../domain/sync-status.js';
import type { QuickBooksAccess } from '../../qbo-connection/quickbooks-access.js';
import { ConnectionLostError, NotConnectedError } from '../../qbo-connection/token-store.js';
import { customerDisplayName, DOC_NUMBER_MAX, itemName } from '../../quickbooks/mappers.js';
import { readPreflightFacts } from '../../quickbooks/preflight-facts.js';
import { badRequest, conflict } from '../http-errors.js';
import { MAX_JOB_INVOICES } from '../schemas/sync.js';
import { syncBlocker } from './sync-eligibility.js';

export interface PreflightDeps {
  db: Db;
  quickbooks: QuickBooksAccess;
}

export type JobSelection = { invoiceIds: readonly string[] } | { all: true };

const mappingState = (mapping: Mapping | undefined): MappingState =>
  !mapping ? { kind: 'unmapped' } : mapping.qboId ? { kind: 'mapped', qboId: mapping.qboId } : { kind: 'create_new' };

/**
 * A bulk job's dry run: the invoices it would take, checked against billing and against what QuickBooks holds
 * (read in a few batched queries through the firm's gated client), with nothing written anywhere. The firm
 * must be able to run a job at all (409 as for the job itself); a lost connection is reported, not refused.
 */
export async function dryRunSyncJob(
  deps: PreflightDeps,
  firmId: string,
  selection: JobSelection,
): Promise<PreflightReport> {
  const { db } = deps;
  const blocker = await syncBlocker(db, firmId);
  if (blocker && blocker.code !== 'not_connected') throw blocker;

  const ids =
    'invoiceIds' in selection
      ? selection.invoiceIds
      : (await syncableInvoices(db, firmId)).filter((i) => i.action).map((i) => i.id);
  if (ids.length > MAX_JOB_INVOICES)
    throw conflict('too_many', `A job takes at most ${MAX_JOB_INVOICES} invoices; ${ids.length} need syncing`);
  const rows = await preflightRows(db, firmId, ids);
  const known = new Set(rows.invoices.map((i) => i.id));
  const unknown = ids.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw badRequest(`invoiceIds.${unknown}`, 'No such invoice');

  const connection = await getConnection(db, firmId);
  const state: ConnectionState =
    connection?.status === 'connected'
      ? 'connected'
      : connection?.status === 'needs_reconnect'
        ? 'needs_reconnect'
        : 'not_connected';
  const billing = await billingFacts(db, firmId, ids, rows, state, connection?.realm_id);
  if (state !== 'connected') return preflightReport(billing, null);

  try {
    const { qbo } = await deps.quickbooks.forFirm(firmId);
    return preflightReport(billing, await readPreflightFacts(qbo, qboReadsNeeded(billing)));
  } catch (error) {
    // Found out while reading: the token store has already marked and logged a refused refresh.
    if (!(error instanceof NotConnectedError)) throw error;
    const lost = error instanceof ConnectionLostError ? 'needs_reconnect' : 'not_connected';
    return preflightReport({ ...billing, connection: lost }, null);
  }
}

async function billingFacts(
  db: Db,
  firmId: string,
  ids: readonly string[],
  rows: PreflightRows,
  connection: ConnectionState,
  realmId: string | undefined,
): Promise<BillingFacts> {
  const firm = (await getFirm(db, firmId))!;
  const scope = realmId && { firmId, realmId };
  const payerMappings = scope ? await listMappings(db, 'payer_mappings', scope) : new Map<string, Mapping>();
  const feeItemMappings = scope ? await listMappings(db, 'fee_item_mappings', scope) : new Map<string, Mapping>();
  const payers = new Map<string, PreflightParty>(
    rows.payers.map((p) => [
      p.id,
      { qboName: customerDisplayName(payerSnapshot(p)), mapping: mappingState(payerMappings.get(p.id)) },
    ]),
  );
  const feeItems = new Map<string, PreflightParty>(
    rows.feeItems.map((f) => [f.id, { qboName: itemName(f), mapping: mappingState(feeItemMappings.get(f.id)) }]),
  );
  const linesOf = new Map<string, PreflightRows['lines']>();
  for (const line of rows.lines) {
    const lines = linesOf.get(line.invoice_id);
    if (lines) lines.push(line);
    else linesOf.set(line.invoice_id, [line]);
  }
  const byId = new Map(rows.invoices.map((i) => [i.id, i]));
  const activation = { active: firm.active, activatedAt: firm.activated_at };
  const invoices = ids.map((id): PreflightInvoice => {
    const row = byId.get(id)!;
    const eligible = isEligible(activation, row.created_at);
    return {
      id,
      number: row.number,
      eligible,
      status: row.status,
      shownStatus: shownSyncStatus({
        eligible,
        revision: row.revision,
        stored: row.stored_status,
        qboInvoiceId: row.qbo_invoice_id,
        syncedRevision: row.synced_revision,
      }),
      qboInvoiceId: row.qbo_invoice_id,
      payerId: row.payer_id,
      lines: (linesOf.get(id) ?? []).map((l) => ({
        lineNo: l.line_no,
        feeItemId: l.fee_item_id,
        quantity: l.quantity,
        unitPriceCents: l.unit_price_cents,
        amountCents: l.amount_cents,
      })),
    };
  });
  return {
    invoices,
    connection,
    unmappedPolicy: firm.unmapped_policy,
    payers,
    feeItems,
    docNumberMax: DOC_NUMBER_MAX,
  };
}
