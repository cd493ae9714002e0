import type { TemporalAccess } from '../../temporal/client.js';
import { CHECK_TIMEOUT_MS, readiness } from '../readiness.js';
import type { RoutesWithDb } from '../route-types.js';

const healthy = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

const checkProperties = {
  status: { type: 'string', enum: ['ok', 'down', 'unknown'] },
  critical: { type: 'boolean', description: 'Whether this dependency being down makes the API not ready (503)' },
  detail: { type: 'string', description: 'What was found, or why the check failed' },
  latencyMs: { type: 'integer' },
} as const;

const check = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'critical', 'detail', 'latencyMs'],
  properties: checkProperties,
} as const;

const workerCheck = {
  type: 'object',
  additionalProperties: false,
  required: [...check.required, 'taskQueue', 'workflowPollers', 'activityPollers', 'lastSeenAt'],
  properties: {
    ...checkProperties,
    taskQueue: { type: 'string' },
    workflowPollers: { type: 'integer', description: 'Workers polling the task queue for workflow tasks now' },
    activityPollers: { type: 'integer', description: 'Workers polling the task queue for activity tasks now' },
    lastSeenAt: { type: ['string', 'null'], format: 'date-time', description: "A worker's latest poll" },
  },
} as const;

const readinessOut = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'degraded', 'not_ready'] },
    checks: {
      type: 'object',
      additionalProperties: false,
      required: ['database', 'temporal', 'worker', 'quickbooks'],
      properties: {
        database: { ...check, description: 'PostgreSQL answers a query' },
        temporal: { ...check, description: 'The Temporal service answers' },
        worker: { ...workerCheck, description: "Workers poll the API's task queue" },
        quickbooks: { ...check, description: "QuickBooks' API host (or the local sandbox) answers HTTP" },
      },
    },
  },
} as const;

export const healthRoutes: RoutesWithDb<{ temporal: TemporalAccess; qboApiBaseUrl: string }> = async (
  app,
  { db, temporal, qboApiBaseUrl },
) => {
  app.get(
    '/healthz',
    { schema: { summary: 'The process is up', tags: ['ops'], security: [], response: { 200: healthy } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Each dependency checked: 503 when PostgreSQL or Temporal is down',
        description:
          `200 \`ready\`, or \`degraded\` when no worker polls the task queue or QuickBooks does not answer (the API ` +
          `still serves everything else); 503 \`not_ready\` when PostgreSQL or Temporal does not answer. Each check ` +
          `answers within ${CHECK_TIMEOUT_MS} ms.`,
        tags: ['ops'],
        security: [],
        response: { 200: readinessOut, 503: readinessOut },
      },
    },
    async (_request, reply) => {
      const ready = await readiness({ db, temporal, qboApiBaseUrl });
      return reply.status(ready.status === 'not_ready' ? 503 : 200).send(ready);
    },
  );
};
