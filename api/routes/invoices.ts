import type { FromSchema } from 'json-schema-to-ts';
import type { Db } from '../../db/database.js';
import { getFeeItems } from '../../db/queries/fee-items.js';
import { createInvoice, DuplicateInvoiceNumber, getInvoice, listInvoices, type InvoiceInput } from '../../db/queries/invoices.js';
import { getPayer } from '../../db/queries/payers.js';
import { isQuantity, lineAmountCents, moneyToCents, normaliseQuantity, sumCents } from '../../domain/money.js';
import { badRequest, conflict, notFound } from '../http-errors.js';
import { ALL_ROLES, firmOf, WRITERS } from '../plugins/auth.js';
import { presentInvoice, presentInvoiceSummary } from '../presenters/invoices.js';
import type { RoutesWithDb } from '../route-types.js';
import { authErrors, errorResponse, idParams, pageQuery } from '../schemas/common.js';
import { invoiceBody, invoiceOut, invoiceSummaryOut, syncOut } from '../schemas/invoices.js';

type InvoiceBody = FromSchema<typeof invoiceBody>;

/** Checks what the schema cannot (the payer and fee items belong to this firm, dates in order) and prices the lines. */
async function invoiceInput(db: Db, firmId: string, body: InvoiceBody): Promise<InvoiceInput> {
  if (!(await getPayer(db, firmId, body.payerId))) throw badRequest('payerId', 'No such payer');
  if (body.dueDate < body.invoiceDate) throw badRequest('dueDate', 'dueDate is before invoiceDate');
  const feeItems = new Map((await getFeeItems(db, firmId, body.lines.map((l) => l.feeItemId))).map((f) => [f.id, f]));
  const lines = body.lines.map((line, index) => {
    const feeItem = feeItems.get(line.feeItemId);
    if (!feeItem) throw badRequest(`lines.${index}.feeItemId`, 'No such fee item');
    const quantity = normaliseQuantity(line.quantity);
    if (!isQuantity(quantity)) throw badRequest(`lines.${index}.quantity`, 'quantity must be more than 0, with at most four decimal places');
    const unitPriceCents = line.unitPrice !== undefined ? moneyToCents(line.unitPrice) : feeItem.unit_price_cents;
    return { feeItemId: line.feeItemId, description: line.description ?? null, quantity, unitPriceCents, amountCents: lineAmountCents(quantity, unitPriceCents) };
  });
  return {
    payerId: body.payerId,
    number: body.number ?? null,
    invoiceDate: body.invoiceDate,
    dueDate: body.dueDate,
    memo: body.memo ?? null,
    caseReference: body.caseReference ?? null,
    totalCents: sumCents(lines.map((l) => l.amountCents)),
    lines,
  };
}

const syncStatuses = syncOut.properties.status.enum;

export const invoiceRoutes: RoutesWithDb = async (app, { db }) => {
  app.post(
    '/v1/invoices',
    { schema: { summary: 'Create an invoice (revision 1)', tags: ['invoices'], body: invoiceBody, response: { 201: invoiceOut, ...authErrors, 409: errorResponse } }, onRequest: app.allow(...WRITERS) },
    async (request, reply) => {
      const firmId = firmOf(request);
      const input = await invoiceInput(db, firmId, request.body);
      let id: string;
      try {
        id = await createInvoice(db, firmId, input);
      } catch (error) {
        if (error instanceof DuplicateInvoiceNumber) throw conflict('duplicate_number', `Invoice number ${error.message} is already used`);
        throw error;
      }
      const created = await getInvoice(db, firmId, id);
      return reply.status(201).send(presentInvoice(created!.invoice, created!.lines));
    },
  );

  app.get(
    '/v1/invoices',
    {
      schema: {
        summary: 'List invoices with their sync status',
        tags: ['invoices'],
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery, syncStatus: { type: 'string', enum: syncStatuses } } },
        response: { 200: { type: 'object', required: ['invoices', 'nextCursor'], properties: { invoices: { type: 'array', items: invoiceSummaryOut }, nextCursor: { type: ['string', 'null'] } } }, ...authErrors },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const { syncStatus, cursor, limit } = request.query;
      const { rows, nextCursor } = await listInvoices(db, firmOf(request), { syncStatus, cursor, limit });
      return { invoices: rows.map(presentInvoiceSummary), nextCursor };
    },
  );

  app.get('/v1/invoices/:id', { schema: { summary: 'Get an invoice with its lines and sync state', tags: ['invoices'], params: idParams, response: { 200: invoiceOut, ...authErrors } }, onRequest: app.allow(...ALL_ROLES) }, async (request) => {
    const found = await getInvoice(db, firmOf(request), request.params.id);
    if (!found) throw notFound('Invoice');
    return presentInvoice(found.invoice, found.lines);
  });
};
