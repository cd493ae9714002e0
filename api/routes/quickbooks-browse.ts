import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { listPage } from '../../quickbooks/listing.js';
import { quoteLiteral } from '../../quickbooks/query.js';
import type { QuickBooksAccess } from '../../qbo-connection/quickbooks-access.js';
import type { Customer, Item } from '../../quickbooks/wire-types.js';
import { firmOf, WRITERS } from '../plugins/auth.js';
import { authErrors, errorResponse } from '../schemas/common.js';
import { qboCustomerPageOut, qboItemPageOut } from '../schemas/quickbooks.js';

const browseQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    search: { type: 'string', minLength: 1, maxLength: 100, description: 'Part of the name' },
    cursor: { type: 'string', pattern: '^\\d{1,9}$' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;

const presentCustomer = (c: Customer) => ({
  id: c.Id,
  displayName: c.DisplayName,
  companyName: c.CompanyName ?? null,
  email: c.PrimaryEmailAddr?.Address ?? null,
  active: c.Active,
});
const presentItem = (i: Item) => ({
  id: i.Id,
  name: i.Name,
  type: i.Type,
  active: i.Active,
  unitPrice: i.UnitPrice ?? null,
});

/** `Active IN (true, false)`: a person mapping by hand must see inactive records too (they are marked). */
const where = (field: string, search: string | undefined) =>
  search ? `${field} LIKE ${quoteLiteral(`%${search}%`)} AND Active IN (true, false)` : 'Active IN (true, false)';

const errors = { ...authErrors, 409: errorResponse, 502: errorResponse } as const;

const customersSchema = {
  summary: 'QuickBooks customers (live), active and inactive',
  tags: ['mapping'],
  querystring: browseQuery,
  response: { 200: qboCustomerPageOut, ...errors },
} as const;

const itemsSchema = {
  summary: 'QuickBooks products and services (live), active and inactive',
  tags: ['mapping'],
  querystring: browseQuery,
  response: { 200: qboItemPageOut, ...errors },
} as const;

/** The firm's QuickBooks customers and items, live, for mapping by hand. */
export const quickbooksBrowseRoutes: FastifyPluginAsyncJsonSchemaToTs<{
  Options: { quickbooks: QuickBooksAccess };
}> = async (app, { quickbooks }) => {
  app.get(
    '/v1/quickbooks/customers',
    { schema: customersSchema, onRequest: app.allow(...WRITERS) },
    async (request) => {
      const { qbo } = await quickbooks.forFirm(firmOf(request));
      const { search, cursor, limit } = request.query;
      const { rows, next } = await listPage(qbo, 'Customer', where('DisplayName', search), Number(cursor ?? 1), limit);
      return { customers: rows.map(presentCustomer), nextCursor: next === null ? null : String(next) };
    },
  );

  app.get('/v1/quickbooks/items', { schema: itemsSchema, onRequest: app.allow(...WRITERS) }, async (request) => {
    const { qbo } = await quickbooks.forFirm(firmOf(request));
    const { search, cursor, limit } = request.query;
    const { rows, next } = await listPage(qbo, 'Item', where('Name', search), Number(cursor ?? 1), limit);
    return { items: rows.map(presentItem), nextCursor: next === null ? null : String(next) };
  });
};
