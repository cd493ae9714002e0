import { sql } from 'kysely';
import type { BillingInvoiceFacts } from '../../domain/drift.js';
import type { FeeItemSnapshot, PayerSnapshot } from '../../domain/snapshots.js';
import type { Db } from '../database.js';
import { payerSnapshot } from './payers.js';

// The billing side of a drift report's comparison, read in bulk: what the product posted or mapped, and
// what changed in billing since the last report.

/** Posted invoices (and their posted billing payments) whose billing side changed at or after `since`. */
export async function invoicesChangedSince(db: Db, firmId: string, since: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('invoice_sync_state as s')
    .innerJoin('invoices as i', 'i.id', 's.invoice_id')
    .select('s.invoice_id')
    .where('s.firm_id', '=', firmId)
    .where('s.qbo_invoice_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('i.updated_at', '>=', since),
        eb('s.updated_at', '>=', since),
        eb.exists(
          eb
            .selectFrom('payments as p')
            .select(sql.lit(1).as('one'))
            .whereRef('p.invoice_id', '=', 'i.id')
            .where((pb) => pb.or([pb('p.received_at', '>=', since), pb('p.voided_at', '>=', since)])),
        ),
      ]),
    )
    .execute();
  return rows.map((r) => r.invoice_id);
}

/** Our invoices posted as these QBO invoices, or paid by these QBO payments (billing's own, posted by us). */
export async function invoicesForQboRecords(
  db: Db,
  firmId: string,
  qboInvoiceIds: readonly string[],
  qboPaymentIds: readonly string[],
): Promise<string[]> {
  const ids = new Set<string>();
  if (qboInvoiceIds.length)
    for (const r of await db
      .selectFrom('invoice_sync_state')
      .select('invoice_id')
      .where('firm_id', '=', firmId)
      .where('qbo_invoice_id', 'in', qboInvoiceIds)
      .execute())
      ids.add(r.invoice_id);
  if (qboPaymentIds.length)
    for (const r of await db
      .selectFrom('payments')
      .select('invoice_id')
      .where('firm_id', '=', firmId)
      .where('qbo_payment_id', 'in', qboPaymentIds)
      .execute())
      ids.add(r.invoice_id);
  return [...ids];
}

/**
 * The billing side of every posted invoice (or of those listed): number, state, whether QBO holds its
 * latest revision, its payer's and fee items' QBO ids in this realm, lines, and billing payments posted to QBO.
 */
export async function postedInvoiceFacts(
  db: Db,
  firmId: string,
  realmId: string,
  invoiceIds?: readonly string[],
): Promise<BillingInvoiceFacts[]> {
  if (invoiceIds && invoiceIds.length === 0) return [];
  let query = db
    .selectFrom('invoices as i')
    .innerJoin('invoice_sync_state as s', 's.invoice_id', 'i.id')
    .innerJoin('payers as py', 'py.id', 'i.payer_id')
    .leftJoin('payer_mappings as pm', (join) =>
      join.onRef('pm.local_id', '=', 'i.payer_id').on('pm.firm_id', '=', firmId).on('pm.realm_id', '=', realmId),
    )
    .select([
      'i.id',
      'i.number',
      'i.status',
      'i.revision',
      's.synced_revision',
      's.qbo_invoice_id',
      'i.total_cents',
      'i.invoice_date',
      'i.due_date',
      'pm.qbo_id as customer_qbo_id',
      sql<string>`case when py.type = 'corporation' then coalesce(py.company_name, '') else concat_ws(' ', py.first_name, py.last_name) end`.as(
        'payer_name',
      ),
    ])
    .where('i.firm_id', '=', firmId)
    .where('s.qbo_invoice_id', 'is not', null);
  if (invoiceIds) query = query.where('i.id', 'in', invoiceIds);
  const invoices = await query.orderBy('i.id').execute();
  if (invoices.length === 0) return [];
  const ids = invoices.map((i) => i.id);
  const lines = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('fee_items as fi', 'fi.id', 'l.fee_item_id')
    .leftJoin('fee_item_mappings as fm', (join) =>
      join.onRef('fm.local_id', '=', 'l.fee_item_id').on('fm.firm_id', '=', firmId).on('fm.realm_id', '=', realmId),
    )
    .select(['l.invoice_id', 'l.quantity', 'l.amount_cents', 'fi.name', 'fm.qbo_id'])
    .where('l.invoice_id', 'in', ids)
    .orderBy('l.invoice_id')
    .orderBy('l.line_no')
    .execute();
  const payments = await db
    .selectFrom('payments')
    .select(['id', 'invoice_id', 'qbo_payment_id', 'applied_cents', 'amount_cents'])
    .where('invoice_id', 'in', ids)
    .where('source', '=', 'billing')
    .where('voided_at', 'is', null)
    .where('qbo_sync_status', '=', 'synced')
    .where('qbo_payment_id', 'is not', null)
    .orderBy('id')
    .execute();
  return invoices.map((i) => ({
    invoiceId: i.id,
    number: i.number,
    status: i.status === 'void' ? 'void' : 'open',
    inSync: i.synced_revision === i.revision,
    qboInvoiceId: i.qbo_invoice_id!,
    customer: { qboId: i.customer_qbo_id ?? null, name: i.payer_name },
    totalCents: Number(i.total_cents),
    invoiceDate: i.invoice_date,
    dueDate: i.due_date,
    lines: lines
      .filter((l) => l.invoice_id === i.id)
      .map((l) => ({
        qboItemId: l.qbo_id ?? null,
        itemName: l.name,
        quantity: l.quantity,
        amountCents: Number(l.amount_cents),
      })),
    payments: payments
      .filter((p) => p.invoice_id === i.id)
      .map((p) => ({
        paymentId: p.id,
        qboPaymentId: p.qbo_payment_id!,
        appliedCents: Number(p.applied_cents ?? p.amount_cents),
      })),
  }));
}

