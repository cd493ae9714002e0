import type { Db } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';
import { QuickBooksAccess } from '../qbo-connection/quickbooks-access.js';
import { realmLimitsFromEnv } from '../qbo-connection/realm-gate.js';
import { qboSettingsFromEnv } from '../qbo-connection/settings.js';
import { TokenCipher } from '../qbo-connection/token-cipher.js';

export interface LocalQuickBooks {
  db: Db;
  databaseUrl: string;
  /** The run's QBO sandbox. */
  sandboxUrl: string;
  /** Where this API listens: Intuit's consent screen sends people back to its callback. */
  apiPort: number;
  tokenEncryptionKey: string;
  metrics: Metrics;
}

/** QuickBooks access for an API run in-process against the project's sandbox (tests, bench, chaos). */
export function localQuickBooksAccess(local: LocalQuickBooks): QuickBooksAccess {
  return new QuickBooksAccess({
    db: local.db,
    settings: qboSettingsFromEnv({
      QBO_ENVIRONMENT: 'local',
      QBO_SANDBOX_PORT: new URL(local.sandboxUrl).port,
      PORT: String(local.apiPort),
    }),
    cipher: new TokenCipher(local.tokenEncryptionKey),
    metrics: local.metrics,
    gate: { ...realmLimitsFromEnv(), databaseUrl: local.databaseUrl, callsInFlight: 10 },
  });
}
