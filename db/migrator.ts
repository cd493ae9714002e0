import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as initial from './migrations/0001_initial.js';
import * as connectionLifecycle from './migrations/0002_connection_lifecycle.js';
import * as realmScopedMappings from './migrations/0003_realm_scoped_mappings.js';
import * as realmGate from './migrations/0004_realm_gate.js';
import * as paymentsBothWays from './migrations/0005_payments_both_ways.js';
import * as usersAndSessions from './migrations/0006_users_and_sessions.js';
import * as throttleBackoff from './migrations/0007_throttle_backoff.js';
import * as adaptiveThrottle from './migrations/0008_adaptive_throttle.js';
import * as entityUpdates from './migrations/0009_entity_updates.js';
import * as driftReports from './migrations/0010_drift_reports.js';
import * as batchSpacing from './migrations/0011_batch_spacing.js';
import * as createBegun from './migrations/0012_create_begun.js';

// Listed explicitly rather than read from disk, so the same code runs under tsx, vitest and a bundle.
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_connection_lifecycle': connectionLifecycle,
  '0003_realm_scoped_mappings': realmScopedMappings,
  '0004_realm_gate': realmGate,
  '0005_payments_both_ways': paymentsBothWays,
  '0006_users_and_sessions': usersAndSessions,
  '0007_throttle_backoff': throttleBackoff,
  '0008_adaptive_throttle': adaptiveThrottle,
  '0009_entity_updates': entityUpdates,
  '0010_drift_reports': driftReports,
  '0011_batch_spacing': batchSpacing,
  '0012_create_begun': createBegun,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
