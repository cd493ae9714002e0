import type { FromSchema } from 'json-schema-to-ts';
import type { Db } from '../../db/database.js';
import { getFeeItems } from '../../db/queries/fee-items.js';
import {
  createInvoice,
  DuplicateInvoiceNumber,
  getInvoice,
  InvoiceIsVoid,
  listInvoices,
  reviseInvoice,
  voidInvoice,
  type InvoiceInput,
} from '../../db/queries/invoices.js';
import { getPayer } from '../../db/queries/payers.js';
import { isQuantity, lineAmountCents, moneyToCents, normaliseQuantity, sumCents } from '../../domain/money.js';
import type { TemporalAccess } from '../../temporal/client.js';
import { badRequest, conflict, notFound } from '../http-errors.js';
import { ALL_ROLES, firmOf, WRITERS } from '../plugins/auth.js';
import { presentInvoice, presentInvoiceSummary } from '../presenters/invoices.js';
import type { RoutesWithTemporal } from '../route-types.js';
import { autoSyncWanted, syncBlocker } from '../services/sync-eligibility.js';
import { SYNC_WAIT_MS } from './sync.js';
import { notifyInvoiceChanged } from '../../temporal/invoice-sync.js';
import { requestInvoiceSync } from '../sync-requests.js';
import { authErrors, errorResponse, idParams, pageQuery } from '../schemas/common.js';
import { invoiceBody, invoiceListOut, invoiceOut, syncOut } from '../schemas/invoices.js';

type InvoiceBody = FromSchema<typeof invoiceBody>;

/** Checks what the schema cannot (the payer and fee items belong to this firm, dates in order) and prices the lines. */
async function invoiceInput(db: Db, firmId: string, body: InvoiceBody): Promise<InvoiceInput> {
  if (!(await getPayer(db, firmId, body.payerId))) throw badRequest('payerId', 'No such payer');
  if (body.dueDate < body.invoiceDate) throw badRequest('dueDate', 'dueDate is before invoiceDate');
  const feeItems = new Map(
    (
      await getFeeItems(
        db,
        firmId,
        body.lines.map((l) => l.feeItemId),
      )
    ).map((f) => [f.id, f]),
  );
  const lines = body.lines.map((line, index) => {
    const feeItem = feeItems.get(line.feeItemId);
    if (!feeItem) throw badRequest(`lines.${index}.feeItemId`, 'No such fee item');
    const quantity = normaliseQuantity(line.quantity);
    if (!isQuantity(quantity))
      throw badRequest(`lines.${index}.quantity`, 'quantity must be more than 0, with at most four decimal places');
    const unitPriceCents = line.unitPrice !== undefined ? moneyToCents(line.unitPrice) : feeItem.unit_price_cents;
    return {
      feeItemId: line.feeItemId,
      description: line.description ?? null,
      quantity,
      unitPriceCents,
      amountCents: lineAmountCents(quantity, unitPriceCents),
    };
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

/** Saves a new or revised invoice, turning a reused number into a 409. */
async function numbered<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof DuplicateInvoiceNumber)
      throw conflict('duplicate_number', `Invoice number ${error.message} is already used`);
    throw error;
  }
}

/** The invoice as the API shows it, after asking for a sync by itself when the firm syncs automatically. */
async function afterWrite(db: Db, temporal: TemporalAccess, firmId: string, invoiceId: string) {
  const saved = (await getInvoice(db, firmId, invoiceId))!;
  if (await autoSyncWanted(db, firmId, saved.invoice)) {
    await requestInvoiceSync(temporal, { firmId, invoiceId, number: saved.invoice.number }, 0);
  }
  return presentInvoice(saved.invoice, saved.lines);
}

export const invoiceRoutes: RoutesWithTemporal = async (app, { db, temporal }) => {
  app.post(
    '/v1/invoices',
    {
      schema: {
        summary: 'Create an invoice (revision 1)',
        tags: ['invoices'],
        body: invoiceBody,
        response: { 201: invoiceOut, ...authErrors, 409: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request, reply) => {
      const firmId = firmOf(request);
      const input = await invoiceInput(db, firmId, request.body);
      const id = await numbered(() => createInvoice(db, firmId, input));
      return reply.status(201).send(await afterWrite(db, temporal, firmId, id));
    },
  );

  app.get(
    '/v1/invoices',
    {
      schema: {
        summary: 'List invoices with their sync status',
        tags: ['invoices'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            syncStatus: { type: 'string', enum: syncStatuses },
            recentPayment: {
              type: 'boolean',
              description: 'Only invoices with (true) or without (false) a payment from QuickBooks in the last 7 days',
            },
          },
        },
        response: { 200: invoiceListOut, ...authErrors },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const { syncStatus, recentPayment, cursor, limit } = request.query;
      const { rows, nextCursor } = await listInvoices(db, firmOf(request), {
        syncStatus,
        recentPayment,
        cursor,
        limit,
      });
      return { invoices: rows.map(presentInvoiceSummary), nextCursor };
    },
  );

  app.get(
    '/v1/invoices/:id',
    {
      schema: {
        summary: 'Get an invoice with its lines and sync state',
        tags: ['invoices'],
        params: idParams,
        response: { 200: invoiceOut, ...authErrors },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const found = await getInvoice(db, firmOf(request), request.params.id);
      if (!found) throw notFound('Invoice');
      return presentInvoice(found.invoice, found.lines);
    },
  );

  app.put(
    '/v1/invoices/:id',
    {
      schema: {
        summary: 'Revise an invoice (revision + 1); a posted invoice then shows Sync Again',
        tags: ['invoices'],
        params: idParams,
        body: invoiceBody,
        response: { 200: invoiceOut, ...authErrors, 409: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const firmId = firmOf(request);
      if (!(await getInvoice(db, firmId, request.params.id))) throw notFound('Invoice');
      const input = await invoiceInput(db, firmId, request.body);
      try {
        if (!(await numbered(() => reviseInvoice(db, firmId, request.params.id, input)))) throw notFound('Invoice');
      } catch (error) {
        if (error instanceof InvoiceIsVoid) throw conflict('invoice_void', 'A void invoice cannot be revised');
        throw error;
      }
      await notifyInvoiceChanged(temporal, firmId, request.params.id);
      return afterWrite(db, temporal, firmId, request.params.id);
    },
  );

  app.post(
    '/v1/invoices/:id/void',
    {
      schema: {
        summary: 'Void an invoice; a posted one is voided in QuickBooks too (waits up to 10 s)',
        tags: ['invoices'],
        params: idParams,
        response: { 200: invoiceOut, ...authErrors, 409: errorResponse, 503: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const firmId = firmOf(request);
      const outcome = await voidInvoice(db, firmId, request.params.id);
      if (outcome === 'missing') throw notFound('Invoice');
      const found = (await getInvoice(db, firmId, request.params.id))!;
      if (outcome === 'voided' && found.invoice.qbo_invoice_id && !(await syncBlocker(db, firmId, found.invoice))) {
        await requestInvoiceSync(
          temporal,
          { firmId, invoiceId: found.invoice.id, number: found.invoice.number },
          SYNC_WAIT_MS,
        );
      }
      const after = (await getInvoice(db, firmId, request.params.id))!;
      return presentInvoice(after.invoice, after.lines);
    },
  );
};
