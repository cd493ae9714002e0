import type { EntityName, Ref } from '../../quickbooks/wire-types.js';
import {
  invalidReference,
  malformedRequest,
  objectNotFound,
  requiredMissing,
  tooLong,
  unsupportedProperty,
  validation,
} from '../faults.js';
import type { Json, Realm, Row } from '../store.js';

export interface RuleContext {
  realm: Realm;
  nowMs: number;
  /** Reference lookups go through here so a batch can hide what its own earlier items created. */
  lookup(entity: EntityName, id: string): Row | undefined;
  allowDuplicateDocNumber: boolean;
}

/** Fields every entity accepts on input: identity and envelope, never validated as data. */
export const ENVELOPE = new Set(['Id', 'SyncToken', 'sparse', 'domain', 'MetaData', 'status']);

export function checkFields(input: Json, fields: ReadonlySet<string>, readOnly: ReadonlySet<string>): void {
  for (const key of Object.keys(input)) {
    if (!ENVELOPE.has(key) && !fields.has(key) && !readOnly.has(key)) throw unsupportedProperty(key);
  }
}

export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A trimmed string field, length-checked in characters as QBO counts them. */
export function str(value: unknown, element: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    if (typeof value === 'number' || typeof value === 'boolean') return str(String(value), element, max);
    throw malformedRequest(`${element} (expected a string)`);
  }
  const trimmed = value.trim();
  const length = [...trimmed].length;
  if (length > max) throw tooLong(element, max, length);
  return trimmed === '' ? undefined : trimmed;
}

export function bool(value: unknown, element: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw malformedRequest(`${element} (expected a boolean)`);
}

export function obj(value: unknown, element: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw malformedRequest(`${element} (expected an object)`);
  return value as Json;
}

function refValue(value: unknown, element: string): string | undefined {
  const o = obj(value, element);
  if (!o) return undefined;
  const v = o['value'];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw malformedRequest(`${element}.value`);
  return String(v).trim();
}

/**
 * Resolves `{value}` to a stored object: missing → 2500, inactive (name lists) → 610, as QBO answers.
 * The returned ref carries the name QBO fills in.
 */
export function resolveRef(
  ctx: RuleContext,
  value: unknown,
  element: string,
  entity: EntityName,
  nameOf: (body: Json) => string,
): { ref: Ref; row: Row } | undefined {
  const id = refValue(value, element);
  if (id === undefined) return undefined;
  const row = ctx.lookup(entity, id);
  if (!row) throw invalidReference(element, entity, id);
  if (row.body['Active'] === false) throw objectNotFound(element);
  return { ref: { value: row.id, name: nameOf(row.body) }, row };
}

export function requireRef(
  ctx: RuleContext,
  value: unknown,
  element: string,
  entity: EntityName,
  nameOf: (body: Json) => string,
): { ref: Ref; row: Row } {
  const r = resolveRef(ctx, value, element, entity, nameOf);
  if (!r) throw requiredMissing(element);
  return r;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` only: a wrong shape is 2060, an impossible calendar day is 2070. */
export function date(value: unknown, element: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !DATE.test(value)) {
    throw validation('2060', 'Invalid Date', `Invalid date format: ${String(value)}. Supported format is yyyy-MM-dd`, element);
  }
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw validation('2070', 'Invalid Date', `Invalid date value: ${value}`, element);
  }
  return value;
}

export function sameName(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function noColon(name: string, element: string): void {
  if (name.includes(':')) {
    throw validation('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: ${element} cannot contain a colon (:).`, element);
  }
}

export function duplicateName(kind: string, existingId: string): never {
  throw validation(
    '6240',
    'Duplicate Name Exists Error',
    `The name supplied already exists. : Another ${kind} is already using this name. Please use a different name. The ${kind} ID is: ${existingId}`,
  );
}

export function stripEmpty(body: Json): Json {
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  return body;
}

/** Passes through nested fields the sandbox does not model, length-checking the ones it knows. */
export function lengthChecked(value: unknown, element: string, limits: Record<string, number>): Json | undefined {
  const o = obj(value, element);
  if (!o) return undefined;
  const out: Json = { ...o };
  for (const [k, max] of Object.entries(limits)) {
    if (k in o) out[k] = str(o[k], `${element}.${k}`, max);
  }
  return stripEmpty(out);
}
