import type { Db } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';
import type { QuickBooksAccess } from '../qbo-connection/quickbooks-access.js';
import type { TemporalAccess } from '../temporal/client.js';

/** What activities need from the world, injected by the worker (and by tests). */
export interface ActivityDeps {
  db: Db;
  quickbooks: QuickBooksAccess;
  metrics: Metrics;
  /** For activities that talk to other workflows (bulk sync jobs, payments from QuickBooks). */
  temporal?: TemporalAccess;
}
