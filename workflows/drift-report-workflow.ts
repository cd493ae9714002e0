import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { ACTIVITY_OPTIONS } from './activity-options.js';
import type { SyncActivities } from './types.js';

const activities = proxyActivities<SyncActivities>(ACTIVITY_OPTIONS);

export interface DriftReportInput {
  firmId: string;
  /** The report the API made for an on-demand run; absent for a scheduled run, which makes its own. */
  reportId?: string;
}

/**
 * One drift report: compare billing with QuickBooks and keep the findings. A workflow per report
 * (`drift-report/<firmId>/<reportId>`), short-lived, rather than one long-lived per firm: a run has a
 * beginning and an end and nothing to wait for between runs, so there is no history to carry or continue
 * as new; a scheduled run and one a person asked for each get their own id, and the database (at most
 * one running report per firm) keeps them from overlapping. The reading and comparing is one activity:
 * its output is rows in the database, not decisions the workflow makes.
 */
export async function driftReportWorkflow(input: DriftReportInput): Promise<{ reportId: string | null }> {
  const begun = await activities.beginDriftReport({ firmId: input.firmId, reportId: input.reportId ?? null });
  if (!begun) return { reportId: null };
  try {
    await activities.collectDrift({ firmId: input.firmId, reportId: begun.reportId });
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const message = cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : String(cause);
    await activities.failDriftReport({ firmId: input.firmId, reportId: begun.reportId, error: message });
  }
  return { reportId: begun.reportId };
}
