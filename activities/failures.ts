import { ApplicationFailure } from '@temporalio/common';
import { QboError } from '../quickbooks/errors.js';
import type { SyncFailure } from '../workflows/types.js';

/**
 * Turns a QBO failure into what Temporal acts on: transient kinds stay retryable (after a 429 the realm
 * gate keeps every process away from that realm for QBO's minute, so the retry simply waits there); the
 * rest stop retrying at once and carry the code, a plain message, a fix hint and intuit_tid for the sync log.
 */
export function toActivityFailure(error: unknown): unknown {
  if (!(error instanceof QboError)) return error;
  const details: SyncFailure = {
    code: error.code,
    message: error.message,
    hint: error.hint,
    intuitTid: error.intuitTid,
  };
  return ApplicationFailure.create({
    message: error.message,
    type: `QuickBooks.${error.kind}`,
    nonRetryable: !error.retryable,
    details: [details],
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
