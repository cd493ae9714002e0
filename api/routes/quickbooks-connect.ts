import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyRequest } from 'fastify';
import { ApiError, badRequest } from '../http-errors.js';
import { firmOf } from '../plugins/auth.js';
import { authErrors, errorResponse } from '../schemas/common.js';
import { connectOut } from '../schemas/quickbooks.js';
import { completeConnect, disconnect, startConnect, type ConnectionDeps } from '../services/quickbooks-connection.js';

/** The console's setup screen, where a person who went through Intuit's consent comes back to. */
const CONSOLE_SETUP = '/quickbooks';
const wantsPage = (request: FastifyRequest) => request.headers.accept?.includes('text/html') ?? false;

/** Connecting the firm's QuickBooks company over OAuth 2.0, and disconnecting it. */
export const quickbooksConnectRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: ConnectionDeps }> = async (
  app,
  deps,
) => {
  app.post(
    '/v1/quickbooks/connect',
    {
      schema: {
        summary: "Intuit's consent URL for this firm (state valid once, for 10 minutes)",
        tags: ['quickbooks setup'],
        description: 'Needs a subscription and a chosen sync model first (409 setup_order naming what is missing).',
        response: { 200: connectOut, ...authErrors, 409: errorResponse },
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
        description:
          "A browser (Accept: text/html) is sent back to the console's QuickBooks Sync screen, with the reason when connecting failed.",
        tags: ['quickbooks setup'],
        security: [],
        querystring: {
          type: 'object',
          required: ['state'],
          properties: {
            code: { type: 'string', minLength: 1, maxLength: 2000 },
            state: { type: 'string', minLength: 1, maxLength: 200 },
            realmId: { type: 'string', pattern: '^\\d{1,30}$' },
            error: {
              type: 'string',
              maxLength: 200,
              description: "Intuit's reason when consent was not given (e.g. access_denied)",
            },
            error_description: { type: 'string', maxLength: 1000 },
          },
        },
        response: {
          302: {
            type: 'null',
            description: 'to /v1/quickbooks/connected (a browser on failure: to the console with the reason)',
          },
          400: errorResponse,
          409: errorResponse,
          502: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const { code, state, realmId, error, error_description: reason } = request.query;
      try {
        if (error) throw new ApiError(400, 'consent_declined', `QuickBooks was not connected: ${reason ?? error}`);
        if (!code) throw badRequest('code', 'code is required');
        if (!realmId) throw badRequest('realmId', 'realmId is required');
        await completeConnect(deps, { url: request.url, state, realmId });
      } catch (failure) {
        if (!(failure instanceof ApiError) || !wantsPage(request)) throw failure;
        return reply.redirect(`${CONSOLE_SETUP}?connectError=${encodeURIComponent(failure.message)}`, 302);
      }
      return reply.redirect('/v1/quickbooks/connected', 302);
    },
  );

  app.get(
    '/v1/quickbooks/connected',
    {
      schema: {
        summary: 'Where the browser lands after connecting (a browser is sent on to the console)',
        tags: ['quickbooks setup'],
        security: [],
        response: {
          200: {
            type: 'object',
            required: ['connected', 'message'],
            properties: { connected: { type: 'boolean' }, message: { type: 'string' } },
          },
          302: { type: 'null', description: "to the console's QuickBooks Sync screen" },
        },
      },
    },
    async (request, reply) => {
      if (wantsPage(request)) return reply.redirect(`${CONSOLE_SETUP}?connected=1`, 302);
      return { connected: true, message: 'QuickBooks is connected. You can close this window and activate sync.' };
    },
  );

  app.post(
    '/v1/quickbooks/disconnect',
    {
      schema: {
        summary: 'Revoke the tokens at Intuit and forget them; mappings and history stay',
        tags: ['quickbooks setup'],
        response: {
          200: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } },
          ...authErrors,
        },
      },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      await disconnect(deps, firmOf(request));
      return { status: 'disconnected' };
    },
  );
};
