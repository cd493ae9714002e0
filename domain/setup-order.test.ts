import { describe, expect, it } from 'vitest';
import { missingBefore } from './setup-order.js';

const fresh = { subscribed: false, syncModel: null, connected: false };

describe('the setup order', () => {
  it('asks for a subscription before the model, and for both before connecting', () => {
    expect(missingBefore('choose_model', fresh)).toEqual(['a subscription']);
    expect(missingBefore('connect', fresh)).toEqual(['a subscription', 'a sync model']);
    expect(missingBefore('connect', { ...fresh, subscribed: true })).toEqual(['a sync model']);
  });

  it('lets each step go ahead once the steps before it are done', () => {
    expect(missingBefore('choose_model', { ...fresh, subscribed: true })).toEqual([]);
    expect(missingBefore('connect', { ...fresh, subscribed: true, syncModel: 2 })).toEqual([]);
    expect(missingBefore('activate', { subscribed: true, syncModel: 1, connected: true })).toEqual([]);
  });

  it('names everything activation still needs, in order', () => {
    expect(missingBefore('activate', fresh)).toEqual([
      'a subscription',
      'a sync model',
      'a connected QuickBooks company',
    ]);
    expect(missingBefore('activate', { subscribed: true, syncModel: 1, connected: false })).toEqual([
      'a connected QuickBooks company',
    ]);
  });
});
