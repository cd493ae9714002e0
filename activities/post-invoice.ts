import { loadInvoiceSnapshot } from '../db/queries/invoices.js';
import { toQboInvoice } from '../quickbooks/mappers.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import { qboFor } from './qbo-session.js';
import { logStep } from './sync-log-writer.js';

export interface PostInvoiceInput {
  firmId: string;
  invoiceId: string;
  customerId: string;
  itemIds: Record<string, string>;
  generation: number;
}

export interface PostedInvoice {
  qboInvoiceId: string;
  syncToken: string;
  revision: number;
}

export function postInvoiceActivities(deps: ActivityDeps) {
  return {
    /**
     * Creates the QBO invoice. The requestid names the invoice and its generation, not the attempt, so an
     * attempt whose answer was lost is replayed by QBO rather than creating a second invoice.
     */
    async createQboInvoice(input: PostInvoiceInput): Promise<PostedInvoice> {
      const { firmId, invoiceId } = input;
      return withQboFailures(async () => {
        const invoice = await loadInvoiceSnapshot(deps.db, firmId, invoiceId);
        if (!invoice) throw billingDataFailure('invoice_missing', `Invoice ${invoiceId} no longer exists`, 'Nothing to sync.');
        const { qbo } = await qboFor(deps, firmId);
        const body = toQboInvoice(invoice, { customerId: input.customerId, itemIds: input.itemIds });
        const created = await qbo.create('Invoice', body, requestIdFor({ firmId, entity: 'invoice', localId: invoiceId, operation: 'create', generation: input.generation }));
        await logStep(deps.db, {
          firmId,
          action: 'invoice_created',
          entityType: 'invoice',
          entityId: invoiceId,
          message: `Created QuickBooks invoice ${created.Id} (DocNumber ${created.DocNumber ?? invoice.number}, total ${created.TotalAmt.toFixed(2)}) from revision ${invoice.revision}`,
          qboId: created.Id,
        });
        return { qboInvoiceId: created.Id, syncToken: created.SyncToken, revision: invoice.revision };
      });
    },
  };
}
