import { createDb, databaseUrlFromEnv } from '../db/database.js';
import { createMetrics } from '../observability/metrics.js';
import { QuickBooksAccess } from '../qbo-connection/quickbooks-access.js';
import { realmLimitsFromEnv } from '../qbo-connection/realm-gate.js';
import { qboSettingsFromEnv } from '../qbo-connection/settings.js';
import { TokenCipher } from '../qbo-connection/token-cipher.js';
import { connectTemporal } from '../temporal/client.js';
import { temporalConfig } from '../temporal/config.js';
import { buildApi, type ApiOptions } from './server.js';
import { drainOnSignals } from './shutdown.js';

const db = createDb();
const metrics = createMetrics();
const quickbooks = new QuickBooksAccess({
  db,
  settings: qboSettingsFromEnv(),
  cipher: TokenCipher.fromEnv(),
  metrics,
  // The API's own QBO calls (connecting, browsing, mapping) are few.
  gate: { ...realmLimitsFromEnv(), databaseUrl: databaseUrlFromEnv(), callsInFlight: 10 },
});
// Lazy: the API starts (and /healthz answers) while Temporal is still coming up; /readyz tells the difference.
const temporal = await connectTemporal(temporalConfig(), { lazy: true });

/** TRUST_PROXY: `true`, a number of proxy hops, or the proxies' addresses/CIDRs, comma-separated; unset trusts none. */
function trustProxyFromEnv(value = process.env.TRUST_PROXY?.trim()): ApiOptions['trustProxy'] {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (!/^\d+$/.test(value)) return value;
  const hops = Number(value);
  return (_address: string, hop: number) => hop < hops;
}

const app = await buildApi({
  db,
  temporal,
  quickbooks,
  metrics,
  adminToken: process.env.ADMIN_TOKEN,
  temporalUiUrl: process.env.TEMPORAL_UI_URL,
  webhookVerifierToken: process.env.QBO_WEBHOOK_VERIFIER_TOKEN,
  sessionSecret: process.env.SESSION_SECRET || undefined,
  signInAttemptsPerMinute: Number(process.env.SIGN_IN_ATTEMPTS_PER_MINUTE || 10),
  trustProxy: trustProxyFromEnv(),
});

drainOnSignals(
  [
    { name: 'the HTTP server', close: () => app.close() },
    { name: 'the Temporal client', close: () => temporal.close() },
    { name: "QuickBooks access (the realm gate's pool)", close: () => quickbooks.close() },
    { name: 'the database pool', close: () => db.destroy() },
  ],
  app.log,
);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const address = await app.listen({ port, host });
console.log(`API listening on ${address} (OpenAPI at ${address}/docs)`);
