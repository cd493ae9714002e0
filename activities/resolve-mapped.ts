import { getFirm } from '../db/queries/firms.js';
import { getMapping, saveMapping } from '../db/queries/mappings.js';
import type { MappedKind } from '../domain/mapped-kinds.js';
import { recordSyncLog, type ResolvedVia } from '../domain/sync-log-events.js';
import type { QboClient } from '../quickbooks/client.js';
import type { Customer, Item } from '../quickbooks/wire-types.js';
import type { ActivityDeps } from './deps.js';
import type { Resolution } from '../workflows/types.js';
import { linkOrCreate, type NameSteps } from './find-or-create.js';
import { activityOrigin } from './sync-log-origin.js';

export interface Resolvable<E extends Customer | Item> {
  firmId: string;
  localId: string;
  kind: MappedKind;
  name: string;
  steps: (qbo: QboClient) => NameSteps<E>;
}

/**
 * Links or creations under way in this process, by firm, table and local id. A bulk job starts many
 * invoices of one payer at once; the first finds or creates its customer, and the rest wait for that and
 * then read the mapping it saved, instead of each asking QBO the same questions.
 */
const underWay = new Map<string, Promise<unknown>>();

/**
 * The one way a payer or fee item becomes a QBO reference during a sync: a mapping to a QBO id wins; with
 * no mapping the firm's unmapped policy decides between holding the invoice for a person (`hold`) and
 * linking or creating (`create`); a mapping that says "create new" creates. The result is remembered as
 * the mapping for this QBO company, and logged.
 */
export async function resolveMapped<E extends Customer | Item>(
  deps: ActivityDeps,
  r: Resolvable<E>,
): Promise<Resolution> {
  const log = (resolved: { qboId: string; via: ResolvedVia; note?: string }) =>
    recordSyncLog(
      deps.db,
      { kind: 'resolved', firmId: r.firmId, side: r.kind.side, localId: r.localId, name: r.name, ...resolved },
      activityOrigin(),
    );
  const mapped = async (qboId: string): Promise<Resolution> => {
    await log({ qboId, via: 'mapped' });
    return { qboId, via: 'mapped' };
  };
  // Most resolutions, all but a payer's or fee item's first, end here: no QBO client, no token read.
  const current = await getMapping(deps.db, r.kind.table, { firmId: r.firmId }, r.localId);
  if (current?.qboId) return mapped(current.qboId);

  const { qbo, realmId } = await deps.quickbooks.forFirm(r.firmId);
  const scope = { firmId: r.firmId, realmId };
  // Read again under the realm of the connection just read, which may have changed since.
  const mapping = await getMapping(deps.db, r.kind.table, scope, r.localId);
  if (mapping?.qboId) return mapped(mapping.qboId);
  if (!mapping && (await getFirm(deps.db, r.firmId))?.unmapped_policy === 'hold') {
    const reason = `${r.kind.name} ${r.name} has no QuickBooks ${r.kind.side} mapping, and this firm holds invoices until one is made`;
    await recordSyncLog(
      deps.db,
      { kind: 'mapping_needed', firmId: r.firmId, side: r.kind.side, localId: r.localId, reason },
      activityOrigin(),
    );
    return { needsMapping: true, reason };
  }
  const key = `${r.kind.table}/${r.firmId}/${r.localId}`;
  const earlier = underWay.get(key);
  if (earlier) {
    await earlier.catch(() => undefined);
    return resolveMapped(deps, r);
  }
  const resolving = (async (): Promise<Resolution> => {
    const result = await linkOrCreate(r.steps(qbo), mapping ? 'create-new' : 'link-or-create');
    const name = 'DisplayName' in result.record ? result.record.DisplayName : result.record.Name;
    await saveMapping(deps.db, r.kind.table, scope, {
      localId: r.localId,
      qboId: result.record.Id,
      qboName: name,
      source: result.via,
    });
    const resolved = { qboId: result.record.Id, via: result.via, note: result.note };
    await log(resolved);
    return resolved;
  })();
  underWay.set(key, resolving);
  try {
    return await resolving;
  } finally {
    underWay.delete(key);
  }
}
