import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/**
 * Activities heartbeat every few seconds (activities/heartbeat.ts), so a dead worker's work is retried
 * elsewhere within the heartbeat timeout; the long start-to-close only bounds a slow but live attempt
 * (waiting at the realm gate, a slow QBO answer). A sync pass gives up after ten attempts and reports.
 */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { ...RETRY, maximumAttempts: 10 },
};

/**
 * For workflows that must outlast QBO or the database being down for a while (a bulk job waiting on its
 * invoices, the payment reconciler): the same, with no attempt limit.
 */
export const PERSISTENT_ACTIVITY_OPTIONS: ActivityOptions = { ...ACTIVITY_OPTIONS, retry: RETRY };

/**
 * A bulk job's page waits for up to 200 invoices, each of which may spend minutes on retries or behind a
 * throttled realm: heartbeats, not the start-to-close timeout, tell a dead worker from a slow page.
 */
export const JOB_PAGE_ACTIVITY_OPTIONS: ActivityOptions = {
  ...PERSISTENT_ACTIVITY_OPTIONS,
  startToCloseTimeout: '2 hours',
};

/**
 * For the steps of a sync pass around the QBO write: reading the invoice, resolving its payer and fee items
 * (our mapping tables; QBO only when one is mapped on demand) and recording state and the sync log. As
 * local activities they run inside the workflow task that asks for them, with no round trip through the
 * Temporal server. A worker that dies mid-step loses that workflow task; the next worker replays it and
 * runs the step again, so each step is idempotent.
 */
export const LOCAL_ACTIVITY_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { ...RETRY, maximumAttempts: 10 },
};
