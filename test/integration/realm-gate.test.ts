import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it, inject } from 'vitest';
import type { RealmGate } from '../../quickbooks/client.js';
import { createRealmGate, type RealmGateOptions } from '../../qbo-connection/realm-gate.js';
import { dbOver } from '../../db/database.js';
import { realmThrottle, type Adaptation } from '../../db/queries/realm-gate.js';

// Two gates on two pools stand for two worker processes: all they share is PostgreSQL.

const pools = [
  new pg.Pool({ connectionString: inject('databaseUrl') }),
  new pg.Pool({ connectionString: inject('databaseUrl') }),
] as const;
afterAll(() => Promise.all(pools.map((pool) => pool.end())));

const BACKOFF = { firstMs: 200, maxMs: 1_000 };

const twoProcesses = (limits: Omit<RealmGateOptions, 'pool' | 'backoff'>): [RealmGate, RealmGate] => [
  createRealmGate({ pool: pools[0], backoff: BACKOFF, ...limits }),
  createRealmGate({ pool: pools[1], backoff: BACKOFF, ...limits }),
];

const newRealm = () => `realm-${randomUUID()}`;

/** Counts the calls running at once, as QBO would see them. */
function inFlight() {
  let now = 0;
  let max = 0;
  return {
    get now() {
      return now;
    },
    get max() {
      return max;
    },
    async call<T>(ms: number, value: T): Promise<T> {
      max = Math.max(max, ++now);
      try {
        await sleep(ms);
        return value;
      } finally {
        now--;
      }
    },
  };
}

/** The promise's value, or 'still waiting' after ms: a stuck gate fails the test instead of hanging it. */
const within = <T>(ms: number, promise: Promise<T>) => Promise.race([promise, sleep(ms, 'still waiting' as const)]);

