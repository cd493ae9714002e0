import type { EntityName } from '../quickbooks/wire-types.js';
import { present } from './entity-service.js';
import { queryValidationError } from './faults.js';
import { parseQuery, type Condition, type Literal, type ParsedQuery } from './query-parser.js';
import { checkFilterable } from './queryable.js';
import { NAME_LISTS, entityFromName, type Json, type Realm, type Row } from './store.js';

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;

type Value = string | number | boolean | undefined;

/** A property of a stored body, named in any case as QBO allows. */
function property(o: Json, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  const key = Object.keys(o).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : o[key];
}

/** A field's comparable value: refs compare by id, email addresses by address, MetaData times by instant. */
function fieldValue(entity: Json, row: Row, path: string): Value {
  const time = timeField(path);
  if (time === 'create') return row.createdMs;
  if (time === 'update') return row.updatedMs;
  let v: unknown = entity;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = property(v as Json, part);
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Json;
    if ('value' in o) v = o['value'];
    else if ('Address' in o) v = o['Address'];
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return undefined;
}

function timeField(path: string): 'create' | 'update' | undefined {
  const lower = path.toLowerCase();
  if (lower === 'metadata.createtime') return 'create';
  if (lower === 'metadata.lastupdatedtime') return 'update';
  return undefined;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Orders two values the way QBO does: numbers and numeric ids numerically, text case-insensitively. */
function compare(a: Value, b: Literal, time: boolean): number {
  if (a === undefined) return Number.NaN;
  if (time) {
    const t = typeof b === 'string' ? Date.parse(b) : Number(b);
    if (Number.isNaN(t)) throw queryValidationError(`invalid date-time ${String(b)}`);
    return (a as number) - t;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const bb = typeof b === 'boolean' ? b : String(b).toLowerCase() === 'true';
    const ab = typeof a === 'boolean' ? a : String(a).toLowerCase() === 'true';
    return ab === bb ? 0 : ab ? 1 : -1;
  }
  if ((typeof a === 'number' || NUMERIC.test(a)) && (typeof b === 'number' || NUMERIC.test(b)))
    return Number(a) - Number(b);
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeToRegex(pattern: string): RegExp {
  const body = pattern
    .split('%')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

function matches(entity: Json, row: Row, c: Condition): boolean {
  const v = fieldValue(entity, row, c.field);
  if (v === undefined) return false;
  const time = timeField(c.field) !== undefined;
  switch (c.op) {
    case '=':
      return compare(v, c.value as Literal, time) === 0;
    case '<':
      return compare(v, c.value as Literal, time) < 0;
    case '>':
      return compare(v, c.value as Literal, time) > 0;
    case '<=':
      return compare(v, c.value as Literal, time) <= 0;
    case '>=':
      return compare(v, c.value as Literal, time) >= 0;
    case 'IN':
      return (c.value as Literal[]).some((x) => compare(v, x, time) === 0);
    case 'LIKE':
      return likeToRegex(String(c.value)).test(String(v));
  }
}

export function resolveEntity(name: string): EntityName {
  // QBO reads `invoice` as `Invoice` (node-quickbooks has always sent `select * from account`), though
  // Intuit's reference calls entity names case-sensitive; answers always use the canonical name.
  const entity = entityFromName(name);
  if (!entity) throw queryValidationError(`Entity ${name} is not supported or is not queryable.`);
  return entity;
}

export interface QueryOutcome {
  QueryResponse: Json;
}

/** Runs a statement against one realm. `visible` lets a batch hide objects its own items created. */
export function runQuery(
  realm: Realm,
  statement: string,
  visible: (entity: EntityName, row: Row) => boolean = () => true,
): QueryOutcome {
  const q: ParsedQuery = parseQuery(statement);
  const entity = resolveEntity(q.entity);
  for (const c of q.where) checkFilterable(entity, c.field);
  const where = [...q.where];
  if (NAME_LISTS.has(entity) && !where.some((c) => c.field.toLowerCase() === 'active'))
    where.push({ field: 'Active', op: '=', value: true });

  let rows = realm
    .all(entity)
    .filter((row) => visible(entity, row))
    .map((row) => ({ row, entity: present(row) }))
    .filter(({ row, entity: e }) => where.every((c) => matches(e, row, c)));

  if (q.count) return { QueryResponse: { totalCount: rows.length } };

  const order = q.orderBy.length > 0 ? q.orderBy : [{ field: 'Id', desc: false }];
  rows = rows.sort((a, b) => {
    for (const o of order) {
      const va = fieldValue(a.entity, a.row, o.field);
      const vb = fieldValue(b.entity, b.row, o.field);
      if (va === undefined && vb === undefined) continue;
      if (va === undefined) return o.desc ? 1 : -1;
      if (vb === undefined) return o.desc ? -1 : 1;
      const c = compare(va, vb, false);
      if (c !== 0 && !Number.isNaN(c)) return o.desc ? -c : c;
    }
    return 0;
  });

  const start = Math.max(1, q.startPosition ?? 1);
  const max = Math.min(MAX_RESULTS_LIMIT, q.maxResults ?? DEFAULT_MAX_RESULTS);
  const page = rows.slice(start - 1, start - 1 + max).map((r) => r.entity);
  if (page.length === 0) return { QueryResponse: {} };
  return { QueryResponse: { [entity]: page, startPosition: start, maxResults: page.length } };
}
