import type { Db } from '../db/database.js';
import { appendSyncLog } from '../db/queries/sync-log.js';
import type { LogLevel, NewSyncLogEntry, SyncError } from '../db/schema.js';
import { centsToMoney } from './money.js';

// The sync log (the Sync Log Report): every event it records, what each one says, and the one way to
// record one. Activities, the API's services and the QuickBooks client's caller record through
// `recordSyncLog`; nothing else writes a sync_log row. Workflows never record (their activities do). The one
// exception is a sync pass's own steps, which write `syncLogEntry` with their state change in one
// statement (db/queries/sync-state.ts `changeSyncState`).

/** The QuickBooks side of a payer (a customer) or of a fee item (an item). */
export type QboSide = 'customer' | 'item';

/** How a payer or fee item became a QuickBooks reference during a sync. */
export type ResolvedVia = 'mapped' | 'found' | 'created';

/** A QuickBooks payment in the version a change announced: the same change announced twice is logged once. */
export interface QboPaymentVersion {
  id: string;
  /** null for a payment deleted in QuickBooks. */
  syncToken: string | null;
}

type Event<Kind extends string, Fields> = { kind: Kind; firmId: string } & Fields;

/** A payer or fee item (`name` as billing has it) and the QuickBooks record it is mapped to. */
type EntityRef = { side: QboSide; localId: string; name: string; qboId: string };

/** What became of a mapped QuickBooks customer or item when billing edited its payer or fee item. */
export type EntityUpdateResult = 'updated' | 'unchanged' | 'differs' | 'update_failed';

export type SyncLogEvent =
  // A sync pass of one invoice.
  | Event<'sync_started', { invoiceId: string; number: string; revision: number }>
  | Event<
      'sync_completed' | 'sync_unchanged',
      { invoiceId: string; number: string; revision: number; qboInvoiceId: string }
    >
  | Event<'sync_held', { invoiceId: string; number: string; reasons: string[] }>
  | Event<'sync_failed', { invoiceId: string; number: string; error: SyncError }>
  // The invoice written to QuickBooks.
  | Event<
      'invoice_created',
      { invoiceId: string; qboInvoiceId: string; docNumber: string; total: number; revision: number }
    >
  | Event<'invoice_linked', { invoiceId: string; qboInvoiceId: string; number: string; revision: number }>
  | Event<'invoice_updated', { invoiceId: string; qboInvoiceId: string; total: number; revision: number }>
  | Event<'invoice_voided', { invoiceId: string; qboInvoiceId: string; number: string }>
  // A payer or fee item turned into a QuickBooks reference during a sync, or the invoice held for want of a mapping (`reason`).
  | Event<'resolved', { side: QboSide; localId: string; name: string; qboId: string; via: ResolvedVia; note?: string }>
  | Event<'mapping_needed', { side: QboSide; localId: string; reason: string }>
  // Model 1: a payer's customer or a fee item's item brought along with billing's edits; `fields` name what differs.
  | Event<'entity_updated', EntityRef & { fields: string[]; note?: string }>
  | Event<'entity_unchanged', EntityRef>
  | Event<'entity_differs', EntityRef & { fields: string[] }>
  | Event<'entity_update_failed', EntityRef & { error: SyncError }>
  // A billing payment carried to QuickBooks (Model 1); `paymentId` is ours.
  | Event<
      'payment_posted',
      { paymentId: string; qboPaymentId: string; qboInvoiceId: string; amountCents: number; creditCents: number }
    >
  | Event<'payment_voided', { paymentId: string; qboPaymentId: string }>
  | Event<'payment_refused', { paymentId: string; qboPaymentId: string | null; error: SyncError }>
  // A QuickBooks payment brought to billing (Model 2), per invoice it pays.
  | Event<
      'payment_received' | 'payment_changed',
      { qboPayment: QboPaymentVersion; invoiceId: string; amountCents: number }
    >
  | Event<'qbo_payment_removed', { qboPayment: QboPaymentVersion; invoiceId: string; how: 'deleted' | 'voided' }>
  | Event<'payment_unlinked', { qboPayment: QboPaymentVersion; invoiceId: string }>
  | Event<'payment_ignored', { qboPayment: QboPaymentVersion; qboInvoiceId: string }>
  // Mappings made by people (the API); `qboId` null maps to a new QuickBooks record, created at its next sync.
  | Event<'mapping_set', { side: QboSide; localId: string; qboId: string | null; qboName: string | null }>
  | Event<'mapping_removed', { side: QboSide; localId: string }>
  | Event<'mapping_auto', { side: QboSide; localId: string; localName: string; qboId: string; reason: string }>
  // A drift report (billing compared with QuickBooks), and a person's fix of one of its findings.
  | Event<'drift_report_completed', { reportId: string; findings: number; checked: number; fullRead: boolean }>
  | Event<'drift_report_failed', { reportId: string; error: string }>
  | Event<
      'drift_fixed',
      {
        entityType: 'invoice' | 'payment' | 'payer' | 'fee_item';
        entityId: string;
        label: string;
        findingKind: string;
        action: string;
      }
    >
  // The QuickBooks connection.
  | Event<'quickbooks_connected', { realmId: string; companyName: string }>
  | Event<'quickbooks_disconnected', { realmId: string; companyName: string | null }>
  | Event<'revoke_failed', { realmId: string; reason: string }>
  | Event<'connection_lost', { intuitTid: string | null }>;

