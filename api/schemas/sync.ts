import { PREFLIGHT_REASONS } from '../../domain/preflight.js';
import { dateTime, nullableString, uuid } from './common.js';
import { syncOut } from './invoices.js';

// Syncing: one invoice's Sync Now / Sync Again, bulk sync jobs, and the sync log.

/** POST /v1/invoices/:id/sync, 200: the pass finished within the wait. */
export const syncFinishedOut = {
  type: 'object',
  required: ['sync', 'workflowId'],
  properties: { sync: syncOut, workflowId: { type: 'string' } },
} as const;

/** POST /v1/invoices/:id/sync, 202: the pass goes on in its workflow. */
export const syncPendingOut = {
  type: 'object',
  required: ['workflowId'],
  properties: { workflowId: { type: 'string' } },
} as const;

/** The most invoices one bulk job takes. */
export const MAX_JOB_INVOICES = 10_000;

// One object whose properties are checked before the choice between them, so a wrong value is named by
// its own field (a `oneOf` of whole objects would blame the other branch's missing property).
export const syncJobBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    invoiceIds: { type: 'array', minItems: 1, maxItems: MAX_JOB_INVOICES, uniqueItems: true, items: uuid },
    all: {
      type: 'boolean',
      const: true,
      description: 'Every eligible invoice whose action is Sync Now or Sync Again',
    },
    dryRun: {
      type: 'boolean',
      description:
        'Check only: answers 200 with what would fail and why, grouped by reason, and writes nothing (no job, nothing to QuickBooks)',
    },
  },
  oneOf: [{ required: ['invoiceIds'] }, { required: ['all'] }],
} as const;

export const syncJobStartedOut = {
  type: 'object',
  required: ['id', 'total'],
  properties: { id: uuid, total: { type: 'integer' } },
} as const;

const invoiceRefOut = {
  type: 'object',
  required: ['id', 'number'],
  properties: { id: uuid, number: { type: 'string' } },
} as const;

/** POST /v1/sync-jobs with dryRun, 200: what the job would meet, grouped by reason; see domain/preflight.ts. */
export const syncJobDryRunOut = {
  type: 'object',
  required: ['total', 'ok', 'withProblems', 'okInvoices', 'problems'],
  properties: {
    total: { type: 'integer', description: 'Invoices the job would take' },
    ok: { type: 'integer', description: 'Of them, those with no problem found' },
    withProblems: { type: 'integer' },
    okInvoices: { type: 'array', items: invoiceRefOut, description: 'The ones to sync ("Sync the rest")' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['reason', 'message', 'fix', 'invoices'],
        properties: {
          reason: { type: 'string', enum: PREFLIGHT_REASONS },
          message: { type: 'string' },
          fix: { type: 'string', description: 'What to do about it' },
          invoices: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'number', 'detail'],
              properties: { ...invoiceRefOut.properties, detail: nullableString },
            },
          },
        },
      },
    },
  },
} as const;

export const syncJobOut = {
  type: 'object',
  required: ['id', 'status', 'total', 'succeeded', 'failed', 'pending'],
  properties: {
    id: uuid,
    status: { type: 'string', enum: ['running', 'completed'] },
    total: { type: 'integer' },
    succeeded: { type: 'integer' },
    failed: { type: 'integer' },
    pending: { type: 'integer' },
  },
} as const;

export const syncLogEntryOut = {
  type: 'object',
  required: ['id', 'at', 'level', 'action', 'entityType', 'entityId', 'message', 'qboId', 'workflowId', 'workflowUrl'],
  properties: {
    id: { type: 'string' },
    at: dateTime,
    level: { type: 'string', enum: ['info', 'error'] },
    action: { type: 'string' },
    entityType: { type: 'string' },
    entityId: nullableString,
    message: { type: 'string' },
    qboId: nullableString,
    workflowId: nullableString,
    workflowUrl: {
      ...nullableString,
      description: "The workflow's page in the Temporal Web UI, when TEMPORAL_UI_URL is known",
    },
    intuitTid: nullableString,
  },
} as const;

/** GET /v1/sync-log as JSON. */
export const syncLogPageOut = {
  type: 'object',
  required: ['entries', 'nextCursor'],
  properties: { entries: { type: 'array', items: syncLogEntryOut }, nextCursor: { type: ['string', 'null'] } },
} as const;
