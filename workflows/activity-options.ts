import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Activities heartbeat every few seconds (activities/heartbeat.ts), so a dead worker's work is retried
 * elsewhere within the heartbeat timeout; the long start-to-close only bounds a slow but live attempt
 * (waiting at the realm gate, a slow QBO answer).
 */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
};
