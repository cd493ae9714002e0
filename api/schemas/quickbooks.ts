import { dateTime, nullableString } from './common.js';

export const statusOut = {
  type: 'object',
  required: [
    'subscribed',
    'syncModel',
    'connection',
    'active',
    'activatedAt',
    'unmappedPolicy',
    'autoSync',
    'updateLinkedRecords',
  ],
  properties: {
    subscribed: { type: 'boolean' },
    syncModel: { type: ['integer', 'null'], enum: [1, 2, null] },
    connection: {
      anyOf: [
        {
          type: 'object',
          required: ['status', 'realmId', 'companyName', 'connectedAt'],
          properties: {
            status: { type: 'string', enum: ['connected', 'disconnected', 'needs_reconnect'] },
            realmId: { type: 'string' },
            companyName: nullableString,
            connectedAt: dateTime,
          },
        },
        { type: 'null' },
      ],
    },
    active: { type: 'boolean' },
    activatedAt: { anyOf: [dateTime, { type: 'null' }] },
    unmappedPolicy: { type: 'string', enum: ['create', 'hold'] },
    autoSync: { type: 'boolean' },
    updateLinkedRecords: { type: 'boolean' },
  },
} as const;

export const settingsBody = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: {
    syncModel: {
      type: 'integer',
      enum: [1, 2],
      description: '1: billing is the system of record; 2: payments are received in QuickBooks and flow back',
    },
    unmappedPolicy: {
      type: 'string',
      enum: ['create', 'hold'],
      description: 'What a sync does with a payer or fee item that has no mapping',
    },
    autoSync: { type: 'boolean' },
    updateLinkedRecords: {
      type: 'boolean',
      description:
        'Model 1: also update QuickBooks customers and items that were linked to existing records (not created by this product) when billing edits them; default false',
    },
  },
} as const;

export const settingsOut = {
  type: 'object',
  required: ['syncModel', 'unmappedPolicy', 'autoSync', 'updateLinkedRecords'],
  properties: {
    syncModel: { type: ['integer', 'null'] },
    unmappedPolicy: { type: 'string' },
    autoSync: { type: 'boolean' },
    updateLinkedRecords: { type: 'boolean' },
  },
} as const;

/** POST /v1/quickbooks/connect. */
export const connectOut = {
  type: 'object',
  required: ['authorizeUrl'],
  properties: { authorizeUrl: { type: 'string' } },
} as const;

// The firm's QuickBooks customers and items, read live for mapping by hand.

export const qboCustomerOut = {
  type: 'object',
  required: ['id', 'displayName', 'companyName', 'email', 'active'],
  properties: {
    id: { type: 'string' },
    displayName: { type: 'string' },
    companyName: nullableString,
    email: nullableString,
    active: { type: 'boolean' },
  },
} as const;

export const qboItemOut = {
  type: 'object',
  required: ['id', 'name', 'type', 'active', 'unitPrice'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    active: { type: 'boolean' },
    unitPrice: { type: ['number', 'null'] },
  },
} as const;

export const qboCustomerPageOut = {
  type: 'object',
  required: ['customers', 'nextCursor'],
  properties: { customers: { type: 'array', items: qboCustomerOut }, nextCursor: { type: ['string', 'null'] } },
} as const;

export const qboItemPageOut = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: qboItemOut }, nextCursor: { type: ['string', 'null'] } },
} as const;
