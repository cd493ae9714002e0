import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Registry } from 'prom-client';
import { exposition, invoicesByStatusRegistry, type InvoiceCounts } from '../../observability/metrics.js';

export interface MetricsRouteOptions {
  /** The API process's own metrics. */
  registry: Registry;
  /** Invoices by shown sync status, from the database (QBO calls happen in the worker; this shows their result). */
  invoiceCounts: InvoiceCounts;
}

const prometheusText = {
  description: 'Prometheus text exposition format',
  content: { 'text/plain': { schema: { type: 'string' } } },
} as const;

export const metricsRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: MetricsRouteOptions }> = async (
  app,
  { registry, invoiceCounts },
) => {
  const invoices = invoicesByStatusRegistry(invoiceCounts);

  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics of the API and invoice counts by sync status',
        tags: ['ops'],
        security: [],
        response: { 200: prometheusText },
      },
    },
    async (_request, reply) => {
      const { contentType, text } = await exposition([registry, invoices]);
      return reply.type(contentType).send(text);
    },
  );
};
