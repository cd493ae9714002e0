import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { InvoiceSnapshot } from '../../domain/snapshots.js';
import { STATUSES_SHOWN_AS_STORED, syncAction, type ShownSyncStatus } from '../../domain/sync-status.js';
import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { Invoice, InvoiceLine, InvoiceSyncState } from '../schema.js';
import { feeItemSnapshot } from './fee-items.js';
import { page, type Page } from './paging.js';
import { payerSnapshot } from './payers.js';

export interface InvoiceLineInput {
  feeItemId: string;
  description: string | null;
  quantity: string;
  unitPriceCents: number;
  amountCents: number;
}

export interface InvoiceInput {
  payerId: string;
  number?: string | null;
  invoiceDate: string;
  dueDate: string;
  memo?: string | null;
  caseReference?: string | null;
  totalCents: number;
  lines: InvoiceLineInput[];
}

export interface InvoiceRow extends Invoice {
  /** The payer as billing staff know it: the company, or the person's first and last name. */
  payer_name: string;
  /** What billing staff see; see `shownStatus` below. */
  sync_status: ShownSyncStatus;
  qbo_invoice_id: string | null;
  synced_revision: number | null;
  last_synced_at: Date | null;
  last_error: InvoiceSyncState['last_error'];
  paid_cents: number;
  eligible: boolean;
  recent_payment_cents: number | null;
  recent_payment_at: Date | null;
}

export class DuplicateInvoiceNumber extends Error {}

/** The columns a creation and a revision both write. */
function invoiceColumns(input: InvoiceInput, number: string) {
  return {
    payer_id: input.payerId,
    number,
    invoice_date: input.invoiceDate,
    due_date: input.dueDate,
    memo: input.memo ?? null,
    case_reference: input.caseReference ?? null,
    total_cents: input.totalCents,
  };
}

/** Creates the invoice, its lines and its (not yet synced) sync state in one transaction. */
export async function createInvoice(db: Db, firmId: string, input: InvoiceInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    let number = input.number;
    if (!number) {
      const firm = await trx
        .updateTable('firms')
        .set({ next_invoice_number: sql`next_invoice_number + 1` })
        .where('id', '=', firmId)
        .returning(sql<number>`next_invoice_number - 1`.as('allocated'))
        .executeTakeFirstOrThrow();
      number = `INV-${firm.allocated}`;
    }
    const id = newId();
    try {
      await trx
        .insertInto('invoices')
        .values({
          id,
          firm_id: firmId,
          ...invoiceColumns(input, number),
        })
        .execute();
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'invoices_firm_number_key')
        throw new DuplicateInvoiceNumber(number);
      throw error;
    }
    await trx
      .insertInto('invoice_lines')
      .values(lineRows(firmId, id, input.lines))
      .execute();
    await trx
      .insertInto('invoice_sync_state')
      .values({ invoice_id: id, firm_id: firmId, status: 'not_synced' })
      .execute();
    return id;
  });
}

export class InvoiceIsVoid extends Error {}

function lineRows(firmId: string, invoiceId: string, lines: InvoiceLineInput[]) {
  return lines.map((line, index) => ({
    id: newId(),
    invoice_id: invoiceId,
    firm_id: firmId,
    line_no: index + 1,
    fee_item_id: line.feeItemId,
    description: line.description,
    quantity: line.quantity,
    unit_price_cents: line.unitPriceCents,
    amount_cents: line.amountCents,
  }));
}

/** A revision replaces the invoice's fields and lines and counts up its revision; a void invoice is final. */
export async function reviseInvoice(db: Db, firmId: string, invoiceId: string, input: InvoiceInput): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('invoices')
      .select(['status', 'number'])
      .where('firm_id', '=', firmId)
      .where('id', '=', invoiceId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return false;
    if (current.status === 'void') throw new InvoiceIsVoid();
    const number = input.number ?? current.number;
    try {
      await trx
        .updateTable('invoices')
        .set((eb) => ({
          ...invoiceColumns(input, number),
          revision: eb('revision', '+', 1),
          updated_at: new Date(),
        }))
        .where('id', '=', invoiceId)
        .execute();
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'invoices_firm_number_key')
        throw new DuplicateInvoiceNumber(number);
      throw error;
    }
    await trx.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
    await trx
      .insertInto('invoice_lines')
      .values(lineRows(firmId, invoiceId, input.lines))
      .execute();
    return true;
  });
}

