import { getConnection, saveCdcCursor } from '../db/queries/connections.js';
import { getFirm } from '../db/queries/firms.js';
import { invoiceForQboInvoice } from '../db/queries/invoices.js';
import { removeQboPayment, upsertQboPayment } from '../db/queries/payments.js';
import { qboAmountToCents } from '../domain/money.js';
import { recordSyncLog, type QboPaymentVersion, type SyncLogEvent } from '../domain/sync-log-events.js';
import type { QboClient } from '../quickbooks/client.js';
import { QboError } from '../quickbooks/errors.js';
import { listAll } from '../quickbooks/listing.js';
import { changedSince } from '../quickbooks/query.js';
import type { DeletedStub, Payment } from '../quickbooks/wire-types.js';
import { notifyPaymentPosted } from '../temporal/invoice-sync.js';
import type { ActivityInput } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { withQboFailures } from './failures.js';
import { activityOrigin } from './sync-log-origin.js';

const isDeleted = (record: Payment | DeletedStub): record is DeletedStub =>
  'status' in record && record.status === 'Deleted';
/** A voided QBO payment stays, zeroed, with "Voided" in front of its note. */
const isVoided = (payment: Payment) => payment.TotalAmt === 0 && /^Voided/i.test(payment.PrivateNote ?? '');

/** CDC looks back 30 days at most (a day's margin); a first poll starts no earlier than the firm's activation. */
const LOOKBACK_MS = 29 * 24 * 3600_000;

const CLOCK_MARGIN_MS = 5 * 60_000;

const latestChange = (records: Array<Payment | DeletedStub>): string | undefined =>
  records
    .map((r) => r.MetaData?.LastUpdatedTime)
    .filter((t): t is string => !!t)
    .reduce<string | undefined>((latest, t) => (latest && Date.parse(latest) >= Date.parse(t) ? latest : t), undefined);

