import type { EntityName } from '../quickbooks/wire-types.js';
import { QboFault, malformedRequest, validation } from './faults.js';
import { performWrite, writableEntity } from './operations.js';
import { runQuery } from './query-engine.js';
import type { SandboxState } from './state.js';
import { entityFromName, type Json, type Realm } from './store.js';

export const MAX_BATCH_ITEMS = 30;

/**
 * `/batch`: items run in order and each succeeds or fails alone, but none can see objects created by an
 * earlier item of the same batch (QBO reads from the state at the start of the batch).
 */
export function runBatch(state: SandboxState, realm: Realm, rawBody: unknown): Json {
  const items = (rawBody as Json | null)?.['BatchItemRequest'];
  if (!Array.isArray(items)) throw malformedRequest('BatchItemRequest');
  if (items.length === 0)
    throw validation('2010', 'Request has invalid or unsupported property', 'MalformedRequest: Batch Request is Empty');
  if (items.length > MAX_BATCH_ITEMS) {
    throw validation(
      '1040',
      'Batch size exceeds allowed limit',
      `Batch size exceeds allowed limit : ${items.length} items (max ${MAX_BATCH_ITEMS})`,
    );
  }
  const created = new Set<string>();
  const visible = (_entity: EntityName, row: { id: string }): boolean => !created.has(row.id);
  const results: Json[] = [];
  for (const raw of items as Json[]) {
    const bId = String(raw['bId'] ?? '');
    try {
      if (typeof raw['Query'] === 'string') {
        results.push({ bId, QueryResponse: runQuery(realm, raw['Query'], visible).QueryResponse });
        continue;
      }
      const entityKey = Object.keys(raw).find((k) => entityFromName(k) !== undefined && k[0] === k[0]?.toUpperCase());
      if (!entityKey) throw malformedRequest('BatchItemRequest entity');
      const entity = writableEntity(entityKey);
      const options = String(raw['optionsData'] ?? '');
      const ctx = state.context(realm, options.includes('allowduplicatedocnum'));
      ctx.lookup = (e, id) => (created.has(id) ? undefined : realm.get(e, id));
      const operation = String(raw['operation'] ?? 'create');
      const include = options.includes('void') ? 'void' : undefined;
      const out = performWrite(state.entities, ctx, entity, operation, include, raw[entityKey]);
      const written = out[entity] as Json | undefined;
      if (operation === 'create' && typeof written?.['Id'] === 'string') created.add(written['Id']);
      results.push({ bId, ...out });
    } catch (e) {
      if (!(e instanceof QboFault)) throw e;
      results.push({ bId, Fault: { Error: e.errors, type: e.type } });
    }
  }
  return { BatchItemResponse: results };
}
