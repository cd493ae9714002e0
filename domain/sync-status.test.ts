import { describe, expect, it } from 'vitest';
import { syncAction } from './sync-view.js';

describe('syncAction', () => {
  it('offers Sync Now for an invoice QuickBooks does not have', () => {
    expect(syncAction('not_synced', null)).toBe('sync_now');
    expect(syncAction('failed', null)).toBe('sync_now');
  });
  it('offers Sync Again for one QuickBooks has in an older revision or after a failed update', () => {
    expect(syncAction('out_of_date', '130')).toBe('sync_again');
    expect(syncAction('failed', '130')).toBe('sync_again');
  });
  it('offers nothing for a void invoice QuickBooks never had, and Sync Again for one it has', () => {
    expect(syncAction('not_synced', null, 'void')).toBeNull();
    expect(syncAction('out_of_date', '130', 'void')).toBe('sync_again');
  });

  it('offers nothing when synced, in progress, or not eligible', () => {
    for (const status of ['synced', 'queued', 'syncing', 'not_eligible'] as const) expect(syncAction(status, '1')).toBeNull();
  });
});
