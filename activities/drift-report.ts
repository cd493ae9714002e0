import { getConnection } from '../db/queries/connections.js';
import {
  invoicesChangedSince,
  invoicesForQboRecords,
  mappedEntitiesTouched,
  mappedFeeItems,
  mappedPayers,
  postedInvoiceFacts,
} from '../db/queries/drift-inputs.js';
import {
  beginDriftReport,
  completeDriftReport,
  failDriftReport,
  openFindingEntities,
  previousDriftReport,
} from '../db/queries/drift-reports.js';
import {
  compareEntity,
  compareInvoice,
  countByKind,
  type DriftFinding,
  type QboPaymentFacts,
  type Read,
} from '../domain/drift.js';
import { recordSyncLog } from '../domain/sync-log-events.js';
import type { QboClient } from '../quickbooks/client.js';
import {
  customerFacts,
  expectedCustomer,
  expectedItemName,
  invoiceFacts,
  isDeletedStub,
  itemFacts,
  paymentFacts,
  readByIds,
} from '../quickbooks/drift-facts.js';
import type { ActivityInput } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import { activityOrigin } from './sync-log-origin.js';

/** CDC reaches back 30 days; a day's margin. */
const CDC_REACH_MS = 29 * 24 * 3600_000;
/** A full read's cursor starts a little before it by this machine's clock, so a skew with QBO's loses nothing. */
const CLOCK_MARGIN_MS = 5 * 60_000;

const CDC_ENTITIES = ['Invoice', 'Payment', 'Customer', 'Item'] as const;

/** What to compare: everything, or only what changed on either side since the previous report (and what it found). */
interface Scope {
  full: boolean;
  since: string | null;
  cursor: string;
  invoiceIds?: string[];
  payerIds?: string[];
  feeItemIds?: string[];
}

const union = (...lists: string[][]) => [...new Set(lists.flat())];

