import { getFirm } from '../../db/queries/firms.js';
import { getInvoice } from '../../db/queries/invoices.js';
import { listPayments, PaymentExceedsBalance, recordPayment } from '../../db/queries/payments.js';
import type { Db } from '../../db/database.js';
import { centsToMoney, moneyToCents } from '../../domain/money.js';
import { badRequest, conflict, notFound } from '../http-errors.js';
import { ALL_ROLES, firmOf, WRITERS } from '../plugins/auth.js';
import type { RoutesWithDb } from '../route-types.js';
import { authErrors, date, dateTime, errorResponse, idParams, money, moneyOut, nullableString, uuid } from '../schemas/common.js';

const paymentOut = {
  type: 'object',
  required: ['id', 'invoiceId', 'amount', 'date', 'method', 'reference', 'source', 'qboPaymentId', 'receivedAt'],
  properties: {
    id: uuid,
    invoiceId: uuid,
    amount: moneyOut,
    date,
    method: nullableString,
    reference: nullableString,
    source: { type: 'string', enum: ['billing', 'quickbooks'] },
    qboPaymentId: nullableString,
    receivedAt: dateTime,
  },
} as const;

type PaymentRow = Awaited<ReturnType<typeof listPayments>>[number];

const present = (p: PaymentRow) => ({
  id: p.id,
  invoiceId: p.invoice_id,
  amount: centsToMoney(p.amount_cents),
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

export const paymentRoutes: RoutesWithDb = async (app, { db }) => {
  app.post(
    '/v1/invoices/:id/payments',
    {
      schema: {
        summary: 'Record a payment (refused under Model 2: payments are received in QuickBooks)',
        tags: ['payments'],
        params: idParams,
        body: {
          type: 'object',
          required: ['amount', 'date'],
          additionalProperties: false,
          properties: { amount: money, date, method: { type: 'string', maxLength: 100 }, reference: { type: 'string', maxLength: 21, description: 'QuickBooks PaymentRefNum' } },
        },
        response: { 201: paymentOut, ...authErrors, 409: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request, reply) => {
      const firmId = firmOf(request);
      const invoice = await invoiceOf(db, firmId, request.params.id);
      const firm = (await getFirm(db, firmId))!;
      if (firm.sync_model === 2) throw conflict('payments_managed_in_quickbooks', 'This firm receives payments in QuickBooks (sync model 2); they appear here once QuickBooks has them');
      if (invoice.status === 'void') throw conflict('invoice_void', 'A void invoice takes no payments');
      const amountCents = moneyToCents(request.body.amount);
      if (amountCents === 0) throw badRequest('amount', 'amount must be more than 0.00');
      try {
        const payment = await recordPayment(db, firmId, invoice.id, { amountCents, date: request.body.date, method: request.body.method ?? null, reference: request.body.reference ?? null, source: 'billing' });
        return reply.status(201).send(present(payment));
      } catch (error) {
        if (error instanceof PaymentExceedsBalance) throw badRequest('amount', 'amount is more than the balance of the invoice');
        throw error;
      }
    },
  );

  app.get(
    '/v1/invoices/:id/payments',
    {
      schema: {
        summary: "The invoice's payments, from billing and from QuickBooks",
        tags: ['payments'],
        params: idParams,
        response: { 200: { type: 'object', required: ['payments'], properties: { payments: { type: 'array', items: paymentOut } } }, ...authErrors },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const firmId = firmOf(request);
      const invoice = await invoiceOf(db, firmId, request.params.id);
      return { payments: (await listPayments(db, firmId, invoice.id)).map(present) };
    },
  );
};
