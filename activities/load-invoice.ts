import { getInvoice } from '../db/queries/invoices.js';
import { paymentsToPush } from '../db/queries/payments.js';
import { getSyncState } from '../db/queries/sync-state.js';
import type { InvoiceFacts, ActivityInput } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';

export function loadInvoiceActivities(deps: ActivityDeps) {
  return {
    async loadInvoice(input: ActivityInput<'loadInvoice'>): Promise<InvoiceFacts | null> {
      const found = await getInvoice(deps.db, input.firmId, input.invoiceId);
      if (!found) return null;
      const sync = await getSyncState(deps.db, input.firmId, input.invoiceId);
      return {
        found: true,
        number: found.invoice.number,
        revision: found.invoice.revision,
        status: found.invoice.status,
        eligible: found.invoice.eligible,
        payerId: found.invoice.payer_id,
        feeItemIds: [...new Set(found.lines.map((l) => l.fee_item_id))],
        qboInvoiceId: sync?.qbo_invoice_id ?? null,
        qboSyncToken: sync?.qbo_sync_token ?? null,
        syncedRevision: sync?.synced_revision ?? null,
        generation: sync?.generation ?? 0,
        paymentWork: (await paymentsToPush(deps.db, input.firmId, input.invoiceId)).length,
      };
    },
  };
}