export function reconcileActivities(deps: ActivityDeps) {
  /**
   * One sync-log line per change of a payment: keyed by the QBO payment, its version and the invoice, so a
   * change announced twice (webhook and CDC, or a repeated webhook) is logged once.
   */
  const log = (event: SyncLogEvent) => recordSyncLog(deps.db, event, activityOrigin());
  const version = (record: Payment | DeletedStub): QboPaymentVersion => ({
    id: record.Id,
    syncToken: 'SyncToken' in record ? (record.SyncToken ?? null) : null,
  });

  /** An invoice without a running workflow is skipped; any other failure fails the activity. */
  const tellInvoice = async (firmId: string, invoiceId: string, qboPaymentId: string, amountCents: number) => {
    if (deps.temporal) await notifyPaymentPosted(deps.temporal, firmId, invoiceId, { qboPaymentId, amountCents });
  };

  /** Brings the billing side in line with one QBO payment: each invoice it pays, once; gone when voided or deleted. */
  async function applyPayment(firmId: string, record: Payment | DeletedStub): Promise<number> {
    if (isDeleted(record) || isVoided(record)) {
      const removed = await removeQboPayment(deps.db, firmId, record.Id);
      for (const invoiceId of removed)
        await log({
          kind: 'qbo_payment_removed',
          firmId,
          qboPayment: version(record),
          invoiceId,
          how: isDeleted(record) ? 'deleted' : 'voided',
        });
      return removed.length;
    }
    const paid: string[] = [];
    let applied = 0;
    for (const line of record.Line) {
      for (const link of line.LinkedTxn.filter((l) => l.TxnType === 'Invoice')) {
        const invoiceId = await invoiceForQboInvoice(deps.db, firmId, link.TxnId);
        if (!invoiceId) {
          await log({ kind: 'payment_ignored', firmId, qboPayment: version(record), qboInvoiceId: link.TxnId });
          continue;
        }
        const amountCents = qboAmountToCents(line.Amount);
        const outcome = await upsertQboPayment(deps.db, {
          firmId,
          invoiceId,
          qboPaymentId: record.Id,
          amountCents,
          date: record.TxnDate,
          reference: record.PaymentRefNum ?? null,
        });
        paid.push(invoiceId);
        if (outcome === 'unchanged') continue;
        applied++;
        await log({
          kind: outcome === 'created' ? 'payment_received' : 'payment_changed',
          firmId,
          qboPayment: version(record),
          invoiceId,
          amountCents,
        });
        await tellInvoice(firmId, invoiceId, record.Id, amountCents);
      }
    }
    // Lines taken off the payment in QBO take their share off those invoices here.
    for (const invoiceId of await removeQboPayment(deps.db, firmId, record.Id, paid)) {
      applied++;
      await log({ kind: 'payment_unlinked', firmId, qboPayment: version(record), invoiceId });
    }
    return applied;
  }

  /**
   * Every payment change since `since`, by CDC. An answer holding QBO's most objects may have been cut, so
   * the next asks again from its latest change (seen twice, applied once) until an answer is whole.
   */
  async function changesSince(
    firmId: string,
    qbo: QboClient,
    since: string,
  ): Promise<{ cursor: string; applied: number }> {
    let applied = 0;
    for (let from = since; ;) {
      const { changes, time } = await qbo.changesSince(['Payment'], from);
      for (const { record } of changes) applied += await applyPayment(firmId, record);
      if (changes.length < deps.quickbooks.settings.cdcMaxObjects) return { cursor: time, applied };
      const latest = latestChange(changes.map((c) => c.record));
      // A full answer whose changes all share one moment cannot be paged by time: read that window whole.
      if (!latest || Date.parse(latest) <= Date.parse(from)) {
        const reread = await rereadSince(firmId, qbo, from);
        return { cursor: time, applied: applied + reread.applied };
      }
      from = latest;
      await saveCdcCursor(deps.db, firmId, from);
    }
  }

  /**
   * CDC cannot reach this far back: every payment changed since then, read by query instead. Deletions in
   * that gap are invisible to a query; the billing side keeps those until a bookkeeper's next change.
   */
  async function rereadSince(
    firmId: string,
    qbo: QboClient,
    since: string,
  ): Promise<{ cursor: string; applied: number }> {
    // The next CDC starts a little before this read, by this machine's clock, so a skew with QBO's loses
    // nothing; what it sees twice is applied once.
    const cursor = new Date(Date.now() - CLOCK_MARGIN_MS).toISOString();
    let applied = 0;
    for (const payment of await listAll(qbo, 'Payment', changedSince(since)))
      applied += await applyPayment(firmId, payment);
    return { cursor, applied };
  }

  return {
    /** The CDC backstop: everything changed since the cursor, applied; the new cursor is QBO's own time. */
    async pollQboChanges(
      input: ActivityInput<'pollQboChanges'>,
    ): Promise<{ active: boolean; cursor: string | null; applied: number }> {
      const firm = await getFirm(deps.db, input.firmId);
      const connection = await getConnection(deps.db, input.firmId);
      if (!firm?.active || firm.sync_model !== 2) return { active: false, cursor: input.since, applied: 0 };
      if (connection?.status !== 'connected') return { active: true, cursor: input.since, applied: 0 };
      return withQboFailures(async () => {
        const { qbo } = await deps.quickbooks.forFirm(input.firmId);
        const reach = Date.now() - LOOKBACK_MS;
        const floor = Math.max(firm.activated_at?.getTime() ?? 0, reach);
        const since = input.since ?? connection.cdc_cursor ?? new Date(floor).toISOString();
        const { cursor, applied } =
          Date.parse(since) < reach
            ? await rereadSince(input.firmId, qbo, since)
            : await changesSince(input.firmId, qbo, since);
        await saveCdcCursor(deps.db, input.firmId, cursor);
        return { active: true, cursor, applied };
      });
    },

    /** What webhooks announced: each Payment is read fresh from QBO (webhooks carry ids only) and applied. */
    async applyQboChanges(input: ActivityInput<'applyQboChanges'>): Promise<{ applied: number }> {
      return withQboFailures(async () => {
        const { qbo } = await deps.quickbooks.forFirm(input.firmId);
        const payments = [
          ...new Map(input.changes.filter((c) => c.entity === 'Payment').map((c) => [c.id, c])).values(),
        ];
        let applied = 0;
        for (const change of payments) {
          const record = await qbo.read('Payment', change.id).catch((error: unknown): DeletedStub => {
            if (error instanceof QboError && error.kind === 'not_found')
              return { Id: change.id, status: 'Deleted', MetaData: { LastUpdatedTime: change.occurredAt } };
            throw error;
          });
          applied += await applyPayment(input.firmId, record);
        }
        return { applied };
      });
    },
  };
}
