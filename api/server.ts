import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Db } from '../db/database.js';
import { countInvoicesBySyncStatus } from '../db/queries/invoices.js';
import type { Metrics } from '../observability/metrics.js';
import type { QuickBooksAccess } from '../qbo-connection/quickbooks-access.js';
import type { TemporalAccess } from '../temporal/client.js';
import { logOptions } from './log-options.js';
import { authPlugin } from './plugins/auth.js';
import { consolePlugin } from './plugins/console.js';
import { drainPlugin } from './plugins/drain.js';
import { errorsPlugin } from './plugins/errors.js';
import { openapiPlugin } from './plugins/openapi.js';
import { sessionsPlugin } from './plugins/sessions.js';
import { useStrictBodies } from './plugins/validation.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { driftReportRoutes } from './routes/drift-reports.js';
import { feeItemRoutes } from './routes/fee-items.js';
import { firmRoutes } from './routes/firms.js';
import { healthRoutes } from './routes/health.js';
import { invoiceRoutes } from './routes/invoices.js';
import { mappingRoutes } from './routes/mappings.js';
import { metricsRoutes } from './routes/metrics.js';
import { payerRoutes } from './routes/payers.js';
import { paymentRoutes } from './routes/payments.js';
import { quickbooksBrowseRoutes } from './routes/quickbooks-browse.js';
import { quickbooksConnectRoutes } from './routes/quickbooks-connect.js';
import { quickbooksSetupRoutes } from './routes/quickbooks-setup.js';
import { sessionRoutes } from './routes/session.js';
import { syncJobRoutes } from './routes/sync-jobs.js';
import { syncLogRoutes } from './routes/sync-log.js';
import { syncRoutes } from './routes/sync.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';

export interface ApiOptions {
  db: Db;
  temporal: TemporalAccess & { namespace: string };
  /** For the QBO calls the API makes itself (connecting, browsing, mapping), through the realm gate the workers share. */
  quickbooks: QuickBooksAccess;
  /** The same registry `quickbooks` counts its calls in. */
  metrics: Metrics;
  adminToken: string | undefined;
  temporalUiUrl?: string;
  /** Verifies QBO's webhooks; without it every webhook is refused. */
  webhookVerifierToken?: string;
  /** A pino logger configuration, or false for none; credentials are redacted either way. */
  logger?: FastifyServerOptions['logger'];
  /**
   * Signs the session cookie; at least 32 characters (SESSION_SECRET). Without it a random one is made,
   * so sessions do not survive a restart and are not shared between API processes.
   */
  sessionSecret?: string;
  /** Sign-in (and set-password) attempts a minute for one client and email (SIGN_IN_ATTEMPTS_PER_MINUTE, default 10). */
  signInAttemptsPerMinute?: number;
  /** Fastify's trustProxy (TRUST_PROXY): behind a TLS-terminating proxy, so the cookie is Secure and the client IP is right. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** Where the built billing console is (default console/dist). */
  consoleDir?: string;
}

export async function buildApi(options: ApiOptions) {
  const app = Fastify({
    logger: options.logger === undefined ? logOptions() : options.logger,
    trustProxy: options.trustProxy ?? false,
    // Draining on close: no new connection is accepted, idle keep-alive ones are closed at once, a request
    // on one still open answers 503 (routes' return503OnClosing, on by default), and the requests in flight
    // finish, their connections closing after them (drainPlugin).
    forceCloseConnections: 'idle',
  }).withTypeProvider<JsonSchemaToTsProvider>();
  useStrictBodies(app);

  await app.register(drainPlugin);
  await app.register(errorsPlugin);
  await app.register(openapiPlugin);
  await app.register(sessionsPlugin, {
    db: options.db,
    secret: options.sessionSecret,
    attemptsPerMinute: options.signInAttemptsPerMinute ?? 10,
  });
  await app.register(authPlugin, { db: options.db, adminToken: options.adminToken });

  const { db, temporal, quickbooks, metrics } = options;
  await app.register(healthRoutes, { db, temporal, qboApiBaseUrl: quickbooks.settings.apiBaseUrl });
  await app.register(webhookRoutes, { db, temporal, verifierToken: options.webhookVerifierToken });
  await app.register(metricsRoutes, { registry: metrics.registry, invoiceCounts: () => countInvoicesBySyncStatus(db) });
  await app.register(firmRoutes, { db });
  await app.register(apiKeyRoutes, { db });
  await app.register(sessionRoutes, { db });
  await app.register(userRoutes, { db });
  await app.register(quickbooksSetupRoutes, { db, temporal });
  await app.register(quickbooksConnectRoutes, { db, quickbooks });
  await app.register(quickbooksBrowseRoutes, { quickbooks });
  await app.register(mappingRoutes, { db, quickbooks, temporal });
  await app.register(payerRoutes, { db, temporal });
  await app.register(feeItemRoutes, { db, temporal });
  await app.register(invoiceRoutes, { db, temporal });
  await app.register(paymentRoutes, { db, temporal });
  await app.register(syncRoutes, { db, temporal });
  await app.register(syncJobRoutes, { db, temporal, quickbooks });
  await app.register(driftReportRoutes, { db, temporal });
  await app.register(syncLogRoutes, { db, temporalUiUrl: options.temporalUiUrl, namespace: temporal.namespace });
  await app.register(consolePlugin, { dir: options.consoleDir });
  return app;
}
