import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/quickbooks_sync';

/** The local server's database when DATABASE_URL is unset; PGHOST and PGPORT move it, as they do for psql. */
export function defaultDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(DEFAULT_DATABASE_URL);
  if (env['PGHOST']) url.hostname = env['PGHOST'];
  if (env['PGPORT']) url.port = env['PGPORT'];
  return url.toString();
}

/** The database every part uses: DATABASE_URL as given, else the local server's. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env['DATABASE_URL'] || defaultDatabaseUrl(env);
}

export type Db = Kysely<Database>;

const INT8 = 20;
const DATE = 1082;

// Cents and identity ids are bigint; they stay far below 2^53, so a JS number is exact.
// A DATE is a calendar day, not an instant: keep it as 'YYYY-MM-DD' so no time zone can shift it.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

export function createPool(connectionString = databaseUrlFromEnv(), max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types });
  // A connection the server drops (a restart, a failover, pg_terminate_backend) emits 'error', and an
  // 'error' event nobody listens to ends the process. The pool listens only while a connection is idle;
  // one checked out but between queries (the realm gate holds its slot's transaction open through a QBO
  // call) has no listener, so every connection gets its own. What was using it fails on its next query,
  // and the pool replaces it; there is nothing else to do.
  const dropped = (error: Error) => console.warn(`[db] a connection was dropped: ${error.message}`);
  pool.on('connect', (client) => client.on('error', dropped));
  pool.on('error', dropped);
  return pool;
}

/** Queries over a pool that stays the caller's: destroying this Kysely would end the pool, so only its owner does. */
export function dbOver(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function createDb(connectionString = databaseUrlFromEnv(), max = 10): Db {
  return dbOver(createPool(connectionString, max));
}

/** Resolves when the database answers a trivial query: the API's readiness check. */
export async function databaseReachable(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
