import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { dbOver, type Db } from '../db/database.js';
import {
  clearStrikes,
  ensureSlots,
  holdFreeSlot,
  nextStartWaitMs,
  realmThrottle,
  throttleRealm,
  type Adaptation,
  type Backoff,
  type HeldSlot,
  type RealmThrottle,
  type Spacing,
} from '../db/queries/realm-gate.js';
import type { RealmGate } from '../quickbooks/client.js';

// QBO's per-realm limits, shared through PostgreSQL by every process on every machine that calls QBO, and
// kept per realm so one busy company never slows another:
// - rate: rate-limiter-flexible counts each realm's requests per window in qbo_rate_limits; a request over
//   the limit waits for the next window instead of failing, so a bulk job slows down rather than breaks.
//   Its windows are fixed, but QBO counts any 60 seconds: so the minute is cut into slices, each allowed
//   limit / (slices + 1) requests, and no 60-second span (which touches at most slices + 1 of them) can
//   hold more than the limit. With slices of about a second, 96-98% of QBO's limit still gets through.
//   The library times windows with each process's clock, so the machines' clocks must agree (NTP).
//   Batch requests, on top, start evenly spaced by a start time kept per realm (see batchTurn).
// - in flight: a call holds one of the realm's slot rows locked (SELECT ... FOR UPDATE SKIP LOCKED) in
//   an open transaction until it ends, however it ends; a crashed process's locks die with its connections.
// - pause: after a 429 the realm's paused_until is set, by the database's clock; nobody starts a call
//   before it passes. It lasts what QBO's Retry-After says, else a second, doubling with each 429 in a row
//   up to 8 s: a 429 caused by another app sharing the company, or by a brief burst, costs seconds,
//   while a realm that keeps refusing is left alone for longer and longer.
// - shares: a company may allow less than the limits configured here (another app uses the rest, or it
//   holds this app to fewer calls at once), so 429s teach the gate what it really allows (multiplicative
//   decrease): the calls in flight are cut to those QBO was running beside a refused one, and the rate's
//   share is cut when 429s come back after the realm recovered. Each second without a cut gives some back
//   (additive increase, by time, so that a success costs no write). While the rate is cut, calls are
//   spaced evenly by a start time kept in PostgreSQL: the realm is offered just under what it took before
//   the cut, instead of bursts that fill QBO's minute early and then wait out the rest of it.
//
// Pool size: every call in flight keeps one pooled connection busy for its whole duration (its slot's
// transaction), and admission borrows one for a moment. The pool given here therefore needs more
// connections than the process ever has QBO calls in flight, across all realms (for the worker: its
// activity concurrency), plus about two; a smaller pool would let one realm's calls queue for connections
// behind another's. The server's idle_in_transaction_session_timeout, if set, must outlast a QBO call.

export interface RealmLimits {
  /** Requests a realm may start in any window (sliding); 0: no limit. */
  perMinute: number;
  /** Requests a realm may have in flight at once; 0: no limit. */
  concurrent: number;
  /** Batch requests a realm may start in any window (QBO's 40 per company and app), on top of `perMinute`; 0 or absent: no limit. */
  batchPerMinute?: number;
  /** The rate window; QBO's is a minute, tests use a shorter one. */
  windowSeconds?: number;
}

export interface RealmGateOptions extends RealmLimits {
  pool: pg.Pool;
  /** How long a realm is left alone after 429s, when QBO does not say (Retry-After). */
  backoff: Backoff;
  /** How far repeated 429s cut the realm's shares of these limits and how fast they grow back; ADAPTATION when left out. */
  adaptation?: Adaptation;
}

/** Finer slices let more of the limit through; much below a second each, the limiter's own round trips would dominate. */
const MAX_SLICES = 60;

/**
 * The fixed windows that keep any sliding window within `limit` (see the note above): of the slice counts
 * allowed, the one that lets the most requests through per window, the finer one on a tie. The limiter
 * stores expiry times as whole milliseconds, so a slice must last a whole number of them.
 */
export function rateSlices(limit: number, windowSeconds: number): { points: number; duration: number } {
  const windowMs = windowSeconds * 1000;
  let best = { slices: 1, sustained: Math.floor(limit / 2) };
  for (let slices = 2; slices <= MAX_SLICES; slices++) {
    if (!Number.isInteger((windowMs / slices / 1000) * 1000)) continue;
    const sustained = slices * Math.floor(limit / (slices + 1));
    if (sustained > 0 && sustained >= best.sustained) best = { slices, sustained };
  }
  return { points: Math.max(1, Math.floor(limit / (best.slices + 1))), duration: windowMs / best.slices / 1000 };
}

