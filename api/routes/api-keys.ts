import { issueApiKey } from '../../db/queries/firms.js';
import { firmOf } from '../plugins/auth.js';
import type { RoutesWithDb } from '../route-types.js';
import { authErrors } from '../schemas/common.js';

const role = { type: 'string', enum: ['admin', 'billing', 'viewer'] } as const;

export const apiKeyRoutes: RoutesWithDb = async (app, { db }) => {
  app.post(
    '/v1/api-keys',
    {
      schema: {
        summary: 'Create an API key for this firm (shown once; only its hash is stored)',
        tags: ['firms'],
        body: { type: 'object', required: ['role'], additionalProperties: false, properties: { role } },
        response: {
          201: { type: 'object', required: ['apiKey', 'role'], properties: { apiKey: { type: 'string' }, role } },
          ...authErrors,
        },
      },
      onRequest: app.allow('admin'),
    },
    async (request, reply) => {
      const apiKey = await issueApiKey(db, firmOf(request), request.body.role);
      return reply.status(201).send({ apiKey, role: request.body.role });
    },
  );
};