/** Voiding is a revision too, so a posted invoice shows Sync Again until QBO has the void. */
export async function voidInvoice(
  db: Db,
  firmId: string,
  invoiceId: string,
): Promise<'voided' | 'already' | 'missing'> {
  const row = await db
    .updateTable('invoices')
    .set((eb) => ({ status: 'void', revision: eb('revision', '+', 1), updated_at: new Date() }))
    .where('firm_id', '=', firmId)
    .where('id', '=', invoiceId)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (row) return 'voided';
  return (await db
    .selectFrom('invoices')
    .select('id')
    .where('firm_id', '=', firmId)
    .where('id', '=', invoiceId)
    .executeTakeFirst())
    ? 'already'
    : 'missing';
}

const RECENT_PAYMENT_DAYS = 7;

/** `isEligible` (domain/sync-status.ts) in SQL, over `invoices as i` joined to `firms as f`. */
export const eligible = sql<boolean>`coalesce(f.active and i.created_at >= f.activated_at, false)`;

/**
 * `shownSyncStatus` (domain/sync-status.ts) in SQL, so lists filter and page on it: invoices from before
 * activation are not eligible; a synced invoice revised since it was posted is out of date.
 */
const shownStatus = sql<ShownSyncStatus>`case
  when not ${eligible} then 'not_eligible'
  when s.status in (${sql.join(STATUSES_SHOWN_AS_STORED.map((status) => sql.lit(status)))}) then s.status
  when s.qbo_invoice_id is not null and i.revision > s.synced_revision then 'out_of_date'
  else coalesce(s.status, 'not_synced')
end`;

/** `isSyncable` (domain/sync-status.ts) in SQL: eligible, and not void without ever having been posted. */
const syncable = sql<boolean>`(${eligible} and not (i.status = 'void' and s.qbo_invoice_id is null))`;

/** The cue: a payment from QuickBooks reached this invoice in the last week. */
const recentPaymentExists = sql<boolean>`exists (select 1 from payments p where p.invoice_id = i.id and p.source = 'quickbooks' and p.received_at > now() - make_interval(days => ${RECENT_PAYMENT_DAYS}))`;

function invoiceRows(db: Db, firmId: string) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('firms as f', 'f.id', 'i.firm_id')
    .innerJoin('payers as py', 'py.id', 'i.payer_id')
    .leftJoin('invoice_sync_state as s', 's.invoice_id', 'i.id')
    .selectAll('i')
    .select([
      sql<string>`case when py.type = 'corporation' then coalesce(py.company_name, '') else concat_ws(' ', py.first_name, py.last_name) end`.as(
        'payer_name',
      ),
      shownStatus.as('sync_status'),
      's.qbo_invoice_id',
      's.synced_revision',
      's.last_synced_at',
      's.last_error',
      eligible.as('eligible'),
      sql<number>`coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and p.voided_at is null), 0)`.as(
        'paid_cents',
      ),
      sql<
        number | null
      >`(select p.amount_cents from payments p where p.invoice_id = i.id and p.source = 'quickbooks' and p.received_at > now() - make_interval(days => ${RECENT_PAYMENT_DAYS}) order by p.received_at desc limit 1)`.as(
        'recent_payment_cents',
      ),
      sql<Date | null>`(select p.received_at from payments p where p.invoice_id = i.id and p.source = 'quickbooks' and p.received_at > now() - make_interval(days => ${RECENT_PAYMENT_DAYS}) order by p.received_at desc limit 1)`.as(
        'recent_payment_at',
      ),
    ])
    .where('i.firm_id', '=', firmId);
}

export async function getInvoice(
  db: Db,
  firmId: string,
  invoiceId: string,
): Promise<{ invoice: InvoiceRow; lines: InvoiceLine[] } | undefined> {
  const invoice = await invoiceRows(db, firmId).where('i.id', '=', invoiceId).executeTakeFirst();
  if (!invoice) return undefined;
  const lines = await db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('line_no')
    .execute();
  return { invoice, lines };
}

export async function listInvoices(
  db: Db,
  firmId: string,
  options: { syncStatus?: ShownSyncStatus; recentPayment?: boolean; cursor?: string; limit: number },
): Promise<Page<InvoiceRow>> {
  let query = invoiceRows(db, firmId);
  if (options.recentPayment !== undefined)
    query = query.where(sql<boolean>`${recentPaymentExists} = ${options.recentPayment}`);
  if (options.cursor) query = query.where('i.id', '>', options.cursor);
  if (options.syncStatus) query = query.where(sql<boolean>`${shownStatus} = ${options.syncStatus}`);
  return page(
    await query
      .orderBy('i.id')
      .limit(options.limit + 1)
      .execute(),
    options.limit,
  );
}

