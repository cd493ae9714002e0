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

  it('keeps item faults out of the request pipeline and gives each to the operations it matches', () => {
    const faults = new FaultInjector(() => 0);
    faults.add({ mode: 'batchItemFault', docNumber: 'D-2', entity: 'invoice' });
    faults.add({ mode: 'batchItemFault', nth: 3, operation: 'UPDATE', realmId: '7', count: 2 });
    expect(faults.take('POST', '/v3/company/7/batch', '7')).toEqual([]);
    const invoice = (realmId: string, nth: number, operation: string, docNumber?: string) =>
      faults.takeItem(realmId, { nth, entity: 'Invoice', operation, docNumber });

    expect(invoice('1', 1, 'create', 'D-1')).toBeUndefined();
    expect(faults.takeItem('1', { nth: 2, entity: 'Customer', operation: 'create', docNumber: 'D-2' })).toBeUndefined();
    expect(invoice('1', 2, 'create', 'D-2')).toMatchObject({ docNumber: 'D-2' });
    expect(invoice('1', 2, 'create', 'D-2')).toBeUndefined();

    expect(invoice('1', 3, 'update')).toBeUndefined();
    expect(invoice('7', 2, 'update')).toBeUndefined();
    expect(invoice('7', 3, 'create')).toBeUndefined();
    expect([invoice('7', 3, 'update')?.nth, invoice('7', 3, 'update')?.nth, invoice('7', 3, 'update')]).toEqual([
      3,
      3,
      undefined,
    ]);
    expect(faults.list()).toEqual([]);
  });
});