/** Waiting for a slot, a call looks again after 50-200 ms: spread out, so waiters do not poll in step. */
const SLOT_RETRY_MS = { min: 50, jitter: 150 };

/** Calls refused in one window all wake when it ends; a little spread keeps them from arriving as one burst. */
const RATE_RETRY_JITTER_MS = 50;

/**
 * Batch turns are kept by the database's clock, but each request reaches QBO a little later than its turn,
 * some later than others: gaps 1% longer than the limit needs absorb up to 0.6 s of that spread in a minute.
 */
const BATCH_SPACING_SLACK = 1.01;

const UNLIMITED: HeldSlot = { release: async () => undefined };

/**
 * A mild cut of the rate: QBO counts a sliding minute, so an offer a little under the company's limit keeps
 * its whole minute used, while a deep cut would leave part of it unused until the share grows back; and at
 * most one cut a minute, since a lower rate shows in QBO's count only once its minute has slid by. The
 * rate grows back by 0.1% of the limit a second (a cut of 15% in two and a half minutes), the calls at once
 * by 0.5%: a company that keeps refusing is probed again every few minutes, and one whose other app stopped
 * is used fully again about as soon. Measured against a company allowing half the rate and 4 calls at once
 * (the bench's scenario A′), these keep 96% of what it allows in use.
 */
export const ADAPTATION: Adaptation = {
  rateCut: 0.85,
  secondsBetweenRateCuts: 60,
  regrowPerSecond: { rate: 0.001, concurrency: 0.005 },
  minRateShare: 0.05,
};

class SharedRealmGate implements RealmGate {
  private readonly db: Db;
  private readonly adaptation: Adaptation;
  private readonly limiter: RateLimiterPostgres | null;
  /** Realms whose slot rows this process has already made sure of. */
  private readonly seeded = new Set<string>();
  /** Realms this process saw answer 429 since their last success. */
  private readonly struck = new Set<string>();
  /** This process's calls running per realm: a 429 beside others may mean the company allows fewer at once. */
  private readonly running = new Map<string, number>();

  constructor(private readonly options: RealmGateOptions) {
    this.db = dbOver(options.pool);
    this.adaptation = options.adaptation ?? ADAPTATION;
    this.limiter = options.perMinute
      ? new RateLimiterPostgres({
          storeClient: options.pool,
          storeType: 'pool',
          tableName: 'qbo_rate_limits',
          // Migration 0004 made the table, so the limiter is ready at once and never issues DDL.
          tableCreated: true,
          // One row per realm, reused window after window: nothing piles up to sweep, so no timer.
          clearExpiredByTimeout: false,
          keyPrefix: 'realm',
          ...rateSlices(options.perMinute, options.windowSeconds ?? 60),
        })
      : null;
  }

  async run<T>(realmId: string, call: () => Promise<T>, kind?: 'batch'): Promise<T> {
    // Waiting out a pause first keeps a paused realm's waiters from spending the next window's requests.
    const throttle = await this.pauseOver(realmId);
    const waitedForShare = await this.rateShareTurn(realmId, throttle.rateShare);
    // A limit holds QBO's sliding minute only if calls start when they take their point or turn, so a batch
    // takes its scarcer batch turn last: taken first, a wait for the general point would push it into the
    // next batch's turn.
    const waitedForRate = await this.ratePoint(realmId);
    const waitedForBatch = kind === 'batch' && (await this.batchTurn(realmId));
    const slot = await this.slotOutsidePause(
      realmId,
      waitedForShare || waitedForRate || waitedForBatch,
      throttle.concurrencyShare,
    );
    this.running.set(realmId, (this.running.get(realmId) ?? 0) + 1);
    try {
      return await call();
    } finally {
      const left = this.running.get(realmId)! - 1;
      if (left === 0) this.running.delete(realmId);
      else this.running.set(realmId, left);
      await slot.release();
    }
  }

  async throttled(realmId: string, retryAfterMs: number | undefined): Promise<void> {
    this.struck.add(realmId);
    const { concurrent } = this.options;
    const running = this.running.get(realmId) ?? 0;
    await throttleRealm(this.db, realmId, this.options.backoff, this.adaptation, {
      retryAfterMs,
      concurrencySeen: concurrent > 0 && running > 0 ? running / concurrent : null,
    });
  }

  async answered(realmId: string): Promise<void> {
    // Only a process that saw the realm throttled has strikes to clear: the others pay nothing per call.
    if (!this.struck.delete(realmId)) return;
    await clearStrikes(this.db, realmId);
  }

  /** The realm's throttle once any pause is over. */
  private async pauseOver(realmId: string): Promise<RealmThrottle> {
    for (;;) {
      const throttle = await realmThrottle(this.db, realmId, this.adaptation);
      if (throttle.pauseMs === 0) return throttle;
      await sleep(throttle.pauseMs);
    }
  }