/** Every action the Sync Log Report shows. */
export type SyncLogAction =
  | 'sync_started'
  | 'sync_completed'
  | 'sync_unchanged'
  | 'sync_held'
  | 'sync_failed'
  | 'invoice_created'
  | 'invoice_linked'
  | 'invoice_updated'
  | 'invoice_voided'
  | `${QboSide}_${ResolvedVia}`
  | `${QboSide}_mapping_needed`
  | `${QboSide}_${EntityUpdateResult}`
  | 'payment_posted'
  | 'payment_voided'
  | 'payment_refused'
  | 'payment_received'
  | 'payment_changed'
  | 'payment_deleted'
  | 'payment_unlinked'
  | 'payment_ignored'
  | 'mapping_set'
  | 'mapping_removed'
  | 'mapping_auto'
  | 'drift_report_completed'
  | 'drift_report_failed'
  | 'drift_fixed'
  | 'quickbooks_connected'
  | 'quickbooks_disconnected'
  | 'revoke_failed'
  | 'connection_lost';

/**
 * Where an entry was written from: a workflow's activity execution (a retried activity that already
 * logged a step does not log it twice). Left out for the API's entries.
 */
export interface SyncLogOrigin {
  workflowId: string;
  /** The activity execution: `<runId>/<activityId>`. */
  execution: string;
}

interface Described {
  action: SyncLogAction;
  level: LogLevel;
  entityType: 'invoice' | QboSide | 'payment' | 'connection' | 'drift_report';
  entityId: string | null;
  message: string;
  qboId?: string | null;
  intuitTid?: string | null;
  /** A key of the event itself, when it has one (the same change announced twice); otherwise the origin's. */
  eventKey?: string;
}

const LOCAL_NAME: Record<QboSide, string> = { customer: 'payer', item: 'fee item' };
const capitalised = (text: string) => text[0]!.toUpperCase() + text.slice(1);
const failureText = (error: SyncError) => `(${error.code}): ${error.message}${error.hint ? ` ${error.hint}` : ''}`;

/** What a drift fix did, as the finding's buttons say it. */
const FIX_TEXT: Record<string, string> = {
  overwrite: 'QuickBooks overwritten from billing',
  recreate: 'created again in QuickBooks',
  accept: "QuickBooks' change taken into billing",
};

