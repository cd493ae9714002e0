import { SHOWN_SYNC_STATUSES } from '../../domain/sync-status.js';
import { date, dateTime, money, moneyOut, nullableString, uuid } from './common.js';

const quantity = {
  anyOf: [
    { type: 'number', exclusiveMinimum: 0, maximum: 99999999 },
    { type: 'string', pattern: '^\\d{1,8}(\\.\\d{1,4})?$' },
  ],
  description: 'Positive, up to four decimal places',
} as const;

export const invoiceBody = {
  type: 'object',
  required: ['payerId', 'invoiceDate', 'dueDate', 'lines'],
  additionalProperties: false,
  properties: {
    payerId: uuid,
    number: {
      type: 'string',
      minLength: 1,
      maxLength: 21,
      pattern: '^\\S(.*\\S)?$',
      description: 'Becomes the QuickBooks DocNumber (at most 21 characters); generated when left out',
    },
    invoiceDate: date,
    dueDate: date,
    memo: { type: 'string', maxLength: 1000 },
    caseReference: { type: 'string', maxLength: 200 },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 250,
      items: {
        type: 'object',
        required: ['feeItemId', 'quantity'],
        additionalProperties: false,
        properties: {
          feeItemId: uuid,
          description: { type: 'string', maxLength: 4000 },
          quantity,
          unitPrice: { ...money, description: "Defaults to the fee item's unit price" },
        },
      },
    },
  },
} as const;

export const syncOut = {
  type: 'object',
  required: ['status', 'action', 'qboInvoiceId', 'syncedRevision', 'lastSyncedAt', 'lastError', 'recentPayment'],
  properties: {
    status: {
      type: 'string',
      enum: SHOWN_SYNC_STATUSES,
      description: 'needs_mapping: held until a person maps its payer or fee items (unmappedPolicy hold)',
    },
    action: { type: ['string', 'null'], enum: ['sync_now', 'sync_again', null] },
    qboInvoiceId: nullableString,
    syncedRevision: { type: ['integer', 'null'] },
    lastSyncedAt: { anyOf: [dateTime, { type: 'null' }] },
    lastError: {
      anyOf: [
        {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            hint: { type: 'string' },
            intuitTid: nullableString,
          },
        },
        { type: 'null' },
      ],
    },
    recentPayment: {
      anyOf: [
        { type: 'object', required: ['amount', 'receivedAt'], properties: { amount: moneyOut, receivedAt: dateTime } },
        { type: 'null' },
      ],
      description: 'A payment posted from QuickBooks in the last 7 days',
    },
  },
} as const;

export const invoiceLineOut = {
  type: 'object',
  required: ['lineNo', 'feeItemId', 'description', 'quantity', 'unitPrice', 'amount'],
  properties: {
    lineNo: { type: 'integer' },
    feeItemId: uuid,
    description: nullableString,
    quantity: { type: 'number' },
    unitPrice: moneyOut,
    amount: moneyOut,
  },
} as const;

const invoiceFields = {
  id: uuid,
  payerId: uuid,
  payerName: {
    type: 'string',
    description: "The company's name for a corporation, else the person's first and last name",
  },
  number: { type: 'string' },
  invoiceDate: date,
  dueDate: date,
  memo: nullableString,
  caseReference: nullableString,
  status: { type: 'string', enum: ['open', 'void'] },
  revision: { type: 'integer' },
  total: moneyOut,
  amountPaid: moneyOut,
  balance: moneyOut,
  createdAt: dateTime,
  updatedAt: dateTime,
  sync: syncOut,
} as const;

const summaryRequired = [
  'id',
  'payerId',
  'payerName',
  'number',
  'invoiceDate',
  'dueDate',
  'status',
  'revision',
  'total',
  'amountPaid',
  'balance',
  'sync',
] as const;

export const invoiceSummaryOut = { type: 'object', required: summaryRequired, properties: invoiceFields } as const;

export const invoiceOut = {
  type: 'object',
  required: [...summaryRequired, 'lines'],
  properties: { ...invoiceFields, lines: { type: 'array', items: invoiceLineOut } },
} as const;

export const invoiceListOut = {
  type: 'object',
  required: ['invoices', 'nextCursor'],
  properties: { invoices: { type: 'array', items: invoiceSummaryOut }, nextCursor: { type: ['string', 'null'] } },
} as const;
