import { describe, expect, it } from 'vitest';
import { batchItemFault } from './batch-item-fault.js';

describe('batchItemFault', () => {
  it("gives 6000 QBO's business-rule wording around the detail asked for", () => {
    const fault = batchItemFault({ mode: 'batchItemFault', detail: 'Select a bank account for this deposit' });
    expect([fault.type, fault.errors]).toEqual([
      'ValidationFault',
      [
        {
          code: '6000',
          element: '',
          Message: 'A business validation error has occurred while processing your request',
          Detail: 'Business Validation Error: Select a bank account for this deposit',
        },
      ],
    ]);
  });

  it('keeps the wording of codes a sync treats differently, and lets message, detail and element override it', () => {
    expect(batchItemFault({ mode: 'batchItemFault', code: '5010' }).errors[0]).toMatchObject({
      Message: 'Stale Object Error',
      Detail: expect.stringMatching(/^Stale Object Error : /),
    });
    const system = batchItemFault({ mode: 'batchItemFault', code: '10000', detail: 'try later' });
    expect([system.type, system.errors[0]?.Detail]).toEqual(['SystemFault', 'try later']);
    const other = batchItemFault({ mode: 'batchItemFault', code: '6140', message: 'Duplicate', element: 'DocNumber' });
    expect([other.type, other.errors[0]]).toEqual([
      'ValidationFault',
      { code: '6140', Message: 'Duplicate', element: 'DocNumber', Detail: expect.any(String) },
    ]);
  });
});
