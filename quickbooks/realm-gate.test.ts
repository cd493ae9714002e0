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
  ])('keeps any %i-per-%is window within the limit', (limit, windowSeconds) => {
    const { points, duration } = rateSlices(limit, windowSeconds);
    // A sliding window touches at most windowSeconds / duration + 1 fixed windows.
    expect((windowSeconds / duration + 1) * points).toBeLessThanOrEqual(limit);
    expect(points).toBeGreaterThanOrEqual(1);
  });

  it('keeps most of the allowed rate', () => {
    const { points, duration } = rateSlices(500, 60);
    expect((points * 60) / duration).toBeGreaterThanOrEqual(450);
  });
});
