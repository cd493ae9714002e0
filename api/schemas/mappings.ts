import { nullableString, uuid } from './common.js';

const suggestionFields = {
  displayName: { type: 'string' },
  matchedOn: { type: 'string', enum: ['email', 'name', 'company'] },
  active: { type: 'boolean', description: 'Inactive records are suggested but not auto-matched' },
  reason: { type: 'string', description: 'Why this record is suggested, to check before accepting' },
} as const;

const mappingFields = {
  createNew: { type: 'boolean', description: 'A new QuickBooks record is created at the next sync' },
  source: {
    type: ['string', 'null'],
    enum: ['auto', 'manual', 'created', 'found', 'create_new', null],
    description: 'How the mapping was made; null when unmapped',
  },
  qboName: nullableString,
} as const;

export const payerMappingOut = {
  type: 'object',
  required: ['payerId', 'payerName', 'qboCustomerId', 'createNew', 'source', 'qboName', 'suggestion'],
  properties: {
    payerId: uuid,
    payerName: { type: 'string' },
    qboCustomerId: nullableString,
    ...mappingFields,
    suggestion: {
      anyOf: [
        {
          type: 'object',
          required: ['qboCustomerId', 'displayName', 'matchedOn', 'active', 'reason'],
          properties: { qboCustomerId: { type: 'string' }, ...suggestionFields },
        },
        { type: 'null' },
      ],
    },
  },
} as const;

export const feeItemMappingOut = {
  type: 'object',
  required: ['feeItemId', 'feeItemName', 'qboItemId', 'createNew', 'source', 'qboName', 'suggestion'],
  properties: {
    feeItemId: uuid,
    feeItemName: { type: 'string' },
    qboItemId: nullableString,
    ...mappingFields,
    suggestion: {
      anyOf: [
        {
          type: 'object',
          required: ['qboItemId', 'displayName', 'matchedOn', 'active', 'reason'],
          properties: { qboItemId: { type: 'string' }, ...suggestionFields },
        },
        { type: 'null' },
      ],
    },
  },
} as const;

export const payerMappingListOut = {
  type: 'object',
  required: ['mappings'],
  properties: { mappings: { type: 'array', items: payerMappingOut } },
} as const;

export const feeItemMappingListOut = {
  type: 'object',
  required: ['mappings'],
  properties: { mappings: { type: 'array', items: feeItemMappingOut } },
} as const;

const counts = {
  type: 'object',
  required: ['matched', 'unmatched'],
  properties: { matched: { type: 'integer' }, unmatched: { type: 'integer' } },
} as const;

export const autoMatchOut = {
  type: 'object',
  required: ['matched', 'unmatched', 'payers', 'feeItems'],
  properties: { matched: { type: 'integer' }, unmatched: { type: 'integer' }, payers: counts, feeItems: counts },
} as const;

/** Either an existing QuickBooks record or a new one. */
export const mapPayerBody = {
  oneOf: [
    {
      type: 'object',
      required: ['qboCustomerId'],
      additionalProperties: false,
      properties: { qboCustomerId: { type: 'string', pattern: '^\\d{1,20}$' } },
    },
    {
      type: 'object',
      required: ['createNew'],
      additionalProperties: false,
      properties: { createNew: { type: 'boolean', const: true } },
    },
  ],
} as const;

export const mapFeeItemBody = {
  oneOf: [
    {
      type: 'object',
      required: ['qboItemId'],
      additionalProperties: false,
      properties: { qboItemId: { type: 'string', pattern: '^\\d{1,20}$' } },
    },
    {
      type: 'object',
      required: ['createNew'],
      additionalProperties: false,
      properties: { createNew: { type: 'boolean', const: true } },
    },
  ],
} as const;
