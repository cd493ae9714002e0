import type { MappingSource } from '../db/schema.js';
import type { Customer, Item } from '../quickbooks/wire-types.js';

export interface Resolved {
  qboId: string;
  via: Extract<MappingSource, 'found' | 'created'> | 'mapped';
}

/** The sync-log line for a resolution, e.g. "Created QuickBooks customer 58 for payer José Müller". */
export function describeResolution(local: string, qbo: string, resolved: Resolved, name: string): string {
  if (resolved.via === 'mapped') return `${local} ${name} is mapped to QuickBooks ${qbo} ${resolved.qboId}`;
  if (resolved.via === 'found') return `Linked ${local.toLowerCase()} ${name} to existing QuickBooks ${qbo} ${resolved.qboId}`;
  return `Created QuickBooks ${qbo} ${resolved.qboId} for ${local.toLowerCase()} ${name}`;
}

export interface FindOrCreate<E extends Customer | Item> {
  mapped(): Promise<string | undefined>;
  /** Looks the name up including inactive records: they still own the name in QBO. */
  findByName(): Promise<E[]>;
  reactivate(found: E): Promise<E>;
  create(): Promise<E>;
  remember(qboId: string, source: Extract<MappingSource, 'found' | 'created'>): Promise<void>;
}

/**
 * The resolution order for payers and fee items: an existing mapping wins; else a QBO record with the same
 * name is linked (and reactivated if a bookkeeper had made it inactive, since QBO refuses inactive refs);
 * else one is created with a requestid, so a retried create replays instead of duplicating.
 */
export async function findOrCreate<E extends Customer | Item>(steps: FindOrCreate<E>): Promise<Resolved & { record?: E }> {
  const mapped = await steps.mapped();
  if (mapped) return { qboId: mapped, via: 'mapped' };
  const [found] = await steps.findByName();
  if (found) {
    const usable = found.Active ? found : await steps.reactivate(found);
    await steps.remember(usable.Id, 'found');
    return { qboId: usable.Id, via: 'found', record: usable };
  }
  const created = await steps.create();
  await steps.remember(created.Id, 'created');
  return { qboId: created.Id, via: 'created', record: created };
}
