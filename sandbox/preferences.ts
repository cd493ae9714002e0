// Company settings that change how QBO answers the same request. Real companies differ on them, and a
// product tested against one variant only ships bugs for the others, so each realm carries its own.

/** `warn`: a duplicate DocNumber is 6140 unless `include=allowduplicatedocnum`; `allow`: accepted silently. */
export type DuplicateDocNumbers = 'warn' | 'allow';

/**
 * How a repeated `requestid` is answered. Intuit documents only the replay of the original response and
 * gives no retention window, so the other modes are the failures a client must survive.
 */
export type RequestIdReplay = 'always' | 'expires' | 'failures-too' | 'ignored';

export interface RealmPreferences {
  duplicateDocNumbers: DuplicateDocNumbers;
  requestIdReplay: RequestIdReplay;
  /** How long `expires` remembers a requestid. */
  requestIdTtlSeconds: number;
  /** Objects one CDC answer holds in all; QBO's is 1000, a smaller one makes saturation cheap to test. */
  cdcMaxObjects: number;
}

export const CDC_MAX_OBJECTS = 1000;

export const DEFAULT_PREFERENCES: Readonly<RealmPreferences> = Object.freeze({
  duplicateDocNumbers: 'warn',
  requestIdReplay: 'always',
  requestIdTtlSeconds: 3600,
  cdcMaxObjects: CDC_MAX_OBJECTS,
});

const DUPLICATE_DOC_NUMBERS: readonly DuplicateDocNumbers[] = ['warn', 'allow'];
const REQUEST_ID_REPLAYS: readonly RequestIdReplay[] = ['always', 'expires', 'failures-too', 'ignored'];

export class InvalidPreference extends Error {}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], key: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new InvalidPreference(`${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function positiveInteger(value: unknown, key: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidPreference(`${key} must be an integer from 1 to ${max}`);
  }
  return value;
}

/**
 * `current` with the preferences named in a control-route body applied; other keys of the body are left
 * to the caller (a realm's creation body also carries its company name). Throws on a bad value.
 */
export function withPreferences(current: RealmPreferences, body: Record<string, unknown>): RealmPreferences {
  const next = { ...current };
  if (body['duplicateDocNumbers'] !== undefined) {
    next.duplicateDocNumbers = oneOf(body['duplicateDocNumbers'], DUPLICATE_DOC_NUMBERS, 'duplicateDocNumbers');
  }
  if (body['requestIdReplay'] !== undefined) {
    next.requestIdReplay = oneOf(body['requestIdReplay'], REQUEST_ID_REPLAYS, 'requestIdReplay');
  }
  if (body['requestIdTtlSeconds'] !== undefined) {
    next.requestIdTtlSeconds = positiveInteger(body['requestIdTtlSeconds'], 'requestIdTtlSeconds', 366 * 24 * 3600);
  }
  if (body['cdcMaxObjects'] !== undefined) {
    next.cdcMaxObjects = positiveInteger(body['cdcMaxObjects'], 'cdcMaxObjects', CDC_MAX_OBJECTS);
  }
  return next;
}
