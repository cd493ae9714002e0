import type { QboClient } from '../../quickbooks/client.js';
import { qboClientForFirm } from '../../quickbooks/firm-client.js';
import type { QboSettings } from '../../quickbooks/settings.js';
import { NotConnectedError, type TokenStore } from '../../quickbooks/token-store.js';
import { conflict } from '../http-errors.js';

/** The firm's QBO client for a request; a firm without a live connection gets a 409 that says so. */
export async function firmQbo(deps: { tokens: TokenStore; settings: QboSettings }, firmId: string): Promise<{ qbo: QboClient; realmId: string }> {
  try {
    return await qboClientForFirm(deps.tokens, deps.settings, firmId);
  } catch (error) {
    if (error instanceof NotConnectedError) throw conflict('not_connected', 'QuickBooks is not connected; connect it first');
    throw error;
  }
}
