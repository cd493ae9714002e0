import { describe, expect, it } from 'vitest';
import { optionsFromEnv, resolveOptions } from './options.js';

describe('sandbox options', () => {
  it("reads the batch rate from QBO_SANDBOX_BATCH_RATE_PER_MIN, QBO's 40 when unset, 0 to switch it off", () => {
    expect(resolveOptions(optionsFromEnv({})).batchRatePerMinute).toBe(40);
    expect(resolveOptions({}).batchRatePerMinute).toBe(40);
    expect(optionsFromEnv({ QBO_SANDBOX_BATCH_RATE_PER_MIN: '7' }).batchRatePerMinute).toBe(7);
    expect(optionsFromEnv({ QBO_SANDBOX_BATCH_RATE_PER_MIN: '0' }).batchRatePerMinute).toBe(0);
    expect(() => optionsFromEnv({ QBO_SANDBOX_BATCH_RATE_PER_MIN: '-1' })).toThrow(/non-negative integer/);
  });
});