  /** While the realm's rate is cut, the call's turn in the evenly spaced calls; whether it had to wait. */
  private async rateShareTurn(realmId: string, rateShare: number): Promise<boolean> {
    const { perMinute, windowSeconds = 60 } = this.options;
    if (perMinute === 0 || rateShare >= 1) return false;
    return this.turn(realmId, 'next_call_at', (windowSeconds * 1000) / (perMinute * rateShare));
  }

  /** Waits for the next free start time of the calls spaced `intervalMs` apart by `spacing`; whether it waited. */
  private async turn(realmId: string, spacing: Spacing, intervalMs: number): Promise<boolean> {
    const waitMs = await nextStartWaitMs(this.db, realmId, spacing, intervalMs);
    if (waitMs === 0) return false;
    await sleep(waitMs);
    return true;
  }

  /** Whether the call had to wait for the next window. */
  private async ratePoint(realmId: string): Promise<boolean> {
    const limiter = this.limiter;
    if (!limiter) return false;
    for (let waited = false; ; waited = true) {
      try {
        await limiter.consume(realmId);
        return waited;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        await sleep(refusal.msBeforeNext + Math.random() * RATE_RETRY_JITTER_MS);
      }
    }
  }

  /**
   * A batch request's turn, and whether it had to wait for it. Batches are few (40 a minute) and each carries
   * up to 30 writes, so fixed windows, which hold a sliding minute only by letting 36 through, would cost a
   * tenth of the batch ceiling; evenly spaced starts keep any 60 seconds within the limit and use nearly all
   * of it.
   */
  private async batchTurn(realmId: string): Promise<boolean> {
    const { batchPerMinute = 0, windowSeconds = 60 } = this.options;
    if (batchPerMinute === 0) return false;
    return this.turn(realmId, 'next_batch_at', ((windowSeconds * 1000) / batchPerMinute) * BATCH_SPACING_SLACK);
  }

  /**
   * A slot, taken after any pause that began while this call waited (a 429 from a call in flight). A call
   * that never waited was checked against pauses a moment ago, and needs no second look.
   */
  private async slotOutsidePause(realmId: string, waitedBefore: boolean, concurrencyShare: number): Promise<HeldSlot> {
    for (;;) {
      const { slot, waited } = await this.freeSlot(realmId, concurrencyShare);
      if (!waited && !waitedBefore) return slot;
      // A slot is a lock held by an open transaction: one that is not handed on must be released, or the
      // realm loses it until the connection dies.
      const paused = await realmThrottle(this.db, realmId, this.adaptation).then(
        (throttle) => throttle.pauseMs > 0,
        async (error: unknown) => {
          await slot.release();
          throw error;
        },
      );
      if (!paused) return slot;
      await slot.release();
      concurrencyShare = (await this.pauseOver(realmId)).concurrencyShare;
      waitedBefore = true;
    }
  }

  /** One of the realm's slots: its share of the configured calls in flight, at least one. */
  private async freeSlot(realmId: string, concurrencyShare: number): Promise<{ slot: HeldSlot; waited: boolean }> {
    const { concurrent } = this.options;
    if (concurrent === 0) return { slot: UNLIMITED, waited: false };
    if (!this.seeded.has(realmId)) {
      await ensureSlots(this.db, realmId, concurrent);
      this.seeded.add(realmId);
    }
    const allowed = Math.max(1, Math.floor(concurrent * concurrencyShare));
    for (let waited = false; ; waited = true) {
      const slot = await holdFreeSlot(this.db, realmId, allowed);
      if (slot) return { slot, waited };
      await sleep(SLOT_RETRY_MS.min + Math.random() * SLOT_RETRY_MS.jitter);
    }
  }
}

export function createRealmGate(options: RealmGateOptions): RealmGate {
  return new SharedRealmGate(options);
}

function limitFromEnv(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not ${value}`);
  return n;
}

/**
 * QBO_RATE_PER_MIN (default 500), QBO_MAX_CONCURRENT (default 10) and QBO_BATCH_RATE_PER_MIN (default 40),
 * QBO's own limits; 0 turns one off.
 */
export function realmLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RealmLimits {
  return {
    perMinute: limitFromEnv('QBO_RATE_PER_MIN', env['QBO_RATE_PER_MIN'], 500),
    concurrent: limitFromEnv('QBO_MAX_CONCURRENT', env['QBO_MAX_CONCURRENT'], 10),
    batchPerMinute: limitFromEnv('QBO_BATCH_RATE_PER_MIN', env['QBO_BATCH_RATE_PER_MIN'], 40),
  };
}
