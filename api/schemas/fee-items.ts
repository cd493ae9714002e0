import { dateTime, money, moneyOut, nullableString, uuid } from './common.js';

export const feeItemBody = {
  type: 'object',
  required: ['name', 'unitPrice'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'Also its QuickBooks item name (a colon becomes a dash there)',
    },
    description: { type: 'string', maxLength: 4000 },
    unitPrice: money,
  },
} as const;

export const feeItemOut = {
  type: 'object',
  required: ['id', 'name', 'description', 'unitPrice', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    description: nullableString,
    unitPrice: moneyOut,
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

export const feeItemListOut = {
  type: 'object',
  required: ['feeItems', 'nextCursor'],
  properties: { feeItems: { type: 'array', items: feeItemOut }, nextCursor: { type: ['string', 'null'] } },
} as const;
