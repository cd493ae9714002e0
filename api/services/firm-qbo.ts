import type { QboClient } from '../../quickbooks/client.js';
import { qboClientForFirm } from '../../quickbooks/firm-client.js';
import { recordQboCall } from '../../observability/metrics.js';
import { NotConnectedError } from '../../quickbooks/token-store.js';
import { conflict } from '../http-errors.js';
import type { ConnectionDeps } from './quickbooks-connection.js';

/** The firm's QBO client for a request; a firm without a live connection gets a 409 that says so. */
export async function firmQbo(deps: ConnectionDeps, firmId: string): Promise<{ qbo: QboClient; realmId: string }> {
  const { metrics } = deps;
  try {
    return await qboClientForFirm(deps.db, deps.tokens, deps.settings, firmId, { gate: deps.gate, onCall: metrics ? (call) => recordQboCall(metrics, call) : undefined });
  } catch (error) {
    if (error instanceof NotConnectedError) throw conflict('not_connected', 'QuickBooks is not connected; connect it first');
    throw error;
  }
}
