import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Db } from '../db/database.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin } from './plugins/errors.js';
import { openapiPlugin } from './plugins/openapi.js';
import { useStrictBodies } from './plugins/validation.js';
import type { TemporalAccess } from './route-types.js';
import { feeItemRoutes } from './routes/fee-items.js';
import { firmRoutes } from './routes/firms.js';
import { healthRoutes } from './routes/health.js';
import { invoiceRoutes } from './routes/invoices.js';
import { payerRoutes } from './routes/payers.js';
import { syncLogRoutes } from './routes/sync-log.js';
import { syncRoutes } from './routes/sync.js';

export interface ApiOptions {
  db: Db;
  temporal: TemporalAccess & { namespace: string };
  adminToken: string | undefined;
  temporalUiUrl?: string;
  logger?: FastifyServerOptions['logger'];
}

/** Never let a credential reach the request log. */
const redact = ['req.headers.authorization', 'req.headers["intuit-signature"]'];

export async function buildApi(options: ApiOptions) {
  const app = Fastify({
    logger: options.logger ?? { level: process.env.LOG_LEVEL ?? 'info', redact },
  }).withTypeProvider<JsonSchemaToTsProvider>();
  useStrictBodies(app);

  await app.register(errorsPlugin);
  await app.register(openapiPlugin);
  await app.register(authPlugin, { db: options.db, adminToken: options.adminToken });

  const { db, temporal } = options;
  await app.register(healthRoutes, { db, temporal });
  await app.register(firmRoutes, { db });
  await app.register(payerRoutes, { db });
  await app.register(feeItemRoutes, { db });
  await app.register(invoiceRoutes, { db });
  await app.register(syncRoutes, { db, temporal });
  await app.register(syncLogRoutes, { db, temporalUiUrl: options.temporalUiUrl, namespace: temporal.namespace });
  return app;
}
