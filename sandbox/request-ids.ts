import { validation } from './faults.js';
import type { Realm, Replay } from './store.js';

export const MAX_REQUEST_ID_LENGTH = 50;

export function checkRequestId(requestid: string | undefined): void {
  if (requestid !== undefined && requestid.length > MAX_REQUEST_ID_LENGTH) {
    throw validation(
      '2050',
      'String length is either shorter or longer than supported by specification',
      `String length specified does not match the supported length. Min:0 Max:${MAX_REQUEST_ID_LENGTH} supplied length:${requestid.length}`,
      'requestid',
    );
  }
}

/**
 * QBO answers a repeated requestid with the original response and does nothing again; the realm's
 * `requestIdReplay` decides how long that holds and whether a realm honours requestids at all.
 */
export function replayFor(realm: Realm, requestid: string | undefined, nowMs: number): Replay | undefined {
  if (!requestid) return undefined;
  const { requestIdReplay, requestIdTtlSeconds } = realm.preferences;
  if (requestIdReplay === 'ignored') return undefined;
  const replay = realm.replays.get(requestid);
  if (replay && requestIdReplay === 'expires' && nowMs - replay.atMs >= requestIdTtlSeconds * 1000) {
    realm.replays.delete(requestid);
    return undefined;
  }
  return replay;
}

/**
 * By default only successes are remembered, so a failed write may be retried with the same id and do its
 * work; `failures-too` keeps the first answer whatever it was, so such a retry gets the old fault back.
 */
export function remember(realm: Realm, requestid: string | undefined, replay: Replay): void {
  // An over-long requestid was refused, so there is nothing QBO could remember it by.
  if (!requestid || requestid.length > MAX_REQUEST_ID_LENGTH) return;
  const { requestIdReplay } = realm.preferences;
  if (requestIdReplay === 'ignored') return;
  const success = replay.status >= 200 && replay.status < 300;
  if (success || requestIdReplay === 'failures-too') realm.replays.set(requestid, replay);
}
