import { QboClient, type QboCallFailure, type QboCallRecord, type RealmGate } from './client.js';
import type { QboSettings } from './settings.js';
import type { TokenStore } from './token-store.js';

export interface FirmClientOptions {
  gate?: RealmGate;
  onFailure?: (failure: QboCallFailure) => void;
  onCall?: (call: QboCallRecord) => void;
}

/** A QBO client for the firm's connected company (throws NotConnectedError when there is none). */
export async function qboClientForFirm(tokens: TokenStore, settings: QboSettings, firmId: string, options: FirmClientOptions = {}): Promise<{ qbo: QboClient; realmId: string }> {
  const connection = await tokens.connection(firmId);
  return {
    qbo: new QboClient({ baseUrl: settings.apiBaseUrl, realmId: connection.realmId, tokens: connection.tokens, throttlePauseMs: settings.throttlePauseMs, ...options }),
    realmId: connection.realmId,
  };
}
