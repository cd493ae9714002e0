import type { Db } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';
import type { RealmGate } from '../quickbooks/client.js';
import type { QboSettings } from '../quickbooks/settings.js';
import type { TokenStore } from '../quickbooks/token-store.js';
import type { TemporalAccess } from '../temporal/client.js';

/** What activities need from the world, injected by the worker (and by tests). */
export interface ActivityDeps {
  db: Db;
  tokens: TokenStore;
  settings: QboSettings;
  /** Shared with every other process calling QBO: per-realm rate, concurrency and 429 pauses. */
  gate?: RealmGate;
  metrics?: Metrics;
  /** For activities that talk to other workflows (bulk sync jobs, payments from QuickBooks). */
  temporal?: TemporalAccess;
}
