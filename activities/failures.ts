import { ApplicationFailure } from '@temporalio/common';
import { QboError } from '../quickbooks/errors.js';
import type { SyncFailure } from '../workflows/types.js';

export const THROTTLE_PAUSE = '60s';

/**
 * Turns a QBO failure into what Temporal acts on: transient kinds stay retryable (a throttle waits QBO's
 * minute before the next attempt); the rest stop retrying at once and carry the code, a plain message,
 * a fix hint and intuit_tid for the sync log.
 */
export function toActivityFailure(error: unknown): unknown {
  if (!(error instanceof QboError)) return error;
  const details: SyncFailure = { code: error.code, message: error.message, hint: error.hint, intuitTid: error.intuitTid };
  return ApplicationFailure.create({
    message: error.message,
    type: `QuickBooks.${error.kind}`,
    nonRetryable: !error.retryable,
    details: [details],
    nextRetryDelay: error.kind === 'throttled' ? THROTTLE_PAUSE : undefined,
  });
}

/** Runs an activity body, translating QBO failures on the way out. */
export async function withQboFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toActivityFailure(error);
  }
}

/** A failure of the billing data itself (not QBO's): never worth retrying. */
export function billingDataFailure(code: string, message: string, hint: string): ApplicationFailure {
  const details: SyncFailure = { code, message, hint };
  return ApplicationFailure.create({ message, type: `Billing.${code}`, nonRetryable: true, details: [details] });
}
