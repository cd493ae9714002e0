import type { SyncStatus } from '../db/schema.js';

export type ShownSyncStatus = SyncStatus | 'not_eligible';
export type SyncAction = 'sync_now' | 'sync_again' | null;

export interface SyncFacts {
  eligible: boolean;
  stored: SyncStatus | null;
  revision: number;
  syncedRevision: number | null;
  qboInvoiceId: string | null;
}

/**
 * What billing staff see. A synced invoice revised since it was posted is out of date (Sync Again);
 * one never posted offers Sync Now; while a sync is queued or running there is nothing to press.
 */
export function syncView(facts: SyncFacts): { status: ShownSyncStatus; action: SyncAction } {
  if (!facts.eligible) return { status: 'not_eligible', action: null };
  const revised = facts.qboInvoiceId !== null && facts.syncedRevision !== null && facts.revision > facts.syncedRevision;
  const stored = facts.stored ?? 'not_synced';
  if (stored === 'queued' || stored === 'syncing') return { status: stored, action: null };
  if (stored === 'failed') return { status: 'failed', action: facts.qboInvoiceId ? 'sync_again' : 'sync_now' };
  if (revised) return { status: 'out_of_date', action: 'sync_again' };
  if (stored === 'synced') return { status: 'synced', action: null };
  return { status: stored, action: stored === 'out_of_date' ? 'sync_again' : 'sync_now' };
}
