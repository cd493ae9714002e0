import type { Db } from '../db/database.js';
import { recordSyncLog } from '../domain/sync-log-events.js';
import { QboClient, type AccessTokenSource, type QboCallFailure, type QboCallRecord, type RealmGate } from './client.js';
import type { QboSettings } from './settings.js';
import { ConnectionLostError, type TokenStore } from './token-store.js';

export interface FirmClientOptions {
  gate?: RealmGate;
  onFailure?: (failure: QboCallFailure) => void;
  onCall?: (call: QboCallRecord) => void;
}

/** A QBO client for the firm's connected company (throws NotConnectedError when there is none). */
export async function qboClientForFirm(db: Db, tokens: TokenStore, settings: QboSettings, firmId: string, options: FirmClientOptions = {}): Promise<{ qbo: QboClient; realmId: string }> {
  const connection = await tokens.connection(firmId);
  return {
    qbo: new QboClient({ baseUrl: settings.apiBaseUrl, realmId: connection.realmId, tokens: recordingLostConnection(db, firmId, connection.tokens), throttlePauseMs: settings.throttlePauseMs, ...options }),
    realmId: connection.realmId,
  };
}

/** The firm's tokens, with a connection the token store reports lost (a refused refresh token) recorded in the sync log. */
function recordingLostConnection(db: Db, firmId: string, tokens: AccessTokenSource): AccessTokenSource {
  const record = async (error: unknown): Promise<never> => {
    if (error instanceof ConnectionLostError) await recordSyncLog(db, { kind: 'connection_lost', firmId, intuitTid: error.refreshIntuitTid });
    throw error;
  };
  return {
    current: () => tokens.current().catch(record),
    refreshed: (refused) => tokens.refreshed(refused).catch(record),
  };
}
