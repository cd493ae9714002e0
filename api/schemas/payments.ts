import { date, dateTime, money, moneyOut, nullableString, uuid } from './common.js';

export const paymentBody = {
  type: 'object',
  required: ['amount', 'date'],
  additionalProperties: false,
  properties: {
    amount: money,
    date,
    method: { type: 'string', maxLength: 100 },
    reference: { type: 'string', maxLength: 21, description: 'QuickBooks PaymentRefNum' },
  },
} as const;

export const paymentOut = {
  type: 'object',
  required: ['id', 'invoiceId', 'amount', 'date', 'method', 'reference', 'source', 'qboPaymentId', 'receivedAt'],
  properties: {
    id: uuid,
    invoiceId: uuid,
    amount: moneyOut,
    unapplied: {
      type: ['string', 'null'],
      description: 'The part QuickBooks holds as unapplied credit (an overpayment)',
    },
    voided: { type: 'boolean' },
    qboSyncStatus: {
      ...nullableString,
      description: "Model 1: 'pending' until posted to QuickBooks, then 'synced' (or 'voided', 'failed')",
    },
    date,
    method: nullableString,
    reference: nullableString,
    source: { type: 'string', enum: ['billing', 'quickbooks'] },
    qboPaymentId: nullableString,
    receivedAt: dateTime,
  },
} as const;

export const paymentListOut = {
  type: 'object',
  required: ['payments'],
  properties: { payments: { type: 'array', items: paymentOut } },
} as const;
