import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { SyncFailure } from './types.js';

/** What the sync log and the invoice show for a failed pass: the activity's own details when it gave them. */
export function describeFailure(error: unknown): SyncFailure {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    const [details] = cause.details ?? [];
    if (details && typeof details === 'object' && 'code' in details) return details as SyncFailure;
    return { code: cause.type ?? 'error', message: cause.message };
  }
  return { code: 'error', message: error instanceof Error ? error.message : String(error) };
}
