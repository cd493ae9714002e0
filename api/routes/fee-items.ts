import type { FromSchema } from 'json-schema-to-ts';
import {
  createFeeItem,
  getFeeItem,
  listFeeItems,
  updateFeeItem,
  type FeeItemInput,
} from '../../db/queries/fee-items.js';
import type { FeeItem } from '../../db/schema.js';
import { centsToMoney, moneyToCents } from '../../domain/money.js';
import { conflict, notFound } from '../http-errors.js';
import { ALL_ROLES, firmOf, WRITERS } from '../plugins/auth.js';
import { followEdit } from '../services/entity-follow.js';
import type { RoutesWithTemporal } from '../route-types.js';
import { authErrors, errorResponse, idParams, pageQuery } from '../schemas/common.js';
import { feeItemBody, feeItemListOut, feeItemOut } from '../schemas/fee-items.js';

function feeItemInput(body: FromSchema<typeof feeItemBody>): FeeItemInput {
  return {
    name: body.name.trim(),
    description: body.description ?? null,
    unitPriceCents: moneyToCents(body.unitPrice),
  };
}

export function presentFeeItem(row: FeeItem) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    unitPrice: centsToMoney(row.unit_price_cents),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Fee item names are unique per firm, as QBO item names are unique per company. */
async function uniquely<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'fee_items_firm_name_key')
      throw conflict('duplicate_name', 'A fee item with this name already exists');
    throw error;
  }
}

const one = { 200: feeItemOut, ...authErrors, 409: errorResponse } as const;

export const feeItemRoutes: RoutesWithTemporal = async (app, { db, temporal }) => {
  app.post(
    '/v1/fee-items',
    {
      schema: {
        summary: 'Create a fee item',
        tags: ['fee items'],
        body: feeItemBody,
        response: { 201: feeItemOut, ...authErrors, 409: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentFeeItem(await uniquely(() => createFeeItem(db, firmOf(request), feeItemInput(request.body))))),
  );

  app.get(
    '/v1/fee-items',
    {
      schema: {
        summary: 'List fee items',
        tags: ['fee items'],
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: feeItemListOut, ...authErrors },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const { rows, nextCursor } = await listFeeItems(db, firmOf(request), request.query.cursor, request.query.limit);
      return { feeItems: rows.map(presentFeeItem), nextCursor };
    },
  );

  app.get(
    '/v1/fee-items/:id',
    {
      schema: { summary: 'Get a fee item', tags: ['fee items'], params: idParams, response: one },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const row = await getFeeItem(db, firmOf(request), request.params.id);
      if (!row) throw notFound('Fee item');
      return presentFeeItem(row);
    },
  );

  app.put(
    '/v1/fee-items/:id',
    {
      schema: { summary: 'Update a fee item', tags: ['fee items'], params: idParams, body: feeItemBody, response: one },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const row = await uniquely(() =>
        updateFeeItem(db, firmOf(request), request.params.id, feeItemInput(request.body)),
      );
      if (!row) throw notFound('Fee item');
      await followEdit(db, temporal, { firmId: row.firm_id, kind: 'fee_item', localId: row.id });
      return presentFeeItem(row);
    },
  );
};
