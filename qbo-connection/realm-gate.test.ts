import { describe, expect, it } from 'vitest';
import { rateSlices } from './realm-gate.js';

describe('rateSlices', () => {
  it.each([
    [500, 60],
    [120, 60],
    [110, 60],
    [22, 2],
    [10, 2],
    [2, 60],
    [5000, 60],
    [61, 60],
    [40, 60],
  ])('keeps any %i-per-%is window within the limit', (limit, windowSeconds) => {
    const { points, duration } = rateSlices(limit, windowSeconds);
    // A sliding window touches at most windowSeconds / duration + 1 fixed windows.
    expect((windowSeconds / duration + 1) * points).toBeLessThanOrEqual(limit);
    expect(points).toBeGreaterThanOrEqual(1);
    // The limiter keeps expiry times in whole milliseconds.
    expect(Number.isInteger(duration * 1000)).toBe(true);
  });

  it.each([500, 5000])('lets at least 95%% of %i per minute through, sustained', (limit) => {
    const { points, duration } = rateSlices(limit, 60);
    expect((points * 60) / duration).toBeGreaterThanOrEqual(0.95 * limit);
  });
});