/** Which local ids of this kind are mapped to these QBO records, or changed (or were mapped) at or after `since`. */
export async function mappedEntitiesTouched(
  db: Db,
  firmId: string,
  realmId: string,
  kind: 'payer' | 'fee_item',
  touched: { qboIds: readonly string[]; since: Date },
): Promise<string[]> {
  const base =
    kind === 'payer'
      ? db.selectFrom('payer_mappings as m').innerJoin('payers as r', 'r.id', 'm.local_id')
      : db.selectFrom('fee_item_mappings as m').innerJoin('fee_items as r', 'r.id', 'm.local_id');
  const rows = await base
    .select('m.local_id')
    .where('m.firm_id', '=', firmId)
    .where('m.realm_id', '=', realmId)
    .where('m.qbo_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('m.created_at', '>=', touched.since),
        eb('r.updated_at', '>=', touched.since),
        ...(touched.qboIds.length ? [eb('m.qbo_id', 'in', touched.qboIds)] : []),
      ]),
    )
    .execute();
  return rows.map((r) => r.local_id);
}

export interface MappedPayer {
  payer: PayerSnapshot;
  qboId: string;
  created: boolean;
}

export interface MappedFeeItem {
  feeItem: Pick<FeeItemSnapshot, 'id' | 'name'>;
  qboId: string;
  created: boolean;
}

/** Mapping sources where the product made the QBO record, so billing's name is its name. */
const MADE_BY_PRODUCT = ['created', 'create_new'] as const;

/** The firm's payers mapped to a QBO customer in this realm (all, or those listed). */
export async function mappedPayers(
  db: Db,
  firmId: string,
  realmId: string,
  payerIds?: readonly string[],
): Promise<MappedPayer[]> {
  if (payerIds && payerIds.length === 0) return [];
  let query = db
    .selectFrom('payer_mappings as m')
    .innerJoin('payers as p', 'p.id', 'm.local_id')
    .selectAll('p')
    .select(['m.qbo_id as mapped_qbo_id', 'm.source as mapping_source'])
    .where('m.firm_id', '=', firmId)
    .where('m.realm_id', '=', realmId)
    .where('m.qbo_id', 'is not', null);
  if (payerIds) query = query.where('p.id', 'in', payerIds);
  const rows = await query.orderBy('p.id').execute();
  return rows.map((row) => ({
    payer: payerSnapshot(row),
    qboId: row.mapped_qbo_id!,
    created: (MADE_BY_PRODUCT as readonly string[]).includes(row.mapping_source),
  }));
}

/** The firm's fee items mapped to a QBO item in this realm (all, or those listed). */
export async function mappedFeeItems(
  db: Db,
  firmId: string,
  realmId: string,
  feeItemIds?: readonly string[],
): Promise<MappedFeeItem[]> {
  if (feeItemIds && feeItemIds.length === 0) return [];
  let query = db
    .selectFrom('fee_item_mappings as m')
    .innerJoin('fee_items as f', 'f.id', 'm.local_id')
    .select(['f.id', 'f.name', 'm.qbo_id', 'm.source'])
    .where('m.firm_id', '=', firmId)
    .where('m.realm_id', '=', realmId)
    .where('m.qbo_id', 'is not', null);
  if (feeItemIds) query = query.where('f.id', 'in', feeItemIds);
  const rows = await query.orderBy('f.id').execute();
  return rows.map((row) => ({
    feeItem: { id: row.id, name: row.name },
    qboId: row.qbo_id!,
    created: (MADE_BY_PRODUCT as readonly string[]).includes(row.source),
  }));
}
