import { databaseReachable } from '../../db/database.js';
import { temporalReachable } from '../../temporal/client.js';
import type { RoutesWithTemporal } from '../route-types.js';

const status = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'string' } } },
} as const;

export const healthRoutes: RoutesWithTemporal = async (app, { db, temporal }) => {
  app.get(
    '/healthz',
    { schema: { summary: 'The process is up', tags: ['ops'], security: [], response: { 200: status } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'The database and Temporal are reachable',
        tags: ['ops'],
        security: [],
        response: { 200: status, 503: status },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      await Promise.all([
        databaseReachable(db).then(
          () => (checks.database = 'ok'),
          (error: Error) => (checks.database = error.message),
        ),
        temporalReachable(temporal).then(
          () => (checks.temporal = 'ok'),
          (error: Error) => (checks.temporal = error.message),
        ),
      ]);
      const ready = Object.values(checks).every((c) => c === 'ok');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
};
