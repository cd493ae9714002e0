import type { RoutesWithDb } from '../route-types.js';
import { createFirm, issueApiKey } from '../../db/queries/firms.js';
import { errorResponse } from '../schemas/common.js';
import { firmOut } from '../schemas/users.js';

const createFirmSchema = {
  summary: 'Create a firm and its first admin API key (platform operator only)',
  tags: ['firms'],
  body: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
  },
  response: {
    201: {
      type: 'object',
      required: ['firm', 'apiKey'],
      properties: {
        firm: firmOut,
        apiKey: { type: 'string', description: 'Shown once; only its hash is stored' },
      },
    },
    400: errorResponse,
    401: errorResponse,
  },
} as const;

export const firmRoutes: RoutesWithDb = async (app, { db }) => {
  app.post('/v1/firms', { schema: createFirmSchema, onRequest: app.operatorOnly }, async (request, reply) => {
    const firm = await createFirm(db, request.body.name.trim());
    const apiKey = await issueApiKey(db, firm.id, 'admin');
    return reply.status(201).send({ firm: { id: firm.id, name: firm.name }, apiKey });
  });
};
