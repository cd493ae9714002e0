import { sql } from 'kysely';
import type { BillingInvoiceFacts, DriftFinding, DriftFix, DriftKind } from '../../domain/drift.js';
import type { FeeItemSnapshot, PayerSnapshot } from '../../domain/snapshots.js';
import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { DriftReportStatus } from '../schema.js';
import { payerSnapshot } from './payers.js';

// The drift report's rows, and the billing side of its comparison read in bulk.

export interface DriftReportRow {
  id: string;
  status: DriftReportStatus;
  startedAt: Date;
  finishedAt: Date | null;
  fullRead: boolean | null;
  checked: number;
  counts: Record<string, number>;
  error: string | null;
}

export interface StoredFinding extends DriftFinding {
  id: string;
  reportId: string;
  fixedAt: Date | null;
  fixedWith: string | null;
}

const UNIQUE_VIOLATION = '23505';

/** A new running report, or the id of the one already running for the firm (at most one runs at a time). */
export async function beginDriftReport(
  db: Db,
  firmId: string,
  id: string = newId(),
): Promise<{ started: true; id: string } | { started: false; id: string }> {
  try {
    await db.insertInto('drift_reports').values({ id, firm_id: firmId, status: 'running' }).execute();
    return { started: true, id };
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    const running = await db
      .selectFrom('drift_reports')
      .select('id')
      .where('firm_id', '=', firmId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (!running) throw error;
    return { started: false, id: running.id };
  }
}

/** The report this one continues from: the firm's latest completed one, with where its reading ended. */
export async function previousDriftReport(
  db: Db,
  firmId: string,
  beforeId: string,
): Promise<{ id: string; startedAt: Date; cdcCursor: string | null } | undefined> {
  const row = await db
    .selectFrom('drift_reports')
    .select(['id', 'started_at', 'cdc_cursor'])
    .where('firm_id', '=', firmId)
    .where('status', '=', 'completed')
    .where('id', '!=', beforeId)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, startedAt: row.started_at, cdcCursor: row.cdc_cursor };
}

/** Stores a run's findings (a retried run's replace its earlier ones) and completes it. */
export async function completeDriftReport(
  db: Db,
  firmId: string,
  reportId: string,
  result: {
    fullRead: boolean;
    cdcSince: string | null;
    cdcCursor: string;
    checked: number;
    counts: Record<DriftKind, number>;
    findings: DriftFinding[];
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('drift_findings').where('report_id', '=', reportId).execute();
    for (let i = 0; i < result.findings.length; i += 500)
      await trx
        .insertInto('drift_findings')
        .values(
          result.findings.slice(i, i + 500).map((f) => ({
            id: newId(),
            report_id: reportId,
            firm_id: firmId,
            kind: f.kind,
            entity_type: f.entityType,
            entity_id: f.entityId,
            entity_label: f.label,
            qbo_id: f.qboId,
            field: f.field,
            billing_value: f.billingValue,
            quickbooks_value: f.quickbooksValue,
            fixes: f.fixes,
          })),
        )
        .execute();
    await trx
      .updateTable('drift_reports')
      .set({
        status: 'completed',
        finished_at: new Date(),
        full_read: result.fullRead,
        cdc_since: result.cdcSince,
        cdc_cursor: result.cdcCursor,
        checked: result.checked,
        counts: JSON.stringify(result.counts),
      })
      .where('id', '=', reportId)
      .execute();
  });
}

export async function failDriftReport(db: Db, reportId: string, error: string): Promise<void> {
  await db
    .updateTable('drift_reports')
    .set({ status: 'failed', finished_at: new Date(), error: error.slice(0, 2000) })
    .where('id', '=', reportId)
    .where('status', '=', 'running')
    .execute();
}

function toFinding(row: {
  id: string;
  report_id: string;
  kind: string;
  entity_type: DriftFinding['entityType'];
  entity_id: string;
  entity_label: string;
  qbo_id: string | null;
  field: string;
  billing_value: string | null;
  quickbooks_value: string | null;
  fixes: string[];
  fixed_at: Date | null;
  fixed_with: string | null;
}): StoredFinding {
  return {
    id: row.id,
    reportId: row.report_id,
    kind: row.kind as DriftKind,
    entityType: row.entity_type,
    entityId: row.entity_id,
    label: row.entity_label,
    qboId: row.qbo_id,
    field: row.field,
    billingValue: row.billing_value,
    quickbooksValue: row.quickbooks_value,
    fixes: row.fixes as DriftFix[],
    fixedAt: row.fixed_at,
    fixedWith: row.fixed_with,
  };
}

