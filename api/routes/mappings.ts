import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Mapping } from '../../db/queries/mappings.js';
import type { Suggestion } from '../../domain/matching.js';
import { firmOf, WRITERS } from '../plugins/auth.js';
import { authErrors, errorResponse, uuid } from '../schemas/common.js';
import {
  autoMatchOut,
  feeItemMappingListOut,
  feeItemMappingOut,
  mapFeeItemBody,
  mapPayerBody,
  payerMappingListOut,
  payerMappingOut,
} from '../schemas/mappings.js';
import {
  autoMatch,
  FEE_ITEMS,
  mappingViews,
  PAYERS,
  removeMapping,
  setMapping,
  type MappingDeps,
} from '../services/mappings.js';

const mappingState = (mapping: Mapping | undefined) => ({
  createNew: mapping?.source === 'create_new',
  source: mapping?.source ?? null,
  qboName: mapping?.qboName ?? null,
});
const suggested = (s: Suggestion | null) =>
  s && { displayName: s.displayName, matchedOn: s.matchedOn, active: s.active, reason: s.reason };

const presentPayer = (localId: string, name: string, mapping: Mapping | undefined, suggestion: Suggestion | null) => ({
  payerId: localId,
  payerName: name,
  qboCustomerId: mapping?.qboId ?? null,
  ...mappingState(mapping),
  suggestion: suggestion && { qboCustomerId: suggestion.qboId, ...suggested(suggestion)! },
});

const presentFeeItem = (
  localId: string,
  name: string,
  mapping: Mapping | undefined,
  suggestion: Suggestion | null,
) => ({
  feeItemId: localId,
  feeItemName: name,
  qboItemId: mapping?.qboId ?? null,
  ...mappingState(mapping),
  suggestion: suggestion && { qboItemId: suggestion.qboId, ...suggested(suggestion)! },
});

const errors = { ...authErrors, 409: errorResponse, 502: errorResponse } as const;

/** Mapping payers to QBO customers and fee items to QBO items (admin and billing). */
export const mappingRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: MappingDeps }> = async (app, deps) => {
  const onRequest = app.allow(...WRITERS);

  app.get(
    '/v1/mappings/payers',
    {
      schema: {
        summary: 'Each payer, its QuickBooks customer, and a suggestion for unmapped ones',
        tags: ['mapping'],
        response: { 200: payerMappingListOut, ...errors },
      },
      onRequest,
    },
    async (request) => ({
      mappings: (await mappingViews(deps, firmOf(request), PAYERS)).map((v) =>
        presentPayer(v.localId, v.localName, v.mapping, v.suggestion),
      ),
    }),
  );

  app.put(
    '/v1/mappings/payers/:payerId',
    {
      schema: {
        summary: 'Map a payer to a QuickBooks customer, or to a new one',
        tags: ['mapping'],
        params: { type: 'object', required: ['payerId'], properties: { payerId: uuid } },
        body: mapPayerBody,
        response: { 200: payerMappingOut, ...errors },
      },
      onRequest,
    },
    async (request) => {
      const body = request.body;
      const mapping = await setMapping(
        deps,
        firmOf(request),
        PAYERS,
        request.params.payerId,
        'qboCustomerId' in body ? { qboId: body.qboCustomerId } : { createNew: true },
      );
      return presentPayer(request.params.payerId, mapping.qboName ?? '', mapping, null);
    },
  );

  app.delete(
    '/v1/mappings/payers/:payerId',
    {
      schema: {
        summary: 'Unmap a payer',
        tags: ['mapping'],
        params: { type: 'object', required: ['payerId'], properties: { payerId: uuid } },
        response: { 204: { type: 'null' }, ...errors },
      },
      onRequest,
    },
    async (request, reply) => {
      await removeMapping(deps, firmOf(request), PAYERS, request.params.payerId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/mappings/fee-items',
    {
      schema: {
        summary: 'Each fee item, its QuickBooks item, and a suggestion for unmapped ones',
        tags: ['mapping'],
        response: { 200: feeItemMappingListOut, ...errors },
      },
      onRequest,
    },
    async (request) => ({
      mappings: (await mappingViews(deps, firmOf(request), FEE_ITEMS)).map((v) =>
        presentFeeItem(v.localId, v.localName, v.mapping, v.suggestion),
      ),
    }),
  );

  app.put(
    '/v1/mappings/fee-items/:feeItemId',
    {
      schema: {
        summary: 'Map a fee item to a QuickBooks item, or to a new one',
        tags: ['mapping'],
        params: { type: 'object', required: ['feeItemId'], properties: { feeItemId: uuid } },
        body: mapFeeItemBody,
        response: { 200: feeItemMappingOut, ...errors },
      },
      onRequest,
    },
    async (request) => {
      const body = request.body;
      const mapping = await setMapping(
        deps,
        firmOf(request),
        FEE_ITEMS,
        request.params.feeItemId,
        'qboItemId' in body ? { qboId: body.qboItemId } : { createNew: true },
      );
      return presentFeeItem(request.params.feeItemId, mapping.qboName ?? '', mapping, null);
    },
  );

  app.delete(
    '/v1/mappings/fee-items/:feeItemId',
    {
      schema: {
        summary: 'Unmap a fee item',
        tags: ['mapping'],
        params: { type: 'object', required: ['feeItemId'], properties: { feeItemId: uuid } },
        response: { 204: { type: 'null' }, ...errors },
      },
      onRequest,
    },
    async (request, reply) => {
      await removeMapping(deps, firmOf(request), FEE_ITEMS, request.params.feeItemId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/mappings/auto-match',
    {
      schema: {
        summary: 'Apply every suggestion to unmapped payers and fee items',
        tags: ['mapping'],
        response: { 200: autoMatchOut, ...errors },
      },
      onRequest,
    },
    async (request) => {
      const result = await autoMatch(deps, firmOf(request));
      return {
        matched: result.payers.matched + result.feeItems.matched,
        unmatched: result.payers.unmatched + result.feeItems.unmatched,
        ...result,
      };
    },
  );
};
