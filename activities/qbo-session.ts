import { log } from '@temporalio/activity';
import { QboClient } from '../quickbooks/client.js';
import type { ActivityDeps } from './deps.js';

/** A QBO client for the firm's connected company, logging failures by intuit_tid (never a token or body). */
export async function qboFor(deps: ActivityDeps, firmId: string): Promise<QboClient> {
  const connection = await deps.tokens.connection(firmId);
  return new QboClient({
    baseUrl: deps.settings.apiBaseUrl,
    realmId: connection.realmId,
    tokens: connection.tokens,
    onFailure: (failure) => log.warn('QuickBooks call failed', { firmId, realmId: connection.realmId, ...failure }),
  });
}
