import { log } from '@temporalio/activity';
import { recordQboCall } from '../observability/metrics.js';
import type { QboClient } from '../quickbooks/client.js';
import { qboClientForFirm } from '../quickbooks/firm-client.js';
import type { ActivityDeps } from './deps.js';

/** The firm's QBO client inside an activity: through the shared realm gate, counted, failures logged by intuit_tid (never a token or body). */
export async function qboFor(deps: ActivityDeps, firmId: string): Promise<{ qbo: QboClient; realmId: string }> {
  const { metrics } = deps;
  return qboClientForFirm(deps.db, deps.tokens, deps.settings, firmId, {
    gate: deps.gate,
    onFailure: (failure) => log.warn('QuickBooks call failed', { firmId, ...failure }),
    onCall: metrics ? (call) => recordQboCall(metrics, call) : undefined,
  });
}
