import type { EntityName } from '../quickbooks/wire-types.js';
import { batchItemFault } from './batch-item-fault.js';
import type { BatchItemTarget } from './fault-injection.js';
import { QboFault, malformedRequest, tooLong, validation } from './faults.js';
import { performWrite, writableEntity } from './operations.js';
import { runQuery } from './query-engine.js';
import type { SandboxState } from './state.js';
import { entityFromName, type Json, type Realm } from './store.js';

export const MAX_BATCH_ITEMS = 30;
/** With a requestid on the batch, each bId may be at most this long (Intuit's requestid post, 2015). */
export const MAX_BID_LENGTH = 10;

/**
 * `/batch`: items run in order and each succeeds or fails alone, but none can see objects created by an
 * earlier item of the same batch (QBO reads from the state at the start of the batch). An operation an
 * injected batchItemFault matches is answered with that Fault and not run, as QBO answers one that fails
 * validation. `requestid` is the batch's own, checked and replayed by the data-API pipeline.
 */
export function runBatch(state: SandboxState, realm: Realm, rawBody: unknown, requestid?: string): Json {
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
  if (requestid) checkBIds(items as Json[]);
  state.stats.batchRun(realm.realmId, items.length);
  const created = new Set<string>();
  const visible = (_entity: EntityName, row: { id: string }): boolean => !created.has(row.id);
  const results: Json[] = [];
  for (const [index, raw] of (items as Json[]).entries()) {
    const bId = String(raw['bId'] ?? '');
    try {
      const query = typeof raw['Query'] === 'string' ? raw['Query'] : undefined;
      const entityKey = Object.keys(raw).find((k) => entityFromName(k) !== undefined && k[0] === k[0]?.toUpperCase());
      const operation = String(raw['operation'] ?? (query === undefined ? 'create' : 'query'));
      injectedFault(state, realm, {
        nth: index + 1,
        entity: entityKey,
        operation,
        docNumber: docNumberOf(raw, entityKey),
      });
      if (query !== undefined) {
        results.push({ bId, QueryResponse: runQuery(realm, query, visible).QueryResponse });
        continue;
      }
      if (!entityKey) throw malformedRequest('BatchItemRequest entity');
      const entity = writableEntity(entityKey);
      const options = String(raw['optionsData'] ?? '');
      const ctx = state.context(realm, options.includes('allowduplicatedocnum'));
      ctx.lookup = (e, id) => (created.has(id) ? undefined : realm.get(e, id));
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

/**
 * Intuit documents the bId limit but not the answer to breaking it; this is the closest documented shape,
 * the 2050 string-length fault QBO gives a too-long field, naming `bId`, and nothing in the batch runs.
 */
function checkBIds(items: Json[]): void {
  for (const item of items) {
    const bId = String(item['bId'] ?? '');
    if (bId.length > MAX_BID_LENGTH) throw tooLong('bId', MAX_BID_LENGTH, bId.length);
  }
}

function docNumberOf(raw: Json, entityKey: string | undefined): string | undefined {
  const body = entityKey ? raw[entityKey] : undefined;
  const docNumber = body && typeof body === 'object' ? (body as Json)['DocNumber'] : undefined;
  return typeof docNumber === 'string' ? docNumber : undefined;
}

function injectedFault(state: SandboxState, realm: Realm, item: BatchItemTarget): void {
  const rule = state.faults.takeItem(realm.realmId, item);
  if (!rule) return;
  state.stats.fault(rule.mode);
  throw batchItemFault(rule);
}
