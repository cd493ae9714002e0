import { getFirm } from '../../db/queries/firms.js';
import { getInvoice } from '../../db/queries/invoices.js';
import { listPayments, recordPayment, voidBillingPayment } from '../../db/queries/payments.js';
import type { Db } from '../../db/database.js';
import { centsToMoney, moneyToCents } from '../../domain/money.js';
import { badRequest, conflict, notFound } from '../http-errors.js';
import { ALL_ROLES, firmOf, WRITERS } from '../plugins/auth.js';
import type { InvoiceRow } from '../../db/queries/invoices.js';
import type { RoutesWithTemporal } from '../route-types.js';
import { syncBlocker } from '../services/sync-eligibility.js';
import { requestInvoiceSync } from '../sync-requests.js';
import { SYNC_WAIT_MS } from './sync.js';
import { authErrors, errorResponse, idParams, uuid } from '../schemas/common.js';
import { paymentBody, paymentListOut, paymentOut } from '../schemas/payments.js';

type PaymentRow = Awaited<ReturnType<typeof listPayments>>[number];

const present = (p: PaymentRow) => ({
  id: p.id,
  invoiceId: p.invoice_id,
  amount: centsToMoney(p.amount_cents),
  unapplied: p.applied_cents === null ? null : centsToMoney(p.amount_cents - p.applied_cents),
  voided: p.voided_at !== null,
  qboSyncStatus: p.qbo_sync_status,
  date: p.payment_date,
  method: p.method,
  reference: p.reference,
  source: p.source,
  qboPaymentId: p.qbo_payment_id,
  receivedAt: p.received_at.toISOString(),
});

async function invoiceOf(db: Db, firmId: string, invoiceId: string) {
  const found = await getInvoice(db, firmId, invoiceId);
  if (!found) throw notFound('Invoice');
  return found.invoice;
}

export const paymentRoutes: RoutesWithTemporal = async (app, { db, temporal }) => {
  /** Model 1: a sync pass posts (or voids) the invoice's payments in QuickBooks once the invoice is there. */
  const pushToQuickBooks = async (invoice: InvoiceRow) => {
    if (invoice.qbo_invoice_id && !(await syncBlocker(db, invoice.firm_id, invoice))) {
      await requestInvoiceSync(
        temporal,
        { firmId: invoice.firm_id, invoiceId: invoice.id, number: invoice.number },
        SYNC_WAIT_MS,
      );
    }
  };

  app.post(
    '/v1/invoices/:id/payments',
    {
      schema: {
        summary: 'Record a payment (refused under Model 2: payments are received in QuickBooks)',
        tags: ['payments'],
        params: idParams,
        body: paymentBody,
        response: { 201: paymentOut, ...authErrors, 409: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request, reply) => {
      const firmId = firmOf(request);
      const invoice = await invoiceOf(db, firmId, request.params.id);
      const firm = (await getFirm(db, firmId))!;
      if (firm.sync_model === 2)
        throw conflict(
          'payments_managed_in_quickbooks',
          'This firm receives payments in QuickBooks (sync model 2); they appear here once QuickBooks has them',
        );
      if (invoice.status === 'void') throw conflict('invoice_void', 'A void invoice takes no payments');
      const amountCents = moneyToCents(request.body.amount);
      if (amountCents === 0) throw badRequest('amount', 'amount must be more than 0.00');
      const payment = await recordPayment(db, firmId, invoice.id, {
        amountCents,
        date: request.body.date,
        method: request.body.method ?? null,
        reference: request.body.reference ?? null,
        source: 'billing',
      });
      await pushToQuickBooks(invoice);
      return reply.status(201).send(present(payment));
    },
  );

  app.get(
    '/v1/invoices/:id/payments',
    {
      schema: {
        summary: "The invoice's payments, from billing and from QuickBooks",
        tags: ['payments'],
        params: idParams,
        response: { 200: paymentListOut, ...authErrors },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const firmId = firmOf(request);
      const invoice = await invoiceOf(db, firmId, request.params.id);
      return { payments: (await listPayments(db, firmId, invoice.id)).map(present) };
    },
  );

  app.post(
    '/v1/invoices/:id/payments/:paymentId/void',
    {
      schema: {
        summary: 'Void a payment recorded in billing; a posted one is voided in QuickBooks too',
        tags: ['payments'],
        params: { type: 'object', required: ['id', 'paymentId'], properties: { id: uuid, paymentId: uuid } },
        response: { 200: paymentOut, ...authErrors, 409: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const firmId = firmOf(request);
      const invoice = await invoiceOf(db, firmId, request.params.id);
      if ((await getFirm(db, firmId))!.sync_model === 2)
        throw conflict(
          'payments_managed_in_quickbooks',
          'This firm receives payments in QuickBooks (sync model 2); void them there',
        );
      if ((await voidBillingPayment(db, firmId, invoice.id, request.params.paymentId)) === 'missing')
        throw notFound('Payment');
      await pushToQuickBooks(invoice);
      const payment = (await listPayments(db, firmId, invoice.id)).find((p) => p.id === request.params.paymentId)!;
      return present(payment);
    },
  );
};
