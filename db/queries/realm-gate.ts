import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';

/** One of a realm's call slots, held until released. */
export interface HeldSlot {
  release(): Promise<void>;
}

/** Makes sure the realm has slot rows 0..count-1; processes may race to do it. */
export async function ensureSlots(db: Db, realmId: string, count: number): Promise<void> {
  await db
    .insertInto('qbo_realm_slots')
    .values(Array.from({ length: count }, (_, slot) => ({ realm_id: realmId, slot })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Locks one of the realm's first `count` slots that nobody holds, or answers null when all are taken.
 * The lock lives in an open transaction, so a process that dies frees its slots with its connection.
 */
export async function holdFreeSlot(db: Db, realmId: string, count: number): Promise<HeldSlot | null> {
  const trx = await db.startTransaction().execute();
  // Kysely hands the connection back to the pool even when the rollback fails, and a connection that
  // cannot roll back has lost its lock anyway: either way the slot is free, so a release never throws.
  const release = () =>
    trx
      .rollback()
      .execute()
      .catch(() => undefined);
  let row: { slot: number } | undefined;
  try {
    row = await trx
      .selectFrom('qbo_realm_slots')
      .select('slot')
      .where('realm_id', '=', realmId)
      .where('slot', '<', count)
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
  } catch (error) {
    await release();
    throw error;
  }
  if (row) return { release };
  await release();
  return null;
}

export interface Backoff {
  /** The pause after a first 429. */
  firstMs: number;
  /** The longest pause, however many 429s came in a row. */
  maxMs: number;
}

/**
 * QuickBooks answered 429: nobody calls the realm for as long as it said (Retry-After), else for a pause
 * that doubles with each 429 in a row. 429s that arrive while the realm is already paused (calls that were
 * in flight together) count once. A shorter pause never cuts a longer one short.
 */
export async function throttleRealm(
  db: Db,
  realmId: string,
  backoff: Backoff,
  retryAfterMs: number | undefined,
): Promise<void> {
  const secs = (strikes: RawBuilder<number>) =>
    sql<number>`coalesce(${retryAfterMs === undefined ? null : retryAfterMs / 1000}::double precision, least(${backoff.maxMs / 1000}::double precision, ${backoff.firstMs / 1000}::double precision * power(2, ${strikes})))`;
  const stillPaused = sql<boolean>`qbo_realm_pauses.paused_until > now()`;
  await db
    .insertInto('qbo_realm_pauses')
    .values({
      realm_id: realmId,
      strikes: 1,
      paused_until: sql<Date>`now() + make_interval(secs => ${secs(sql<number>`0`)})`,
    })
    .onConflict((oc) =>
      oc.column('realm_id').doUpdateSet({
        strikes: sql<number>`case when ${stillPaused} then qbo_realm_pauses.strikes else qbo_realm_pauses.strikes + 1 end`,
        paused_until: sql<Date>`case when ${stillPaused} then qbo_realm_pauses.paused_until
          else now() + make_interval(secs => ${secs(sql<number>`qbo_realm_pauses.strikes`)}) end`,
      }),
    )
    .execute();
}

/** A call went through: the next 429 starts the backoff from its first pause again. */
export async function clearStrikes(db: Db, realmId: string): Promise<void> {
  await db
    .updateTable('qbo_realm_pauses')
    .set({ strikes: 0 })
    .where('realm_id', '=', realmId)
    .where('strikes', '>', 0)
    .execute();
}

/** How long the realm's pause still lasts (0: none), by the database's clock, which every machine shares. */
export async function pauseLeftMs(db: Db, realmId: string): Promise<number> {
  const row = await db
    .selectFrom('qbo_realm_pauses')
    .select(sql<number>`ceil(extract(epoch from paused_until - now()) * 1000)::int`.as('ms'))
    .where('realm_id', '=', realmId)
    .where('paused_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.ms ?? 0;
}
