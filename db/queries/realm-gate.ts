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

/** How a realm's shares of its limits fall when 429s repeat and grow back as time passes without them. */
export interface Adaptation {
  /** Each cut multiplies the rate's share by this. */
  rateCut: number;
  /**
   * A cut of the rate shows in QBO's count only once its window has slid past the calls made before it:
   * 429s sooner than this after a cut are that same excess, and cut nothing more.
   */
  secondsBetweenRateCuts: number;
  /** Each second after a cut adds this much of the configured limit back, up to all of it. */
  regrowPerSecond: { rate: number; concurrency: number };
  /** The least of the rate a cut leaves, so a realm always moves. */
  minRateShare: number;
}

export interface RealmThrottle {
  /** How long the realm's pause still lasts (0: none). */
  pauseMs: number;
  /** The shares of the configured rate and calls in flight the realm has now (1: all). */
  rateShare: number;
  concurrencyShare: number;
}

const UNTHROTTLED: RealmThrottle = { pauseMs: 0, rateShare: 1, concurrencyShare: 1 };

type Share = 'rate' | 'concurrency';

/** A share now: what its last cut left, grown back by the seconds since, at most 1. */
const shareNow = (share: Share, adaptation: Adaptation) => {
  const cutAt = sql.ref(`qbo_realm_throttle.${share}_cut_at`);
  return sql<number>`case when ${cutAt} is null then 1::double precision else least(1::double precision,
    ${sql.ref(`qbo_realm_throttle.${share}_share`)} + ${adaptation.regrowPerSecond[share]}::double precision * extract(epoch from now() - ${cutAt})) end`;
};

/** The realm's pause and shares, by the database's clock, which every machine shares. */
export async function realmThrottle(db: Db, realmId: string, adaptation: Adaptation): Promise<RealmThrottle> {
  const row = await db
    .selectFrom('qbo_realm_throttle')
    .select([
      sql<number>`greatest(0, ceil(extract(epoch from paused_until - now()) * 1000))::int`.as('pauseMs'),
      shareNow('rate', adaptation).as('rateShare'),
      shareNow('concurrency', adaptation).as('concurrencyShare'),
    ])
    .where('realm_id', '=', realmId)
    .executeTakeFirst();
  return row ?? UNTHROTTLED;
}

export interface Refusal {
  /** What QBO's Retry-After said, if it did. */
  retryAfterMs: number | undefined;
  /** The share of the configured calls in flight that were still running beside the refused one; null: none. */
  concurrencySeen: number | null;
}

/**
 * QuickBooks answered 429: nobody calls the realm for as long as it said (Retry-After), else for a pause
 * that doubles with each 429 in a row. 429s that arrive while the realm is already paused (calls that were
 * in flight together) count once, and a shorter pause never cuts a longer one short.
 *
 * It also learns what the company allows. The calls in flight are cut to those that were running beside
 * the refused one: the company refused that many, so it allows at most as many. The rate is cut blindly
 * (QBO does not say which limit it hit), and only by a 429 that comes after the realm recovered (the 429s
 * of one run of pauses are one refusal) and once the last cut has had time to show.
 */
export async function throttleRealm(
  db: Db,
  realmId: string,
  backoff: Backoff,
  adaptation: Adaptation,
  { retryAfterMs, concurrencySeen }: Refusal,
): Promise<void> {
  const secs = (strikes: RawBuilder<number>) =>
    sql<number>`coalesce(${retryAfterMs === undefined ? null : retryAfterMs / 1000}::double precision, least(${backoff.maxMs / 1000}::double precision, ${backoff.firstMs / 1000}::double precision * power(2, ${strikes})))`;
  const stillPaused = sql<boolean>`qbo_realm_throttle.paused_until > now()`;
  const cutsRate = sql<boolean>`not ${stillPaused} and qbo_realm_throttle.strikes = 0 and (qbo_realm_throttle.rate_cut_at is null
    or qbo_realm_throttle.rate_cut_at <= now() - make_interval(secs => ${adaptation.secondsBetweenRateCuts}::double precision))`;
  const cutsConcurrency = sql<boolean>`${concurrencySeen}::double precision < ${shareNow('concurrency', adaptation)}`;
  const firstRateShare = Math.max(adaptation.minRateShare, adaptation.rateCut);
  await db
    .insertInto('qbo_realm_throttle')
    .values({
      realm_id: realmId,
      strikes: 1,
      paused_until: sql<Date>`now() + make_interval(secs => ${secs(sql<number>`0`)})`,
      rate_share: firstRateShare,
      rate_cut_at: sql<Date>`now()`,
      concurrency_share: concurrencySeen ?? 1,
      concurrency_cut_at: concurrencySeen === null ? null : sql<Date>`now()`,
    })
    .onConflict((oc) =>
      oc.column('realm_id').doUpdateSet({
        // Every right-hand side reads the row as it was, so the shares are cut from what they are now.
        rate_share: sql<number>`case when ${cutsRate} then greatest(${adaptation.minRateShare}::double precision,
          ${shareNow('rate', adaptation)} * ${adaptation.rateCut}::double precision) else qbo_realm_throttle.rate_share end`,
        rate_cut_at: sql<Date>`case when ${cutsRate} then now() else qbo_realm_throttle.rate_cut_at end`,
        concurrency_share: sql<number>`case when ${cutsConcurrency} then ${concurrencySeen}::double precision
          else qbo_realm_throttle.concurrency_share end`,
        concurrency_cut_at: sql<Date>`case when ${cutsConcurrency} then now() else qbo_realm_throttle.concurrency_cut_at end`,
        strikes: sql<number>`case when ${stillPaused} then qbo_realm_throttle.strikes else qbo_realm_throttle.strikes + 1 end`,
        paused_until: sql<Date>`case when ${stillPaused} then qbo_realm_throttle.paused_until
          else now() + make_interval(secs => ${secs(sql<number>`qbo_realm_throttle.strikes`)}) end`,
      }),
    )
    .execute();
}

/** A call went through: the next 429 starts the backoff from its first pause again. */
export async function clearStrikes(db: Db, realmId: string): Promise<void> {
  await db
    .updateTable('qbo_realm_throttle')
    .set({ strikes: 0 })
    .where('realm_id', '=', realmId)
    .where('strikes', '>', 0)
    .execute();
}

/** The realm's start times kept in PostgreSQL: each spaces one kind of call evenly across every process. */
export type Spacing = 'next_call_at' | 'next_batch_at';

/**
 * Calls of one kind spaced `intervalMs` apart, whichever process makes them (all calls while a realm's
 * rate is cut; batch requests always): each takes the next free start time and answers how long to wait
 * for it.
 */
export async function nextStartWaitMs(db: Db, realmId: string, spacing: Spacing, intervalMs: number): Promise<number> {
  const interval = sql`make_interval(secs => ${intervalMs / 1000}::double precision)`;
  const current = sql.ref(`qbo_realm_throttle.${spacing}`);
  const row = await db
    .insertInto('qbo_realm_throttle')
    .values({ realm_id: realmId, [spacing]: sql<Date>`now() + ${interval}` })
    .onConflict((oc) =>
      oc
        .column('realm_id')
        .doUpdateSet({ [spacing]: sql<Date>`greatest(coalesce(${current}, now()), now()) + ${interval}` }),
    )
    .returning(
      sql<number>`greatest(0, ceil(extract(epoch from ${current} - ${interval} - now()) * 1000))::int`.as('ms'),
    )
    .executeTakeFirstOrThrow();
  return row.ms;
}
