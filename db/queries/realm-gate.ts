import { sql } from 'kysely';
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

/** Nobody calls the realm before now + ms; a shorter pause never cuts a longer one short. */
export async function pauseRealm(db: Db, realmId: string, ms: number): Promise<void> {
  await db
    .insertInto('qbo_realm_pauses')
    .values({ realm_id: realmId, paused_until: sql<Date>`now() + make_interval(secs => ${ms / 1000})` })
    .onConflict((oc) =>
      oc
        .column('realm_id')
        .doUpdateSet({ paused_until: sql<Date>`greatest(qbo_realm_pauses.paused_until, excluded.paused_until)` }),
    )
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