/** e.g. "Created QuickBooks customer 58 for payer José Müller". */
function resolutionText(e: Extract<SyncLogEvent, { kind: 'resolved' }>): string {
  const local = LOCAL_NAME[e.side];
  const line =
    e.via === 'mapped'
      ? `${capitalised(local)} ${e.name} is mapped to QuickBooks ${e.side} ${e.qboId}`
      : e.via === 'found'
        ? `Linked ${local} ${e.name} to existing QuickBooks ${e.side} ${e.qboId}`
        : `Created QuickBooks ${e.side} ${e.qboId} for ${local} ${e.name}`;
  return e.note ? `${line} (${e.note})` : line;
}

type EntityUpdateEvent = Extract<
  SyncLogEvent,
  { kind: 'entity_updated' | 'entity_unchanged' | 'entity_differs' | 'entity_update_failed' }
>;

/** e.g. "Updated QuickBooks customer 58 for payer José Müller: email, address". */
function entityUpdateEntry(e: EntityUpdateEvent): Described {
  const record = `QuickBooks ${e.side} ${e.qboId}`;
  const local = `${LOCAL_NAME[e.side]} ${e.name}`;
  const entry = { entityType: e.side, entityId: e.localId, qboId: e.qboId } as const;
  switch (e.kind) {
    case 'entity_updated':
      return {
        ...entry,
        action: `${e.side}_updated`,
        level: 'info',
        message: `Updated ${record} for ${local}: ${e.fields.join(', ')}${e.note ? ` (${e.note})` : ''}`,
      };
    case 'entity_unchanged':
      return {
        ...entry,
        action: `${e.side}_unchanged`,
        level: 'info',
        message: `${record} already matches ${local}; nothing to send`,
      };
    case 'entity_differs':
      return {
        ...entry,
        action: `${e.side}_differs`,
        level: 'info',
        message: `${record} differs from ${local} in ${e.fields.join(', ')}: left alone, because it was linked to an existing QuickBooks record (the setting updateLinkedRecords keeps linked records equal to billing)`,
      };
    case 'entity_update_failed':
      return {
        ...entry,
        action: `${e.side}_update_failed`,
        level: 'error',
        message: `Updating ${record} for ${local} failed ${failureText(e.error)}`,
        intuitTid: e.error.intuitTid,
      };
  }
}

/** A QuickBooks payment's entry: about the invoice it pays (if ours), keyed by the payment's version. */
function qboPaymentEntry(
  payment: QboPaymentVersion,
  invoiceId: string | null,
  action: SyncLogAction,
  message: string,
): Described {
  const eventKey = `qbo-payment/${payment.id}/${payment.syncToken ?? 'deleted'}/${invoiceId ?? '-'}/${action}`;
  return { action, level: 'info', entityType: 'payment', entityId: invoiceId, message, qboId: payment.id, eventKey };
}

