import { changeSyncState, loadSyncFacts, type SyncFactsRow } from '../db/queries/sync-state.js';
import { FEE_ITEM, PAYER, type MappedKind } from '../domain/mapped-kinds.js';
import { syncLogEntry, type SyncLogEvent } from '../domain/sync-log-events.js';
import { passAction } from '../workflows/pass-action.js';
import { customerDisplayName, itemName } from '../quickbooks/mappers.js';
import type { InvoiceFacts, ActivityInput, Resolution } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { activityOrigin } from './sync-log-origin.js';

type References = NonNullable<InvoiceFacts['references']>;

/**
 * The payer and fee items the facts' read found mapped in the connected company, resolved as resolveMapped
 * would resolve them (and logged the same way); any other (unmapped, "create new", missing, unnamed) stays
 * null for its resolver, which knows what to do or say about it.
 */
function mappedReferences(firmId: string, row: SyncFactsRow): { references: References; logged: SyncLogEvent[] } {
  const logged: SyncLogEvent[] = [];
  const resolve = (kind: MappedKind, localId: string, name: string, qboId: string | null): Resolution | null => {
    if (!qboId || !name) return null;
    logged.push({ kind: 'resolved', firmId, side: kind.side, localId, name, qboId, via: 'mapped' });
    return { qboId, via: 'mapped' };
  };
  const payer = row.payer_ref;
  const customer = payer
    ? resolve(
        PAYER,
        row.payer_id,
        customerDisplayName({
          type: payer.type,
          firstName: payer.first_name,
          lastName: payer.last_name,
          companyName: payer.company_name,
        }),
        payer.qbo_id,
      )
    : null;
  const feeItems = new Map(row.fee_item_refs.map((ref) => [ref.id, ref]));
  const items = row.fee_item_ids.map((id) => {
    const ref = feeItems.get(id);
    return ref ? resolve(FEE_ITEM, id, itemName(ref), ref.qbo_id) : null;
  });
  return { references: { customer, items }, logged };
}

export function loadInvoiceActivities(deps: ActivityDeps) {
  return {
    /**
     * With `syncing`, the pass also begins here (what markSyncing does), and with `resolving`, its mapped
     * references resolve here too: a pass's first step, its statements and its sync-log entries in two round
     * trips instead of a step and three for each reference.
     */
    async loadInvoice(input: ActivityInput<'loadInvoice'>): Promise<InvoiceFacts | null> {
      const { firmId, invoiceId } = input;
      const row = await loadSyncFacts(deps.db, firmId, invoiceId);
      if (!row) return null;
      const facts: InvoiceFacts = {
        found: true,
        number: row.number,
        revision: row.revision,
        status: row.status,
        eligible: row.eligible,
        payerId: row.payer_id,
        feeItemIds: row.fee_item_ids,
        qboInvoiceId: row.qbo_invoice_id,
        qboSyncToken: row.qbo_sync_token,
        syncedRevision: row.synced_revision,
        generation: row.generation,
        paymentWork: row.payment_work,
        // A pass always leaves syncing for another state when it ends, however it ends.
        interrupted: row.sync_status === 'syncing',
      };
      if (!input.syncing) return facts;
      const mapped =
        input.resolving && passAction(facts, input.resolving.overwriting) === 'post'
          ? mappedReferences(firmId, row)
          : null;
      const started: SyncLogEvent = {
        kind: 'sync_started',
        firmId,
        invoiceId,
        number: row.number,
        revision: row.revision,
      };
      const origin = activityOrigin();
      await changeSyncState(
        deps.db,
        firmId,
        invoiceId,
        { status: 'syncing', workflow_id: input.syncing.workflowId },
        [started, ...(mapped?.logged ?? [])].map((event) => syncLogEntry(event, origin)),
      );
      return mapped ? { ...facts, references: mapped.references } : facts;
    },
  };
}
