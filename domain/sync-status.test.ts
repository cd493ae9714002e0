import { describe, expect, it } from 'vitest';
import { SYNC_STATUS_CASES } from '../test/fixtures/sync-status-cases.js';
import { isEligible, isSyncable, shownSyncStatus, syncAction, syncRefusal } from './sync-status.js';

describe('the sync state machine', () => {
  it.each(SYNC_STATUS_CASES)(
    '$name: shows $shown, offers $action, syncable $syncable',
    ({ invoice, sync, shown, action, syncable }) => {
      const qboInvoiceId = sync?.qboInvoiceId ?? null;
      const status = shownSyncStatus({
        eligible: invoice.eligible,
        revision: invoice.revision,
        stored: sync?.status ?? null,
        qboInvoiceId,
        syncedRevision: sync?.syncedRevision ?? null,
      });
      expect(status).toBe(shown);
      expect(syncAction(status, qboInvoiceId, invoice.status)).toBe(action);
      expect(isSyncable({ eligible: invoice.eligible, status: invoice.status, qboInvoiceId })).toBe(syncable);
    },
  );
});

describe('isEligible', () => {
  const activatedAt = new Date('2026-01-10T00:00:00Z');
  it('takes invoices created since the first activation of an active firm', () => {
    expect(isEligible({ active: true, activatedAt }, new Date('2026-01-10T00:00:00Z'))).toBe(true);
    expect(isEligible({ active: true, activatedAt }, new Date('2026-01-09T23:59:59Z'))).toBe(false);
    expect(isEligible({ active: false, activatedAt }, new Date('2026-01-11T00:00:00Z'))).toBe(false);
    expect(isEligible({ active: true, activatedAt: null }, new Date('2026-01-11T00:00:00Z'))).toBe(false);
  });
});

describe('syncRefusal', () => {
  const invoice = { eligible: true, status: 'open' as const, qboInvoiceId: null };
  it('checks the firm, then the invoice, then the connection', () => {
    expect(syncRefusal({ active: false, connected: false }, { ...invoice, eligible: false })).toBe('sync_not_active');
    expect(syncRefusal({ active: true, connected: false }, { ...invoice, eligible: false })).toBe('not_eligible');
    expect(syncRefusal({ active: true, connected: false }, { ...invoice, status: 'void' })).toBe('invoice_void');
    expect(syncRefusal({ active: true, connected: false }, invoice)).toBe('not_connected');
    expect(
      syncRefusal({ active: true, connected: true }, { ...invoice, status: 'void', qboInvoiceId: '1' }),
    ).toBeNull();
  });
  it('for a bulk job, checks the firm alone', () => {
    expect(syncRefusal({ active: false, connected: true })).toBe('sync_not_active');
    expect(syncRefusal({ active: true, connected: false })).toBe('not_connected');
    expect(syncRefusal({ active: true, connected: true })).toBeNull();
  });
});
