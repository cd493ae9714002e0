import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { firmOf } from '../plugins/auth.js';
import { authErrors, errorResponse } from '../schemas/common.js';
import { completeConnect, disconnect, startConnect, type ConnectionDeps } from '../services/quickbooks-connection.js';

/** Connecting the firm's QuickBooks company over OAuth 2.0, and disconnecting it. */
export const quickbooksConnectRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: ConnectionDeps }> = async (app, deps) => {
  app.post(
    '/v1/quickbooks/connect',
    {
      schema: {
        summary: "Intuit's consent URL for this firm (state valid once, for 10 minutes)",
        tags: ['quickbooks setup'],
        response: { 200: { type: 'object', required: ['authorizeUrl'], properties: { authorizeUrl: { type: 'string' } } }, ...authErrors },
      },
      onRequest: app.allow('admin'),
    },
    async (request) => ({ authorizeUrl: await startConnect(deps, firmOf(request)) }),
  );

  app.get(
    '/v1/quickbooks/callback',
    {
      schema: {
        summary: "Intuit's redirect after consent (no key: the state binds it to the firm)",
        tags: ['quickbooks setup'],
        security: [],
        querystring: {
          type: 'object',
          required: ['code', 'state', 'realmId'],
          properties: { code: { type: 'string', minLength: 1, maxLength: 2000 }, state: { type: 'string', minLength: 1, maxLength: 200 }, realmId: { type: 'string', pattern: '^\\d{1,30}$' } },
        },
        response: { 302: { type: 'null', description: 'to /v1/quickbooks/connected' }, 400: errorResponse, 409: errorResponse, 502: errorResponse },
      },
    },
    async (request, reply) => {
      const { state, realmId } = request.query;
      await completeConnect(deps, { url: request.url, state, realmId });
      return reply.redirect('/v1/quickbooks/connected', 302);
    },
  );

  app.get(
    '/v1/quickbooks/connected',
    {
      schema: {
        summary: 'Where the browser lands after connecting',
        tags: ['quickbooks setup'],
        security: [],
        response: { 200: { type: 'object', required: ['connected', 'message'], properties: { connected: { type: 'boolean' }, message: { type: 'string' } } } },
      },
    },
    async () => ({ connected: true, message: 'QuickBooks is connected. You can close this window and activate sync.' }),
  );

  app.post(
    '/v1/quickbooks/disconnect',
    {
      schema: {
        summary: 'Revoke the tokens at Intuit and forget them; mappings and history stay',
        tags: ['quickbooks setup'],
        response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } }, ...authErrors },
      },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      await disconnect(deps, firmOf(request));
      return { status: 'disconnected' };
    },
  );
};
