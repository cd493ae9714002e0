import { validation } from './faults.js';
import type { Realm, Replay } from './store.js';

export const MAX_REQUEST_ID_LENGTH = 50;
/** A batch's requestid is shorter (Intuit's requestid post, 2015). */
export const MAX_BATCH_REQUEST_ID_LENGTH = 36;

/**
 * QBO documents the batch limit but not the answer to breaking it, so both limits answer the 2050 a
 * too-long single-write requestid gets, the closest documented shape.
 */
export function checkRequestId(requestid: string | undefined, max = MAX_REQUEST_ID_LENGTH): void {
  if (requestid !== undefined && requestid.length > max) {
    throw validation(
      '2050',
      'String length is either shorter or longer than supported by specification',
      `String length specified does not match the supported length. Min:0 Max:${max} supplied length:${requestid.length}`,
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
export function remember(
  realm: Realm,
  requestid: string | undefined,
  replay: Replay,
  max = MAX_REQUEST_ID_LENGTH,
): void {
  // An over-long requestid was refused, so there is nothing QBO could remember it by.
  if (!requestid || requestid.length > max) return;
  const { requestIdReplay } = realm.preferences;
  if (requestIdReplay === 'ignored') return;
  const success = replay.status >= 200 && replay.status < 300;
  if (success || requestIdReplay === 'failures-too') realm.replays.set(requestid, replay);
}
