import { DRIFT_FIXES, DRIFT_KINDS } from '../../domain/drift.js';
import { dateTime, nullableString, uuid } from './common.js';

// The drift report: starting one, the latest with its findings by kind, fixing a finding, and the schedule.

export const driftReportStartedOut = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const;

const findingOut = {
  type: 'object',
  required: [
    'id',
    'kind',
    'entityType',
    'entityId',
    'label',
    'qboId',
    'field',
    'billingValue',
    'quickbooksValue',
    'fixes',
    'fixedAt',
    'fixedWith',
  ],
  properties: {
    id: uuid,
    kind: { type: 'string', enum: DRIFT_KINDS },
    entityType: { type: 'string', enum: ['invoice', 'payment', 'payer', 'fee_item'] },
    entityId: {
      type: 'string',
      description: "The billing record's id (a payment's finding names its invoice in label)",
    },
    label: { type: 'string', description: 'Invoice number, or the payer or fee item name' },
    qboId: nullableString,
    field: {
      type: 'string',
      description:
        'What differs: total, lines, customer, invoiceDate, dueDate, status, amount, name, email, active, ...',
    },
    billingValue: nullableString,
    quickbooksValue: nullableString,
    fixes: { type: 'array', items: { type: 'string', enum: DRIFT_FIXES } },
    fixedAt: { type: ['string', 'null'], format: 'date-time' },
    fixedWith: nullableString,
  },
} as const;

export const driftFindingOut = {
  type: 'object',
  required: ['finding'],
  properties: { finding: findingOut },
} as const;

export const latestDriftReportOut = {
  type: 'object',
  required: ['report'],
  properties: {
    report: {
      type: ['object', 'null'],
      required: ['id', 'status', 'startedAt', 'finishedAt', 'fullRead', 'checked', 'counts', 'error', 'groups'],
      properties: {
        id: uuid,
        status: { type: 'string', enum: ['running', 'completed', 'failed'] },
        startedAt: dateTime,
        finishedAt: { type: ['string', 'null'], format: 'date-time' },
        fullRead: {
          type: ['boolean', 'null'],
          description: 'Everything read (true) or only what changed since the last report, by CDC (false)',
        },
        checked: { type: 'integer', description: 'Invoices, customers and items compared' },
        counts: {
          type: 'object',
          description: 'Findings by kind when the report ran',
          additionalProperties: { type: 'integer' },
        },
        error: nullableString,
        groups: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kind', 'open', 'findings'],
            properties: {
              kind: { type: 'string', enum: DRIFT_KINDS },
              open: { type: 'integer', description: 'Findings not fixed yet' },
              findings: { type: 'array', items: findingOut },
            },
          },
        },
      },
    },
  },
} as const;

export const driftFixParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const;

export const driftFixBody = {
  type: 'object',
  required: ['action'],
  additionalProperties: false,
  properties: { action: { type: 'string', enum: DRIFT_FIXES } },
} as const;

export const MAX_SCHEDULE_HOURS = 168;

export const driftScheduleBody = {
  type: 'object',
  required: ['everyHours'],
  additionalProperties: false,
  properties: {
    everyHours: {
      type: ['integer', 'null'],
      minimum: 1,
      maximum: MAX_SCHEDULE_HOURS,
      description: 'Run a drift report every this many hours (1 to 168); null turns the schedule off',
    },
  },
} as const;

export const driftScheduleOut = {
  type: 'object',
  required: ['everyHours'],
  properties: { everyHours: { type: ['integer', 'null'] } },
} as const;
