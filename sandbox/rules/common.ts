import type { EntityName, Ref } from '../../quickbooks/wire-types.js';
import {
  invalidReference,
  malformedRequest,
  inactiveReference,
  requiredMissing,
  tooLong,
  unsupportedProperty,
  validation,
} from '../faults.js';
import type { Json, NameList, Realm, Row } from '../store.js';

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

/** The field each name list is known by, and the word QBO's 6240 message uses for it. */
const NAMED: Record<NameList, { field: string; kind: string }> = {
  Account: { field: 'Name', kind: 'account' },
  Customer: { field: 'DisplayName', kind: 'customer' },
  Vendor: { field: 'DisplayName', kind: 'vendor' },
  Employee: { field: 'DisplayName', kind: 'employee' },
  Item: { field: 'Name', kind: 'item' },
  PaymentMethod: { field: 'Name', kind: 'payment method' },
};

/** A ref to a stored name-list object, carrying the name QBO fills in. */
export function refTo(entity: NameList, row: Row): Ref {
  return { value: row.id, name: String(row.body[NAMED[entity].field] ?? '') };
}

/** Resolves `{value}` to a stored object: missing → 2500, inactive → 610, as QBO answers. */
export function resolveRef(
  ctx: RuleContext,
  value: unknown,
  element: string,
  entity: NameList,
): { ref: Ref; row: Row } | undefined {
  const id = refValue(value, element);
  if (id === undefined) return undefined;
  const row = ctx.lookup(entity, id);
  if (!row) throw invalidReference(element, entity, id);
  if (row.body['Active'] === false) throw inactiveReference(element);
  return { ref: refTo(entity, row), row };
}

export function requireRef(
  ctx: RuleContext,
  value: unknown,
  element: string,
  entity: NameList,
): { ref: Ref; row: Row } {
  const r = resolveRef(ctx, value, element, entity);
  if (!r) throw requiredMissing(element);
  return r;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` only: a wrong shape is 2060, an impossible calendar day is 2070. */
export function date(value: unknown, element: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !DATE.test(value)) {
    throw validation(
      '2060',
      'Invalid Date',
      `Invalid date format: ${String(value)}. Supported format is yyyy-MM-dd`,
      element,
    );
  }
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw validation('2070', 'Invalid Date', `Invalid date value: ${value}`, element);
  }
  return value;
}

/** QBO keeps one DisplayName namespace for everyone the company deals with (§2.2); other lists keep their own. */
const PEOPLE: readonly NameList[] = ['Customer', 'Vendor', 'Employee'];

function namespaceOf(entity: NameList): readonly NameList[] {
  return PEOPLE.includes(entity) ? PEOPLE : [entity];
}

/**
 * A name list's name may not contain a colon (6000, QBO uses it for hierarchy) and must be unique
 * case-insensitively across its namespace, inactive records included (6240); an update may keep its own name.
 * The 6240 detail names the kind and id of the record holding the name, which may be of another entity;
 * comparing ids alone is safe because a realm hands out ids from one counter for every table.
 */
export function checkName(ctx: RuleContext, entity: NameList, name: string, existing: Row | null): void {
  const { field } = NAMED[entity];
  if (name.includes(':')) {
    throw validation(
      '6000',
      'A business validation error has occurred while processing your request',
      `Business Validation Error: ${field} cannot contain a colon (:).`,
      field,
    );
  }
  const key = name.toLowerCase();
  for (const holder of namespaceOf(entity)) {
    const { field: holderField, kind } = NAMED[holder];
    for (const other of ctx.realm.all(holder)) {
      if (other.id !== existing?.id && String(other.body[holderField]).toLowerCase() === key) {
        throw validation(
          '6240',
          'Duplicate Name Exists Error',
          `The name supplied already exists. : Another ${kind} is already using this name. Please use a different name. The ${kind} ID is: ${other.id}`,
        );
      }
    }
  }
}

/** The required `Name` of an account, item or payment method, checked as {@link checkName}. */
export function requiredName(
  ctx: RuleContext,
  entity: NameList,
  input: Json,
  max: number,
  existing: Row | null,
): string {
  const name = str(input['Name'], 'Name', max);
  if (name === undefined) throw requiredMissing('Name');
  checkName(ctx, entity, name, existing);
  return name;
}

/** The company's home currency; the sandbox models no other. */
export const HOME_CURRENCY: Ref = Object.freeze({ value: 'USD', name: 'United States Dollar' });

/** A voided transaction keeps its lines and refs, with every amount zeroed and a note that says so. */
export function voidedTransaction(row: Row, amounts: readonly string[]): Json {
  const note = row.body['PrivateNote'];
  return {
    ...row.body,
    ...Object.fromEntries(amounts.map((k) => [k, 0])),
    Line: ((row.body['Line'] as Json[]) ?? []).map((l) => ({ ...l, Amount: 0 })),
    PrivateNote: typeof note === 'string' && note !== '' ? `Voided - ${note}` : 'Voided',
  };
}

/** The writable fields of an input, stored as given for the ones the sandbox does not model. */
export function passthrough(input: Json, fields: ReadonlySet<string>): Json {
  return Object.fromEntries(Object.entries(input).filter(([k]) => fields.has(k)));
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
