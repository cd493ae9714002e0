import { log } from '@temporalio/activity';
import type { QboClient } from '../quickbooks/client.js';
import { qboClientForFirm } from '../quickbooks/firm-client.js';
import type { ActivityDeps } from './deps.js';

/** The firm's QBO client inside an activity, logging failures by intuit_tid (never a token or body). */
export async function qboFor(deps: ActivityDeps, firmId: string): Promise<{ qbo: QboClient; realmId: string }> {
  return qboClientForFirm(deps.tokens, deps.settings, firmId, (failure) => log.warn('QuickBooks call failed', { firmId, ...failure }));
}