describe('realm gate', () => {
  it('never lets more than the limit of calls be in flight for a realm across processes, and runs them all', async () => {
    const gates = twoProcesses({ perMinute: 500, concurrent: 3 });
    const realm = newRealm();
    const counter = inFlight();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gates[i % 2]!.run(realm, () => counter.call(50, i))),
    );
    expect(counter.max).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("does not slow a realm down because another realm's calls are queued", async () => {
    const gates = twoProcesses({ perMinute: 500, concurrent: 3 });
    const [busy, quiet] = [newRealm(), newRealm()];
    const busyCounter = inFlight();
    const queue = Promise.all(
      Array.from({ length: 20 }, (_, i) => gates[i % 2]!.run(busy, () => busyCounter.call(200, i))),
    );
    while (busyCounter.now < 3) await sleep(10);

    const asked = performance.now();
    const seen = await gates[1].run(quiet, async () => ({
      waitedMs: performance.now() - asked,
      busyInFlight: busyCounter.now,
    }));
    // A call joining the busy realm's queue would wait over a second for its turn.
    expect(seen.waitedMs).toBeLessThan(250);
    expect(seen.busyInFlight).toBe(3);
    await queue;
  });

  it('never lets more than the limit start in any window, sliding, whichever process makes the calls', async () => {
    const gates = twoProcesses({ perMinute: 22, concurrent: 0, windowSeconds: 2 });
    const realm = newRealm();
    const asked = performance.now();
    const starts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => gates[i % 2]!.run(realm, async () => performance.now() - asked)),
    );
    starts.sort((a, b) => a - b);
    // Every window of 2 s, wherever it starts, holds at most 22 starts (a little slack for timer precision).
    const busiest = Math.max(...starts.map((t, i) => starts.slice(i).filter((u) => u < t + 1_950).length));
    expect(busiest).toBeLessThanOrEqual(22);
    // ...and the gate still runs near the limit: 60 calls at 20 per 2 s take about 6 s, not much more.
    expect(starts[59]).toBeLessThan(8_000);
  });

  it('holds batches to the batch rate across processes, evenly spaced, and counts each against the general rate too', async () => {
    const busiest = (starts: number[]) =>
      Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 1_950).length));
    const startsOf = async (limits: { perMinute: number; batchPerMinute: number }, batches: number, singles = 0) => {
      const gates = twoProcesses({ ...limits, concurrent: 0, windowSeconds: 2 });
      const realm = newRealm();
      const asked = performance.now();
      const since = async () => performance.now() - asked;
      const [batchStarts, singleStarts] = await Promise.all([
        Promise.all(Array.from({ length: batches }, (_, i) => gates[i % 2]!.run(realm, since, 'batch'))),
        Promise.all(Array.from({ length: singles }, (_, i) => gates[i % 2]!.run(realm, since))),
      ]);
      return { batchStarts, singleStarts };
    };
    // The batch rate binds: at most 6 batches start in any 2 s, while single calls do not wait for it.
    const batchBound = await startsOf({ perMinute: 100, batchPerMinute: 6 }, 12, 10);
    expect(busiest(batchBound.batchStarts)).toBeLessThanOrEqual(6);
    // ...and nearly all of it is used: evenly spaced, the 12th starts after 11 gaps of a sixth of the window
    // (fixed windows would hold it back to the fourth).
    expect(Math.max(...batchBound.batchStarts)).toBeGreaterThan(11 * 330);
    expect(Math.max(...batchBound.batchStarts)).toBeLessThan(4_600);
    expect(Math.max(...batchBound.singleStarts)).toBeLessThan(Math.max(...batchBound.batchStarts));
    // The general rate binds: batches count against it like any call.
    const generalBound = await startsOf({ perMinute: 6, batchPerMinute: 100 }, 12);
    expect(busiest(generalBound.batchStarts)).toBeLessThanOrEqual(6);
  });

  it('holds every process back from a paused realm until the pause has passed, and no other realm', async () => {
    const gates = twoProcesses({ perMinute: 500, concurrent: 3 });
    const [paused, other] = [newRealm(), newRealm()];
    const asked = performance.now();
    // QuickBooks said how long (Retry-After): that, not the backoff, is the pause.
    await gates[0].throttled(paused, 300);
    const startedAfter = (gate: RealmGate, realm: string) => gate.run(realm, async () => performance.now() - asked);
    const [first, second, elsewhere] = await Promise.all([
      startedAfter(gates[0], paused),
      startedAfter(gates[1], paused),
      startedAfter(gates[1], other),
    ]);
    expect(first).toBeGreaterThanOrEqual(295);
    expect(second).toBeGreaterThanOrEqual(295);
    expect(elsewhere).toBeLessThan(200);
  });

  it('pauses a second after a first 429, twice that after each 429 in a row, and starts over after a success', async () => {
    const gates = twoProcesses({ perMinute: 500, concurrent: 3 });
    const realm = newRealm();
    /** How long a call made now waits, after `before` has been reported. */
    const waitAfter = async (before: () => Promise<void>) => {
      await before();
      const asked = performance.now();
      return gates[1].run(realm, async () => performance.now() - asked);
    };
    // Three calls in flight together all answered 429: one strike, not three.
    const first = await waitAfter(() =>
      Promise.all([1, 2, 3].map(() => gates[0].throttled(realm, undefined))).then(() => undefined),
    );
    const second = await waitAfter(() => gates[0].throttled(realm, undefined));
    const third = await waitAfter(() => gates[0].throttled(realm, undefined));
    const capped = await waitAfter(() => gates[0].throttled(realm, undefined));
    await gates[0].answered(realm);
    const afresh = await waitAfter(() => gates[0].throttled(realm, undefined));
    expect(first).toBeGreaterThanOrEqual(150);
    expect(first).toBeLessThan(350);
    expect(second).toBeGreaterThanOrEqual(350);
    expect(second).toBeLessThan(600);
    expect(third).toBeGreaterThanOrEqual(750);
    expect(capped).toBeLessThan(1_250);
    expect(afresh).toBeLessThan(350);
  });

  describe('when 429s come back after the realm recovered', () => {
    const adaptation = (regrowPerSecond: number): Adaptation => ({
      rateCut: 0.5,
      secondsBetweenRateCuts: 0,
      regrowPerSecond: { rate: regrowPerSecond, concurrency: regrowPerSecond },
      minRateShare: 0.05,
    });
    const adapting = (regrowPerSecond: number) =>
      twoProcesses({ perMinute: 600, concurrent: 4, adaptation: adaptation(regrowPerSecond) });
    const shares = (realm: string, regrowPerSecond = 0) =>
      realmThrottle(dbOver(pools[0]), realm, adaptation(regrowPerSecond));
    /** Runs n calls of ms each through both gates at once: when each started, and the most in flight. */
    const crowd = async (gates: [RealmGate, RealmGate], realm: string, n: number, ms: number) => {
      const counter = inFlight();
      const asked = performance.now();
      const starts = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          gates[i % 2]!.run(realm, async () => {
            const at = performance.now() - asked;
            await counter.call(ms, null);
            return at;
          }),
        ),
      );
      return { starts: starts.sort((a, b) => a - b), maxInFlight: counter.max };
    };
    /** A 429 for one call while `beside` others of the same process are still running. */
    const refusedBeside = async (gate: RealmGate, realm: string, beside: number) => {
      const counter = inFlight();
      const running = Array.from({ length: beside }, () => gate.run(realm, () => counter.call(700, null)));
      while (counter.now < beside) await sleep(5);
      await gate.throttled(realm, 1);
      await Promise.all(running);
    };

    it('spaces calls evenly at the cut rate, and holds the calls in flight to those QBO was running, in every process', async () => {
      const gates = adapting(0);
      const realm = newRealm();
      expect((await crowd(gates, realm, 8, 100)).maxInFlight).toBe(4);
      await refusedBeside(gates[0], realm, 2);
      const cut = await crowd(gates, realm, 8, 500);
      // 2 of 4 at once; half of 600 a minute is one call every 200 ms, whichever process makes it: the nth
      // call starts no sooner than n turns after the calls were asked for (a call may start after its turn,
      // waiting for a slot).
      expect(cut.maxInFlight).toBe(2);
      cut.starts.forEach((start, n) => expect(start).toBeGreaterThanOrEqual(n * 200 - 10));
    });

    it('counts the 429s of one pause once, cuts again only after a success, and leaves calls in flight alone when none ran beside', async () => {
      const gates = adapting(0);
      const realm = newRealm();
      await Promise.all([1, 2, 3].map(() => gates[0].throttled(realm, 1)));
      expect(await shares(realm)).toMatchObject({ rateShare: 0.5, concurrencyShare: 1 });
      // Still refused after the pause, with no success between: the same refusal, not a new cut.
      await sleep(5);
      await gates[1].throttled(realm, 1);
      expect(await shares(realm)).toMatchObject({ rateShare: 0.5, concurrencyShare: 1 });
      await gates[1].answered(realm);
      await sleep(5);
      await refusedBeside(gates[0], realm, 3);
      expect(await shares(realm)).toMatchObject({ rateShare: 0.25, concurrencyShare: 0.75 });
    });

    it("cuts the rate no more until QBO's minute has slid past the calls made before the last cut", async () => {
      const gates = twoProcesses({
        perMinute: 600,
        concurrent: 4,
        adaptation: { ...adaptation(0), secondsBetweenRateCuts: 60 },
      });
      const realm = newRealm();
      await gates[0].throttled(realm, 1);
      await sleep(5);
      await gates[0].answered(realm);
      await gates[1].throttled(realm, 1);
      expect(await shares(realm)).toMatchObject({ rateShare: 0.5 });
    });

    it('grows the shares back as time passes without 429s', async () => {
      const gates = adapting(0.5);
      const realm = newRealm();
      await refusedBeside(gates[0], realm, 1);
      const cut = await shares(realm, 0.5);
      expect(cut.rateShare).toBeLessThan(0.9);
      expect(cut.concurrencyShare).toBeLessThan(0.7);
      await sleep(1_600);
      expect(await shares(realm, 0.5)).toMatchObject({ rateShare: 1, concurrencyShare: 1 });
      const regrown = await crowd(gates, realm, 8, 100);
      expect(regrown.maxInFlight).toBe(4);
    });
  });

  it('gives the slot back when the call throws', async () => {
    const gates = twoProcesses({ perMinute: 500, concurrent: 1 });
    const realm = newRealm();
    await expect(gates[0].run(realm, async () => Promise.reject(new Error('QBO said no')))).rejects.toThrow(
      'QBO said no',
    );
    expect(pools[0].idleCount).toBe(pools[0].totalCount);
    expect(
      await within(
        1000,
        gates[1].run(realm, async () => 'ran'),
      ),
    ).toBe('ran');
    expect(
      await within(
        1000,
        gates[0].run(realm, async () => 'ran again'),
      ),
    ).toBe('ran again');
  });
});
