import { QboClient, type QboCallFailure } from './client.js';
import type { QboSettings } from './settings.js';
import type { TokenStore } from './token-store.js';

/** A QBO client for the firm's connected company (throws NotConnectedError when there is none). */
export async function qboClientForFirm(tokens: TokenStore, settings: QboSettings, firmId: string, onFailure?: (failure: QboCallFailure) => void): Promise<{ qbo: QboClient; realmId: string }> {
  const connection = await tokens.connection(firmId);
  return { qbo: new QboClient({ baseUrl: settings.apiBaseUrl, realmId: connection.realmId, tokens: connection.tokens, onFailure }), realmId: connection.realmId };
}
