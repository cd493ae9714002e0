import { describe, expect, it } from 'vitest';
import { syncView } from './sync-view.js';

const base = { eligible: true, stored: 'not_synced' as const, revision: 1, syncedRevision: null, qboInvoiceId: null };

describe('syncView', () => {
  it('offers nothing for an invoice created before activation', () => {
    expect(syncView({ ...base, eligible: false })).toEqual({ status: 'not_eligible', action: null });
  });
  it('offers Sync Now for an invoice never posted', () => {
    expect(syncView(base)).toEqual({ status: 'not_synced', action: 'sync_now' });
  });
  it('shows synced with no action when QBO has the current revision', () => {
    expect(syncView({ ...base, stored: 'synced', syncedRevision: 1, qboInvoiceId: '130' })).toEqual({ status: 'synced', action: null });
  });
  it('shows out of date with Sync Again after a revision', () => {
    expect(syncView({ ...base, stored: 'synced', revision: 2, syncedRevision: 1, qboInvoiceId: '130' })).toEqual({ status: 'out_of_date', action: 'sync_again' });
  });
  it('offers the right retry after a failure', () => {
    expect(syncView({ ...base, stored: 'failed' })).toEqual({ status: 'failed', action: 'sync_now' });
    expect(syncView({ ...base, stored: 'failed', revision: 2, syncedRevision: 1, qboInvoiceId: '130' })).toEqual({ status: 'failed', action: 'sync_again' });
  });
  it('offers nothing while a sync is queued or running', () => {
    expect(syncView({ ...base, stored: 'syncing' }).action).toBeNull();
    expect(syncView({ ...base, stored: 'queued', revision: 3, syncedRevision: 1, qboInvoiceId: '1' })).toEqual({ status: 'queued', action: null });
  });
});