export function driftReportActivities(deps: ActivityDeps) {
  /**
   * The previous report's CDC cursor, when CDC still reaches it: QBO's changes since then (deleted records
   * as stubs) plus billing's own changes since that report started, plus whatever it found still open. A
   * CDC answer at QBO's cap may have been cut, so the report reads everything instead.
   */
  async function scopeOf(firmId: string, realmId: string, reportId: string, qbo: QboClient): Promise<Scope> {
    const fullScope = (): Scope => ({
      full: true,
      since: null,
      cursor: new Date(Date.now() - CLOCK_MARGIN_MS).toISOString(),
    });
    const previous = await previousDriftReport(deps.db, firmId, reportId);
    if (!previous?.cdcCursor || Date.parse(previous.cdcCursor) < Date.now() - CDC_REACH_MS) return fullScope();
    const { changes, time } = await qbo.changesSince([...CDC_ENTITIES], previous.cdcCursor);
    if (changes.length >= deps.quickbooks.settings.cdcMaxObjects) return fullScope();
    const ids = (entity: (typeof CDC_ENTITIES)[number]) =>
      changes.filter((c) => c.entity === entity).map((c) => c.record.Id);
    // A payment's invoices are the ones it paid (a deleted payment's stub says nothing: ours are found by id).
    const paidInvoices = changes.flatMap((c) =>
      c.entity === 'Payment' && !isDeletedStub(c.record)
        ? Object.keys(paymentFacts(c.record as Parameters<typeof paymentFacts>[0]).appliedByInvoice)
        : [],
    );
    const open = await openFindingEntities(deps.db, previous.id);
    const since = previous.startedAt;
    const touched = (kind: 'payer' | 'fee_item', entity: 'Customer' | 'Item') =>
      mappedEntitiesTouched(deps.db, firmId, realmId, kind, { qboIds: ids(entity), since });
    return {
      full: false,
      since: previous.cdcCursor,
      cursor: time,
      invoiceIds: union(
        await invoicesForQboRecords(deps.db, firmId, [...ids('Invoice'), ...paidInvoices], ids('Payment')),
        await invoicesChangedSince(deps.db, firmId, since),
        open.invoiceIds,
      ),
      payerIds: union(await touched('payer', 'Customer'), open.payerIds),
      feeItemIds: union(await touched('fee_item', 'Item'), open.feeItemIds),
    };
  }

  /** Every posted invoice in scope against QuickBooks' copy and its billing payments against QBO's. */
  async function invoiceFindings(
    firmId: string,
    realmId: string,
    qbo: QboClient,
    scope: Scope,
  ): Promise<{ findings: DriftFinding[]; checked: number }> {
    const invoices = await postedInvoiceFacts(deps.db, firmId, realmId, scope.invoiceIds);
    const qboInvoices = await readByIds(
      qbo,
      'Invoice',
      invoices.map((i) => i.qboInvoiceId),
    );
    const qboPayments = await readByIds(
      qbo,
      'Payment',
      invoices.flatMap((i) => i.payments.map((p) => p.qboPaymentId)),
    );
    const payments = new Map<string, Read<QboPaymentFacts>>(
      invoices.flatMap((i) =>
        i.payments.map((p): [string, Read<QboPaymentFacts>] => {
          const found = qboPayments.get(p.qboPaymentId);
          return [p.qboPaymentId, found ? paymentFacts(found) : null];
        }),
      ),
    );
    const findings = invoices.flatMap((invoice) => {
      const found = qboInvoices.get(invoice.qboInvoiceId);
      return compareInvoice(invoice, found ? invoiceFacts(found) : null, payments);
    });
    return { findings, checked: invoices.length };
  }

  /** Mapped payers and fee items in scope against their QuickBooks customers and items. */
  async function entityFindings(
    firmId: string,
    realmId: string,
    qbo: QboClient,
    scope: Scope,
  ): Promise<{ findings: DriftFinding[]; checked: number }> {
    const payers = await mappedPayers(deps.db, firmId, realmId, scope.payerIds);
    const feeItems = await mappedFeeItems(deps.db, firmId, realmId, scope.feeItemIds);
    const customers = await readByIds(
      qbo,
      'Customer',
      payers.map((p) => p.qboId),
    );
    const items = await readByIds(
      qbo,
      'Item',
      feeItems.map((f) => f.qboId),
    );
    const findings = [
      ...payers.flatMap(({ payer, qboId, created }) => {
        const expected = expectedCustomer(payer);
        const found = customers.get(qboId);
        return compareEntity(
          { entityType: 'payer', localId: payer.id, label: expected.name, qboId, created, ...expected },
          found ? customerFacts(found) : null,
        );
      }),
      ...feeItems.flatMap(({ feeItem, qboId, created }) => {
        const name = expectedItemName(feeItem);
        const found = items.get(qboId);
        return compareEntity(
          { entityType: 'fee_item', localId: feeItem.id, label: name, qboId, created, name },
          found ? itemFacts(found) : null,
        );
      }),
    ];
    return { findings, checked: payers.length + feeItems.length };
  }

  return {
    /** The report's row: the one the API made, or a new one for a scheduled run; null while another runs. */
    async beginDriftReport(input: ActivityInput<'beginDriftReport'>): Promise<{ reportId: string } | null> {
      if (input.reportId) return { reportId: input.reportId };
      const begun = await beginDriftReport(deps.db, input.firmId);
      return begun.started ? { reportId: begun.id } : null;
    },

    /**
     * Reads QuickBooks in bulk (CDC, then `Id IN (...)` pages; every call through the realm gate), compares,
     * and stores the findings with the cursor the next run starts from. A retry starts the comparison over.
     */
    async collectDrift(input: ActivityInput<'collectDrift'>): Promise<{ findings: number; full: boolean }> {
      const { firmId, reportId } = input;
      const connection = await getConnection(deps.db, firmId);
      if (connection?.status !== 'connected')
        throw billingDataFailure(
          'not_connected',
          'QuickBooks is not connected',
          'Reconnect QuickBooks, then run it again.',
        );
      return withQboFailures(async () => {
        const { qbo } = await deps.quickbooks.forFirm(firmId);
        const realmId = connection.realm_id;
        const scope = await scopeOf(firmId, realmId, reportId, qbo);
        const invoices = await invoiceFindings(firmId, realmId, qbo, scope);
        const entities = await entityFindings(firmId, realmId, qbo, scope);
        const findings = [...invoices.findings, ...entities.findings];
        const checked = invoices.checked + entities.checked;
        await completeDriftReport(deps.db, firmId, reportId, {
          fullRead: scope.full,
          cdcSince: scope.since,
          cdcCursor: scope.cursor,
          checked,
          counts: countByKind(findings),
          findings,
        });
        await recordSyncLog(
          deps.db,
          {
            kind: 'drift_report_completed',
            firmId,
            reportId,
            findings: findings.length,
            checked,
            fullRead: scope.full,
          },
          activityOrigin(),
        );
        return { findings: findings.length, full: scope.full };
      });
    },

    async failDriftReport(input: ActivityInput<'failDriftReport'>): Promise<void> {
      await failDriftReport(deps.db, input.reportId, input.error);
      await recordSyncLog(
        deps.db,
        { kind: 'drift_report_failed', firmId: input.firmId, reportId: input.reportId, error: input.error },
        activityOrigin(),
      );
    },
  };
}
