import type { EntityName } from '../quickbooks/wire-types.js';
import { InvalidJson } from './body.js';
import { isWritable, present, type EntityService } from './entity-service.js';
import { malformedRequest, objectNotFound, unsupportedOperation } from './faults.js';
import type { RuleContext } from './rules/common.js';
import { entityFromName, type Json, type Realm } from './store.js';

export function writableEntity(name: string): EntityName {
  const entity = entityFromName(name);
  if (!entity || !isWritable(entity)) throw unsupportedOperation(`POST /${name}`);
  return entity;
}

export function readableEntity(name: string): EntityName {
  const entity = entityFromName(name);
  if (!entity) throw unsupportedOperation(`GET /${name}`);
  return entity;
}

/**
 * One write as QBO routes it: `operation` (create/update/delete/void) and `include=void` pick the action;
 * a body with an Id and no operation is an update.
 */
export function performWrite(
  service: EntityService,
  ctx: RuleContext,
  entity: EntityName,
  operation: string | undefined,
  include: string | undefined,
  rawBody: unknown,
): Json {
  if (rawBody instanceof InvalidJson) throw malformedRequest(rawBody.message);
  if (rawBody === null || rawBody === undefined || typeof rawBody !== 'object' || Array.isArray(rawBody))
    throw malformedRequest('request body (expected a JSON object)');
  const body = rawBody as Json;
  const includes = (include ?? '').split(',').map((s) => s.trim().toLowerCase());
  const op = (operation ?? '').toLowerCase();
  if (op === 'delete') return { [entity]: service.remove(ctx, entity, body) };
  if (op === 'void') {
    if (entity !== 'Invoice') throw unsupportedOperation(`void for ${entity} (use operation=update&include=void)`);
    return { [entity]: present(service.void(ctx, entity, body)) };
  }
  if (op === 'update' && includes.includes('void')) {
    if (entity !== 'Payment') throw unsupportedOperation(`update&include=void for ${entity}`);
    return { [entity]: present(service.void(ctx, entity, body)) };
  }
  if (op === 'update' || (op === '' && body['Id'] !== undefined && body['Id'] !== null && body['Id'] !== '')) {
    return { [entity]: present(service.update(ctx, entity, body)) };
  }
  if (op === '' || op === 'create') return { [entity]: present(service.create(ctx, entity, body)) };
  throw unsupportedOperation(`operation=${operation}`);
}

export function performRead(realm: Realm, entity: EntityName, id: string): Json {
  // CompanyInfo is addressed by the realm id, though its own Id is "1".
  const row =
    entity === 'CompanyInfo'
      ? id === realm.realmId
        ? realm.all('CompanyInfo')[0]
        : realm.get(entity, id)
      : realm.get(entity, id);
  if (!row) throw objectNotFound();
  return { [entity]: present(row) };
}
