import { address, dateTime, nullableString, uuid } from './common.js';

const person = {
  firstName: { type: 'string', minLength: 1, maxLength: 100 },
  lastName: { type: 'string', minLength: 1, maxLength: 100 },
  email: { type: 'string', format: 'email', maxLength: 100 },
  phone: { type: 'string', maxLength: 30 },
} as const;

export const billingPerson = {
  type: 'object',
  required: ['firstName', 'lastName'],
  additionalProperties: false,
  properties: { ...person, address },
} as const;

export const payerBody = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['individual', 'corporation'] },
    ...person,
    companyName: { type: 'string', minLength: 1, maxLength: 100 },
    address,
    billingPerson,
  },
} as const;

export const payerOut = {
  type: 'object',
  required: ['id', 'type', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    type: { type: 'string', enum: ['individual', 'corporation'] },
    firstName: nullableString,
    lastName: nullableString,
    companyName: nullableString,
    email: nullableString,
    phone: nullableString,
    address: { anyOf: [address, { type: 'null' }] },
    billingPerson: { anyOf: [billingPerson, { type: 'null' }] },
    displayName: { type: 'string', description: 'The name the payer has in QuickBooks' },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

export const payerListOut = {
  type: 'object',
  required: ['payers', 'nextCursor'],
  properties: { payers: { type: 'array', items: payerOut }, nextCursor: { type: ['string', 'null'] } },
} as const;
