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

/** QBO answers a repeated requestid with the original response and does nothing again. */
export function replayFor(realm: Realm, requestid: string | undefined): Replay | undefined {
  return requestid ? realm.replays.get(requestid) : undefined;
}

/** Only successes are remembered: a failed write may be retried with the same id and do its work. */
export function remember(realm: Realm, requestid: string | undefined, replay: Replay): void {
  if (requestid && replay.status >= 200 && replay.status < 300) realm.replays.set(requestid, replay);
}
