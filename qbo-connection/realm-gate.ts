import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { dbOver, type Db } from '../db/database.js';
import {
  clearStrikes,
  ensureSlots,
  holdFreeSlot,
  pauseLeftMs,
  throttleRealm,
  type Backoff,
  type HeldSlot,
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
// - in flight: a call holds one of the realm's slot rows locked (SELECT ... FOR UPDATE SKIP LOCKED) in
//   an open transaction until it ends, however it ends; a crashed process's locks die with its connections.
// - pause: after a 429 the realm's paused_until is set, by the database's clock; nobody starts a call
//   before it passes. It lasts what QBO's Retry-After says, else a second, doubling with each 429 in a row
//   up to a minute: a 429 caused by another app sharing the company, or by a brief burst, costs seconds,
//   while a realm that keeps refusing is left alone for longer and longer.
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
  /** The rate window; QBO's is a minute, tests use a shorter one. */
  windowSeconds?: number;
}

export interface RealmGateOptions extends RealmLimits {
  pool: pg.Pool;
  /** How long a realm is left alone after 429s, when QBO does not say (Retry-After). */
  backoff: Backoff;
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

const UNLIMITED: HeldSlot = { release: async () => undefined };

class SharedRealmGate implements RealmGate {
  private readonly db: Db;
  private readonly limiter: RateLimiterPostgres | null;
  /** Realms whose slot rows this process has already made sure of. */
  private readonly seeded = new Set<string>();
  /** Realms this process saw answer 429 since their last success. */
  private readonly struck = new Set<string>();

  constructor(private readonly options: RealmGateOptions) {
    this.db = dbOver(options.pool);
    this.limiter =
      options.perMinute > 0
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

  async run<T>(realmId: string, call: () => Promise<T>): Promise<T> {
    // Waiting out a pause first keeps a paused realm's waiters from spending the next window's requests.
    await this.pauseOver(realmId);
    const waitedForRate = await this.ratePoint(realmId);
    const slot = await this.slotOutsidePause(realmId, waitedForRate);
    try {
      return await call();
    } finally {
      await slot.release();
    }
  }

  async throttled(realmId: string, retryAfterMs: number | undefined): Promise<void> {
    this.struck.add(realmId);
    await throttleRealm(this.db, realmId, this.options.backoff, retryAfterMs);
  }

  async answered(realmId: string): Promise<void> {
    // Only a process that saw the realm throttled has strikes to clear: the others pay nothing per call.
    if (!this.struck.delete(realmId)) return;
    await clearStrikes(this.db, realmId);
  }

  private async pauseOver(realmId: string): Promise<void> {
    let left: number;
    while ((left = await pauseLeftMs(this.db, realmId)) > 0) await sleep(left);
  }

  /** Whether the call had to wait for the next window. */
  private async ratePoint(realmId: string): Promise<boolean> {
    if (!this.limiter) return false;
    for (let waited = false; ; waited = true) {
      try {
        await this.limiter.consume(realmId);
        return waited;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        await sleep(refusal.msBeforeNext + Math.random() * RATE_RETRY_JITTER_MS);
      }
    }
  }

  /**
   * A slot, taken after any pause that began while this call waited (a 429 from a call in flight). A call
   * that never waited was checked against pauses a moment ago, and needs no second look.
   */
  private async slotOutsidePause(realmId: string, waitedBefore: boolean): Promise<HeldSlot> {
    for (;;) {
      const { slot, waited } = await this.freeSlot(realmId);
      if ((!waited && !waitedBefore) || (await pauseLeftMs(this.db, realmId)) === 0) return slot;
      await slot.release();
      await this.pauseOver(realmId);
      waitedBefore = true;
    }
  }

  private async freeSlot(realmId: string): Promise<{ slot: HeldSlot; waited: boolean }> {
    const { concurrent } = this.options;
    if (concurrent === 0) return { slot: UNLIMITED, waited: false };
    if (!this.seeded.has(realmId)) {
      await ensureSlots(this.db, realmId, concurrent);
      this.seeded.add(realmId);
    }
    for (let waited = false; ; waited = true) {
      const slot = await holdFreeSlot(this.db, realmId, concurrent);
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

/** QBO_RATE_PER_MIN (default 500) and QBO_MAX_CONCURRENT (default 10), QBO's own limits; 0 turns one off. */
export function realmLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RealmLimits {
  return {
    perMinute: limitFromEnv('QBO_RATE_PER_MIN', env['QBO_RATE_PER_MIN'], 500),
    concurrent: limitFromEnv('QBO_MAX_CONCURRENT', env['QBO_MAX_CONCURRENT'], 10),
  };
}
