// Schema pieces shared by routes. Each route's JSON schema validates input, shapes output, types the
// handler (json-schema-to-ts) and feeds the OpenAPI document: one source for all four.

export const MONEY_PATTERN = '^\\d{1,13}(\\.\\d{1,2})?$';

export const money = {
  type: 'string',
  pattern: MONEY_PATTERN,
  description: 'Decimal amount with up to two places, e.g. "1250.00"',
} as const;
export const moneyOut = { type: 'string', description: 'Decimal amount with two places, e.g. "1250.00"' } as const;
export const uuid = { type: 'string', format: 'uuid' } as const;
export const date = { type: 'string', format: 'date', description: 'YYYY-MM-DD' } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const nullableString = { type: ['string', 'null'] } as const;

export const errorResponse = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string' },
    intuitTid: { type: 'string', description: "QuickBooks' transaction id, for Intuit support" },
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const;

export const pageQuery = {
  cursor: { type: 'string', maxLength: 100 },
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
} as const;

export const address = {
  type: 'object',
  additionalProperties: false,
  properties: {
    line1: { type: 'string', maxLength: 500 },
    line2: { type: 'string', maxLength: 500 },
    city: { type: 'string', maxLength: 255 },
    region: { type: 'string', maxLength: 255 },
    postalCode: { type: 'string', maxLength: 30 },
    country: { type: 'string', maxLength: 255 },
  },
} as const;

/** The error bodies every authenticated route can answer with. */
export const authErrors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
} as const;
