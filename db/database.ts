import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/quickbooks_sync';

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

export function createPool(connectionString = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types });
  // An idle connection the server drops (a restart, a failover, pg_terminate_backend) is reported here, and
  // an 'error' event nobody listens to ends the process. The pool has already discarded that connection
  // and opens a new one when next asked; queries in flight fail on their own, so there is nothing to do.
  pool.on('error', (error) => console.warn(`[db] an idle connection was dropped: ${error.message}`));
  return pool;
}

/** Queries over a pool that stays the caller's: destroying this Kysely would end the pool, so only its owner does. */
export function dbOver(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function createDb(connectionString = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, max = 10): Db {
  return dbOver(createPool(connectionString, max));
}

/** Resolves when the database answers a trivial query: the API's readiness check. */
export async function databaseReachable(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
