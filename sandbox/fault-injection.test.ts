import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injection.js';

describe('FaultInjector', () => {
  it('fails a request one way only, leaving the other failure rules armed for later requests', () => {
    const faults = new FaultInjector(() => 0);
    faults.add({ mode: 'error500', count: 2 });
    faults.add({ mode: 'throttle429', count: 2 });
    faults.add({ mode: 'delay', count: 1, delayMs: 5 });
    const modes = Array.from({ length: 5 }, () => faults.take('POST', '/v3/company/1/invoice', '1').map((f) => f.mode));
    expect(modes).toEqual([['error500', 'delay'], ['error500'], ['throttle429'], ['throttle429'], []]);
  });

  it('hits each matching request with the given probability until its count is used up', () => {
    const draws = [0.5, 0.01, 0.5, 0.01, 0.01];
    const faults = new FaultInjector(() => draws.shift()!);
    faults.add({ mode: 'throttle429', count: 2, rate: 0.04, pathContains: '/invoice' });
    expect(faults.take('GET', '/v3/company/1/query', '1')).toEqual([]);
    const hits = Array.from({ length: 4 }, () => faults.take('POST', '/v3/company/1/invoice', '1').length);
    expect(hits).toEqual([0, 1, 0, 1]);
    expect(faults.list()).toEqual([]);
  });
});
