import type { Selectable } from 'kysely';
import type { DriftFinding, DriftFix, DriftKind } from '../../domain/drift.js';
import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { DriftFindingsTable, DriftReportStatus } from '../schema.js';

// The drift report's rows: reports, their findings, and which findings are fixed.

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

/**
 * A report still marked running this long after it started lost its workflow (terminated from outside, or
 * its history deleted): a firm's whole company is read in minutes, so it no longer blocks the next one.
 */
export const ABANDONED_AFTER_MS = 60 * 60_000;

/** A new running report, or the id of the one already running for the firm (at most one runs at a time). */
export async function beginDriftReport(
  db: Db,
  firmId: string,
  id: string = newId(),
): Promise<{ started: true; id: string } | { started: false; id: string }> {
  await db
    .updateTable('drift_reports')
    .set({ status: 'failed', finished_at: new Date(), error: 'Abandoned: its run stopped without finishing' })
    .where('firm_id', '=', firmId)
    .where('status', '=', 'running')
    .where('started_at', '<', new Date(Date.now() - ABANDONED_AFTER_MS))
    .execute();
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

function toFinding(row: Omit<Selectable<DriftFindingsTable>, 'firm_id'>): StoredFinding {
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
