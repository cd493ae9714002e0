import { describe, expect, it } from 'vitest';
import { passAction, type PassFacts } from './pass-action.js';

const synced: PassFacts = { status: 'open', revision: 3, qboInvoiceId: '130', syncedRevision: 3 };

describe('passAction', () => {
  it('leaves an invoice QuickBooks has at its revision alone, unless overwriting', () => {
    expect(passAction(synced, false)).toBe('unchanged');
    expect(passAction(synced, true)).toBe('post');
  });

  it('posts an invoice never synced, or revised since', () => {
    expect(passAction({ ...synced, qboInvoiceId: null, syncedRevision: null }, false)).toBe('post');
    expect(passAction({ ...synced, revision: 4 }, false)).toBe('post');
  });

  it('carries a void across only to an invoice QuickBooks has', () => {
    expect(passAction({ ...synced, status: 'void', revision: 4 }, false)).toBe('void');
    expect(passAction({ ...synced, status: 'void', revision: 4 }, true)).toBe('void');
    expect(passAction({ ...synced, status: 'void', qboInvoiceId: null, syncedRevision: null }, false)).toBe('post');
  });
});