/** The firm's latest report (running or not) with its findings. */
export async function latestDriftReport(
  db: Db,
  firmId: string,
): Promise<{ report: DriftReportRow; findings: StoredFinding[] } | undefined> {
  const row = await db
    .selectFrom('drift_reports')
    .selectAll()
    .where('firm_id', '=', firmId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const findings = await db
    .selectFrom('drift_findings')
    .selectAll()
    .where('report_id', '=', row.id)
    .orderBy('kind')
    .orderBy('entity_label')
    .orderBy('id')
    .execute();
  return {
    report: {
      id: row.id,
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      fullRead: row.full_read,
      checked: row.checked,
      counts: row.counts,
      error: row.error,
    },
    findings: findings.map(toFinding),
  };
}

export async function getDriftFinding(db: Db, firmId: string, findingId: string): Promise<StoredFinding | undefined> {
  const row = await db
    .selectFrom('drift_findings')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('id', '=', findingId)
    .executeTakeFirst();
  return row && toFinding(row);
}

/**
 * Marks a finding fixed, with every other open finding of its report that the same action fixed with it
 * (a Sync Again overwrites all of an invoice's edited fields at once).
 */
export async function markDriftFixed(db: Db, finding: StoredFinding, action: DriftFix, whole: boolean): Promise<void> {
  let query = db
    .updateTable('drift_findings')
    .set({ fixed_at: new Date(), fixed_with: action })
    .where('report_id', '=', finding.reportId)
    .where('fixed_at', 'is', null);
  query = whole
    ? query.where('entity_id', '=', finding.entityId).where('kind', '=', finding.kind)
    : query.where('id', '=', finding.id);
  await query.execute();
}

/** Entities an earlier report found drifted and nobody fixed through it: checked again whatever changed. */
export async function openFindingEntities(
  db: Db,
  reportId: string,
): Promise<{ invoiceIds: string[]; payerIds: string[]; feeItemIds: string[] }> {
  const rows = await db
    .selectFrom('drift_findings as f')
    .leftJoin('payments as p', (join) => join.onRef('p.id', '=', 'f.entity_id').on('f.entity_type', '=', 'payment'))
    .select(['f.entity_type', 'f.entity_id', 'p.invoice_id'])
    .where('f.report_id', '=', reportId)
    .execute();
  const of = (type: string) => rows.filter((r) => r.entity_type === type).map((r) => r.entity_id);
  return {
    invoiceIds: [...of('invoice'), ...rows.flatMap((r) => (r.invoice_id ? [r.invoice_id] : []))],
    payerIds: of('payer'),
    feeItemIds: of('fee_item'),
  };
}

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

/**
 * A billing payment QuickBooks lost goes back to waiting to be posted, under a new generation so its
 * requestid is new (QBO would otherwise replay the first create's answer: the deleted payment).
 */
export async function requeueLostPayment(db: Db, firmId: string, paymentId: string): Promise<string | undefined> {
  const row = await db
    .updateTable('payments')
    .set((eb) => ({
      qbo_payment_id: null,
      qbo_sync_status: 'pending',
      applied_cents: null,
      qbo_generation: eb('qbo_generation', '+', 1),
    }))
    .where('firm_id', '=', firmId)
    .where('id', '=', paymentId)
    .where('source', '=', 'billing')
    .where('voided_at', 'is', null)
    .returning('invoice_id')
    .executeTakeFirst();
  return row?.invoice_id;
}

/** Takes QuickBooks' email into billing: the billing person's of a corporation that has one, else the payer's. */
export async function acceptPayerEmail(db: Db, firmId: string, payerId: string, email: string): Promise<boolean> {
  const row = await db
    .updateTable('payers')
    .set({
      email: sql<
        string | null
      >`case when type = 'corporation' and billing_person is not null then email else ${email} end`,
      billing_person: sql<
        string | null
      >`case when type = 'corporation' and billing_person is not null then jsonb_set(billing_person, '{email}', to_jsonb(${email}::text)) else billing_person end`,
      updated_at: new Date(),
    })
    .where('firm_id', '=', firmId)
    .where('id', '=', payerId)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}