/**
 * One consistent read of everything a sync needs: invoice, lines, payer and fee items at one revision. One
 * statement sees one snapshot of the database, so it needs no transaction (and its four round trips more).
 */
export async function loadInvoiceSnapshot(
  db: Db,
  firmId: string,
  invoiceId: string,
): Promise<InvoiceSnapshot | undefined> {
  const invoice = await db
    .selectFrom('invoices as i')
    .selectAll('i')
    .select((eb) => [
      jsonObjectFrom(
        eb
          .selectFrom('payers as p')
          .select(['p.id', 'p.type', 'p.first_name', 'p.last_name', 'p.company_name', 'p.email', 'p.phone'])
          .select(['p.address', 'p.billing_person'])
          .whereRef('p.id', '=', 'i.payer_id'),
      ).as('payer'),
      jsonArrayFrom(
        eb
          .selectFrom('invoice_lines as l')
          .select(['l.line_no', 'l.fee_item_id', 'l.description', 'l.unit_price_cents', 'l.amount_cents'])
          // numeric in JSON would come back a number: kept the decimal string the line's column gives.
          .select(sql<string>`l.quantity::text`.as('quantity'))
          .whereRef('l.invoice_id', '=', 'i.id')
          .orderBy('l.line_no'),
      ).as('lines'),
      jsonArrayFrom(
        eb
          .selectFrom('fee_items as fi')
          .select(['fi.id', 'fi.name', 'fi.description', 'fi.unit_price_cents'])
          .where(
            'fi.id',
            'in',
            eb.selectFrom('invoice_lines as fl').select('fl.fee_item_id').whereRef('fl.invoice_id', '=', 'i.id'),
          ),
      ).as('fee_items'),
    ])
    .where('i.firm_id', '=', firmId)
    .where('i.id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice?.payer) return undefined;
  return {
    id: invoice.id,
    firmId,
    number: invoice.number,
    invoiceDate: invoice.invoice_date,
    dueDate: invoice.due_date,
    memo: invoice.memo,
    caseReference: invoice.case_reference,
    revision: invoice.revision,
    totalCents: invoice.total_cents,
    status: invoice.status,
    payer: payerSnapshot(invoice.payer),
    feeItems: invoice.fee_items.map(feeItemSnapshot),
    lines: invoice.lines.map((l) => ({
      lineNo: l.line_no,
      feeItemId: l.fee_item_id,
      description: l.description,
      quantity: l.quantity,
      unitPriceCents: l.unit_price_cents,
      amountCents: l.amount_cents,
    })),
  };
}

/** Every firm's invoices by the status billing staff see, for the metrics scrape. */
export async function countInvoicesBySyncStatus(db: Db): Promise<Array<{ status: string; count: number }>> {
  const rows = await db
    .selectFrom('invoices as i')
    .innerJoin('firms as f', 'f.id', 'i.firm_id')
    .leftJoin('invoice_sync_state as s', 's.invoice_id', 'i.id')
    .select([shownStatus.as('status'), sql<string>`count(*)`.as('count')])
    .groupBy(sql`1`)
    .execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}

/** Which of these ids are the firm's invoices that can be synced now (`isSyncable`), and which of them offer Sync Now or Sync Again. */
export async function syncableInvoices(
  db: Db,
  firmId: string,
  ids?: readonly string[],
): Promise<Array<{ id: string; number: string; action: boolean }>> {
  let query = invoiceRows(db, firmId).where(syncable);
  if (ids) query = query.where('i.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  const rows = await query.orderBy('i.id').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    action: syncAction(r.sync_status, r.qbo_invoice_id, r.status) !== null,
  }));
}

/** Our invoice posted as this QBO invoice, if any. */
export async function invoiceForQboInvoice(db: Db, firmId: string, qboInvoiceId: string): Promise<string | undefined> {
  return (
    await db
      .selectFrom('invoice_sync_state')
      .select('invoice_id')
      .where('firm_id', '=', firmId)
      .where('qbo_invoice_id', '=', qboInvoiceId)
      .executeTakeFirst()
  )?.invoice_id;
}