function describe(e: SyncLogEvent): Described {
  switch (e.kind) {
    case 'sync_started':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'invoice',
        entityId: e.invoiceId,
        message: `Sync of invoice ${e.number} revision ${e.revision} started`,
      };
    case 'sync_completed':
    case 'sync_unchanged': {
      const message =
        e.kind === 'sync_unchanged'
          ? `Invoice ${e.number} revision ${e.revision} is already in QuickBooks as invoice ${e.qboInvoiceId}; nothing to send`
          : `Invoice ${e.number} revision ${e.revision} is in QuickBooks as invoice ${e.qboInvoiceId}`;
      return {
        action: e.kind,
        level: 'info',
        entityType: 'invoice',
        entityId: e.invoiceId,
        message,
        qboId: e.qboInvoiceId,
      };
    }
    case 'sync_held':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'invoice',
        entityId: e.invoiceId,
        message: `Invoice ${e.number} waits for a mapping: ${e.reasons.join('; ')}. It syncs by itself once the mapping is made.`,
      };
    case 'sync_failed':
      return {
        action: e.kind,
        level: 'error',
        entityType: 'invoice',
        entityId: e.invoiceId,
        message: `Sync of invoice ${e.number} failed ${failureText(e.error)}`,
        intuitTid: e.error.intuitTid,
      };

    case 'invoice_created':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'invoice',
        entityId: e.invoiceId,
        message: `Created QuickBooks invoice ${e.qboInvoiceId} (DocNumber ${e.docNumber}, total ${e.total.toFixed(2)}) from revision ${e.revision}`,
        qboId: e.qboInvoiceId,
      };
    case 'invoice_linked':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'invoice',
        entityId: e.invoiceId,
        message: `QuickBooks already had invoice ${e.number} for this customer (invoice ${e.qboInvoiceId}): linked it and brought it up to revision ${e.revision}`,
        qboId: e.qboInvoiceId,
      };
    case 'invoice_updated':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'invoice',
        entityId: e.invoiceId,
        message: `Updated QuickBooks invoice ${e.qboInvoiceId} to revision ${e.revision} (total ${e.total.toFixed(2)})`,
        qboId: e.qboInvoiceId,
      };
    case 'invoice_voided':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'invoice',
        entityId: e.invoiceId,
        message: `Voided QuickBooks invoice ${e.qboInvoiceId} (${e.number})`,
        qboId: e.qboInvoiceId,
      };

    case 'resolved':
      return {
        action: `${e.side}_${e.via}`,
        level: 'info',
        entityType: e.side,
        entityId: e.localId,
        message: resolutionText(e),
        qboId: e.qboId,
      };
    case 'mapping_needed':
      return {
        action: `${e.side}_mapping_needed`,
        level: 'info',
        entityType: e.side,
        entityId: e.localId,
        message: e.reason,
      };

    case 'entity_updated':
    case 'entity_unchanged':
    case 'entity_differs':
    case 'entity_update_failed':
      return entityUpdateEntry(e);

    case 'payment_posted': {
      const credit = e.creditCents ? ` (${centsToMoney(e.creditCents)} kept as unapplied credit)` : '';
      return {
        action: e.kind,
        level: 'info',
        entityType: 'payment',
        entityId: e.paymentId,
        message: `Posted payment of ${centsToMoney(e.amountCents)} to QuickBooks invoice ${e.qboInvoiceId}${credit}`,
        qboId: e.qboPaymentId,
      };
    }
    case 'payment_voided':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'payment',
        entityId: e.paymentId,
        message: `Voided QuickBooks payment ${e.qboPaymentId}`,
        qboId: e.qboPaymentId,
      };
    case 'payment_refused':
      return {
        action: e.kind,
        level: 'error',
        entityType: 'payment',
        entityId: e.paymentId,
        message: `QuickBooks refused the payment ${failureText(e.error)}`,
        qboId: e.qboPaymentId,
        intuitTid: e.error.intuitTid,
      };

    case 'payment_received':
    case 'payment_changed':
      return qboPaymentEntry(
        e.qboPayment,
        e.invoiceId,
        e.kind,
        `${e.kind === 'payment_received' ? 'Received' : 'Updated'} payment of ${centsToMoney(e.amountCents)} from QuickBooks (payment ${e.qboPayment.id})`,
      );
    case 'qbo_payment_removed':
      return qboPaymentEntry(
        e.qboPayment,
        e.invoiceId,
        `payment_${e.how}`,
        `QuickBooks payment ${e.qboPayment.id} was ${e.how} in QuickBooks: removed from the invoice`,
      );
    case 'payment_unlinked':
      return qboPaymentEntry(
        e.qboPayment,
        e.invoiceId,
        e.kind,
        `QuickBooks payment ${e.qboPayment.id} no longer pays this invoice: removed`,
      );
    case 'payment_ignored':
      return qboPaymentEntry(
        e.qboPayment,
        null,
        e.kind,
        `QuickBooks payment ${e.qboPayment.id} pays QuickBooks invoice ${e.qboInvoiceId}, which this product did not post: left alone`,
      );

    case 'mapping_set': {
      const local = `${LOCAL_NAME[e.side]} ${e.localId}`;
      const message = e.qboId
        ? `Mapped ${local} to QuickBooks ${e.side} ${e.qboId} (${e.qboName})`
        : `Mapped ${local} to a new QuickBooks ${e.side}, created at its next sync`;
      return { action: e.kind, level: 'info', entityType: e.side, entityId: e.localId, message, qboId: e.qboId };
    }
    case 'mapping_removed':
      return {
        action: e.kind,
        level: 'info',
        entityType: e.side,
        entityId: e.localId,
        message: `Unmapped ${LOCAL_NAME[e.side]} ${e.localId}`,
      };
    case 'mapping_auto':
      return {
        action: e.kind,
        level: 'info',
        entityType: e.side,
        entityId: e.localId,
        message: `Auto-matched ${LOCAL_NAME[e.side]} ${e.localName} to QuickBooks ${e.side} ${e.qboId}: ${e.reason}`,
        qboId: e.qboId,
      };

    case 'drift_report_completed':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'drift_report',
        entityId: e.reportId,
        message: `Drift report ${e.fullRead ? 'read every record' : 'read what changed'}: ${e.checked} checked, ${
          e.findings === 0
            ? 'billing and QuickBooks agree'
            : `${e.findings} ${e.findings === 1 ? 'difference' : 'differences'} found`
        }`,
      };
    case 'drift_report_failed':
      return {
        action: e.kind,
        level: 'error',
        entityType: 'drift_report',
        entityId: e.reportId,
        message: `Drift report failed: ${e.error}`,
      };
    case 'drift_fixed':
      return {
        action: e.kind,
        level: 'info',
        entityType: e.entityType === 'payer' ? 'customer' : e.entityType === 'fee_item' ? 'item' : e.entityType,
        entityId: e.entityId,
        message: `Drift (${e.findingKind.replace(/_/g, ' ')}) of ${e.label} fixed: ${FIX_TEXT[e.action] ?? e.action}`,
      };

    case 'quickbooks_connected':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'connection',
        entityId: e.realmId,
        message: `Connected to QuickBooks company ${e.companyName} (${e.realmId})`,
      };
    case 'quickbooks_disconnected':
      return {
        action: e.kind,
        level: 'info',
        entityType: 'connection',
        entityId: e.realmId,
        message: `Disconnected from QuickBooks company ${e.companyName ?? e.realmId}`,
      };
    case 'revoke_failed':
      return {
        action: e.kind,
        level: 'error',
        entityType: 'connection',
        entityId: e.realmId,
        message: `QuickBooks did not confirm the revocation (${e.reason}); the tokens were deleted here anyway`,
      };
    case 'connection_lost':
      return {
        action: e.kind,
        level: 'error',
        entityType: 'connection',
        entityId: null,
        message: 'QuickBooks refused the refresh token: syncing is paused until an admin reconnects QuickBooks',
        intuitTid: e.intuitTid,
      };
  }
}

/** The sync_log row an event makes. */
export function syncLogEntry(event: SyncLogEvent, origin?: SyncLogOrigin): NewSyncLogEntry {
  const entry = describe(event);
  return {
    firm_id: event.firmId,
    level: entry.level,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    message: entry.message,
    qbo_id: entry.qboId ?? null,
    workflow_id: origin?.workflowId ?? null,
    intuit_tid: entry.intuitTid ?? null,
    // One entry per action and entity for an activity execution: a step may resolve several fee items.
    event_key: entry.eventKey ?? (origin ? [origin.execution, entry.action, entry.entityId ?? '-'].join('/') : null),
  };
}

/** Records an event in the sync log, once: an entry whose event key is already there (a retry) is dropped. */
export async function recordSyncLog(db: Db, event: SyncLogEvent, origin?: SyncLogOrigin): Promise<void> {
  await appendSyncLog(db, syncLogEntry(event, origin));
}
