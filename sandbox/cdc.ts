import type { EntityName } from '../quickbooks/wire-types.js';
import { metaTime } from './clock.js';
import { present } from './entity-service.js';
import { requiredMissing, unsupportedOperation, validation } from './faults.js';
import { ENTITY_NAMES, type Json, type Realm } from './store.js';

const LOOKBACK_MS = 30 * 24 * 3600 * 1000;

/**
 * Change data capture: everything changed since a moment (at most 30 days back), across the asked
 * entities, deletes as bare `status: "Deleted"` stubs. One answer holds at most 1000 objects in all
 * (the realm's `cdcMaxObjects`), oldest first, entities in the order asked: a saturated answer looks
 * like any other and says nothing of what it left out, so only a shorter window finds the rest.
 */
export function runCdc(
  realm: Realm,
  entitiesParam: string | undefined,
  changedSince: string | undefined,
  nowMs: number,
): Json {
  if (!entitiesParam) throw requiredMissing('entities');
  if (!changedSince) throw requiredMissing('changedSince');
  const sinceMs = Date.parse(changedSince);
  if (Number.isNaN(sinceMs)) {
    throw validation(
      '2060',
      'Invalid Date',
      `Invalid date format: ${changedSince}. Supported format is yyyy-MM-ddTHH:mm:ssZ`,
      'changedSince',
    );
  }
  if (sinceMs < nowMs - LOOKBACK_MS) {
    // QBO's wording, as reported in Wish-Org/QuickBooksSharp#19.
    throw unsupportedOperation(`cdc with changedSince date ${changedSince} which is older than fixed days`);
  }
  const entities: EntityName[] = [];
  for (const raw of entitiesParam.split(',')) {
    const name = raw.trim();
    const entity = ENTITY_NAMES.find((e) => e.toLowerCase() === name.toLowerCase());
    if (!entity)
      throw validation(
        '4001',
        'Invalid query',
        `QueryValidationError: Entity ${name} is not supported by CDC`,
        'entities',
      );
    entities.push(entity);
  }
  let budget = realm.preferences.cdcMaxObjects;
  const responses: Json[] = [];
  for (const entity of entities) {
    const changed: Array<{ at: number; body: Json }> = [];
    for (const row of realm.all(entity))
      if (row.updatedMs >= sinceMs) changed.push({ at: row.updatedMs, body: present(row) });
    for (const t of realm.tombstones) {
      if (t.entity === entity && t.deletedMs >= sinceMs) {
        changed.push({
          at: t.deletedMs,
          body: { domain: 'QBO', status: 'Deleted', Id: t.id, MetaData: { LastUpdatedTime: metaTime(t.deletedMs) } },
        });
      }
    }
    changed.sort((a, b) => a.at - b.at);
    const taken = changed.slice(0, Math.max(0, budget)).map((c) => c.body);
    budget -= taken.length;
    responses.push(
      taken.length === 0
        ? {}
        : { [entity]: taken, startPosition: 1, maxResults: taken.length, totalCount: taken.length },
    );
  }
  return { CDCResponse: [{ QueryResponse: responses }] };
}
