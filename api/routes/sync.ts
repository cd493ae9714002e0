import { getInvoice } from '../../db/queries/invoices.js';
import { invoiceWorkflowId } from '../../workflows/ids.js';
import { notFound } from '../http-errors.js';
import { firmOf, WRITERS } from '../plugins/auth.js';
import { presentSync } from '../presenters/invoices.js';
import type { RoutesWithTemporal } from '../route-types.js';
import { authErrors, errorResponse, idParams } from '../schemas/common.js';
import { syncFinishedOut, syncPendingOut } from '../schemas/sync.js';
import { syncBlocker } from '../services/sync-eligibility.js';
import { requestInvoiceSync } from '../sync-requests.js';

export const SYNC_WAIT_MS = 10_000;

export const syncRoutes: RoutesWithTemporal = async (app, { db, temporal }) => {
  app.post(
    '/v1/invoices/:id/sync',
    {
      schema: {
        summary: 'Sync Now / Sync Again: post the invoice (or its latest revision) to QuickBooks',
        description:
          'Waits up to 10 s. 200 with the sync state when the pass finished in time, else 202 with the workflow id to follow.',
        tags: ['sync'],
        params: idParams,
        response: {
          200: syncFinishedOut,
          202: syncPendingOut,
          ...authErrors,
          409: errorResponse,
          503: errorResponse,
        },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request, reply) => {
      const firmId = firmOf(request);
      const found = await getInvoice(db, firmId, request.params.id);
      if (!found) throw notFound('Invoice');
      const blocker = await syncBlocker(db, firmId, found.invoice);
      if (blocker) throw blocker;

      const workflowId = invoiceWorkflowId(firmId, found.invoice.id);
      const outcome = await requestInvoiceSync(
        temporal,
        { firmId, invoiceId: found.invoice.id, number: found.invoice.number },
        SYNC_WAIT_MS,
      );
      if (outcome === 'pending') return reply.status(202).send({ workflowId });
      const after = await getInvoice(db, firmId, found.invoice.id);
      return reply.status(200).send({ sync: presentSync(after!.invoice), workflowId });
    },
  );
};
