import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle.js';

describe('Throttle', () => {
  it('counts a batch against both minutes, and a batch refused by its own rate against neither', () => {
    const t = new Throttle(3, 0, 1);
    expect(t.admit('r', 0, true)).toBe(true);
    expect(t.admit('r', 1, true)).toBe(false);
    expect([t.admit('r', 2), t.admit('r', 3)]).toEqual([true, true]);
    expect(t.admit('r', 4)).toBe(false);
    expect(t.admit('r', 60_000, true)).toBe(true);
    expect(t.admit('other', 5, true)).toBe(true);
  });

  it('lets a realm have its own batch rate, 0 meaning none', () => {
    const t = new Throttle(0, 0, 1);
    t.setRealmLimits('free', { batchPerMinute: 0 });
    expect(t.limitsOf('free')).toEqual({ perMinute: 0, concurrent: 0, batchPerMinute: 0 });
    expect([1, 2, 3].map((n) => t.admit('free', n, true))).toEqual([true, true, true]);
    expect([1, 2].map((n) => t.admit('held', n, true))).toEqual([true, false]);
  });
});
