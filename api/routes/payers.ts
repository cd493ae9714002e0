import type { RoutesWithTemporal } from '../route-types.js';
import type { FromSchema } from 'json-schema-to-ts';
import {
  createPayer,
  getPayer,
  listPayers,
  payerSnapshot,
  updatePayer,
  type PayerInput,
} from '../../db/queries/payers.js';
import type { Payer } from '../../db/schema.js';
import { customerDisplayName } from '../../quickbooks/mappers.js';
import { badRequest, notFound } from '../http-errors.js';
import { followEdit } from '../services/entity-follow.js';
import { ALL_ROLES, firmOf, WRITERS } from '../plugins/auth.js';
import { authErrors, idParams, pageQuery } from '../schemas/common.js';
import { payerBody, payerListOut, payerOut } from '../schemas/payers.js';

type PayerBody = FromSchema<typeof payerBody>;

/** Rules a JSON schema cannot say plainly: which names each kind of payer needs. */
export function payerInput(body: PayerBody): PayerInput {
  if (body.type === 'individual') {
    if (!body.firstName) throw badRequest('firstName', 'An individual payer needs firstName');
    if (!body.lastName) throw badRequest('lastName', 'An individual payer needs lastName');
    if (body.billingPerson) throw badRequest('billingPerson', 'Only a corporation has a billing person');
  } else if (!body.companyName) {
    throw badRequest('companyName', 'A corporation payer needs companyName');
  }
  return { ...body, address: body.address ?? null, billingPerson: body.billingPerson ?? null };
}

export function presentPayer(row: Payer) {
  const payer = payerSnapshot(row);
  return {
    ...payer,
    displayName: customerDisplayName(payer),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const one = { 200: payerOut, ...authErrors } as const;

export const payerRoutes: RoutesWithTemporal = async (app, { db, temporal }) => {
  app.post(
    '/v1/payers',
    {
      schema: {
        summary: 'Create a payer',
        tags: ['payers'],
        body: payerBody,
        response: { 201: payerOut, ...authErrors },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request, reply) =>
      reply.status(201).send(presentPayer(await createPayer(db, firmOf(request), payerInput(request.body)))),
  );

  app.get(
    '/v1/payers',
    {
      schema: {
        summary: 'List payers',
        tags: ['payers'],
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: payerListOut, ...authErrors },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const { rows, nextCursor } = await listPayers(db, firmOf(request), request.query.cursor, request.query.limit);
      return { payers: rows.map(presentPayer), nextCursor };
    },
  );

  app.get(
    '/v1/payers/:id',
    {
      schema: { summary: 'Get a payer', tags: ['payers'], params: idParams, response: one },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => {
      const row = await getPayer(db, firmOf(request), request.params.id);
      if (!row) throw notFound('Payer');
      return presentPayer(row);
    },
  );

  app.put(
    '/v1/payers/:id',
    {
      schema: { summary: 'Update a payer', tags: ['payers'], params: idParams, body: payerBody, response: one },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const row = await updatePayer(db, firmOf(request), request.params.id, payerInput(request.body));
      if (!row) throw notFound('Payer');
      await followEdit(db, temporal, { firmId: row.firm_id, kind: 'payer', localId: row.id });
      return presentPayer(row);
    },
  );
};
