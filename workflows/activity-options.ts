import type { ActivityOptions } from '@temporalio/workflow';

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
