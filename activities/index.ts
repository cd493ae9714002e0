import type { SyncActivities } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { driftReportActivities } from './drift-report.js';
import { heartbeating } from './heartbeat.js';
import { loadInvoiceActivities } from './load-invoice.js';
import { postInvoiceActivities } from './post-invoice.js';
import { pushPaymentActivities } from './push-payments.js';
import { reconcileActivities } from './reconcile.js';
import { resolveCustomerActivities } from './resolve-customer.js';
import { resolveItemActivities } from './resolve-item.js';
import { syncJobActivities } from './sync-job.js';
import { syncStateActivities } from './sync-state.js';
import { entityUpdateActivities } from './update-entity.js';

/** The activities every worker registers: `SyncActivities`, the contract the workflows schedule by. */
export function createActivities(deps: ActivityDeps): SyncActivities {
  return heartbeating({
    ...loadInvoiceActivities(deps),
    ...resolveCustomerActivities(deps),
    ...resolveItemActivities(deps),
    ...postInvoiceActivities(deps),
    ...pushPaymentActivities(deps),
    ...syncStateActivities(deps),
    ...syncJobActivities(deps),
    ...reconcileActivities(deps),
    ...driftReportActivities(deps),
    ...entityUpdateActivities(deps),
  });
}
