import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { DriftReportInput, driftReportWorkflow } from '../workflows/drift-report-workflow.js';
import { driftReportWorkflowId } from '../workflows/ids.js';
import { FirmIdKey } from '../workflows/search-attributes.js';
import type { TemporalAccess } from './client.js';

// The drift report's one door to Temporal: a run on demand, and the firm's schedule of runs.

const HOUR_MS = 3600_000;

export const driftScheduleId = (firmId: string): string => `drift-report-schedule/${firmId}`;

/** A run a person asked for: its report row already exists, under `reportId`. */
export async function startDriftReport(temporal: TemporalAccess, firmId: string, reportId: string): Promise<void> {
  await temporal.client.workflow.start<typeof driftReportWorkflow>('driftReportWorkflow', {
    workflowId: driftReportWorkflowId(firmId, reportId),
    taskQueue: temporal.taskQueue,
    args: [{ firmId, reportId }],
    typedSearchAttributes: [{ key: FirmIdKey, value: firmId }],
  });
}

/**
 * The firm's scheduled runs every `everyHours` hours, or none (null). A run that would start while the
 * previous one is still going is skipped (the next one reads what it missed through CDC).
 */
export async function setDriftSchedule(
  temporal: TemporalAccess,
  firmId: string,
  everyHours: number | null,
): Promise<void> {
  const handle = temporal.client.schedule.getHandle(driftScheduleId(firmId));
  if (everyHours === null) {
    await handle.delete().catch((error: unknown) => {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    });
    return;
  }
  const args: [DriftReportInput] = [{ firmId }];
  const options = {
    spec: { intervals: [{ every: everyHours * HOUR_MS }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'driftReportWorkflow',
      // Temporal adds each run's time to this id.
      workflowId: `drift-report/${firmId}/scheduled`,
      taskQueue: temporal.taskQueue,
      args,
      typedSearchAttributes: [{ key: FirmIdKey, value: firmId }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: HOUR_MS },
  };
  try {
    await handle.update((previous) => ({ ...previous, ...options }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await temporal.client.schedule.create({ scheduleId: driftScheduleId(firmId), ...options });
  }
}

/** How often the firm's scheduled runs happen, in hours; null when it has none. */
export async function getDriftSchedule(temporal: TemporalAccess, firmId: string): Promise<number | null> {
  try {
    const description = await temporal.client.schedule.getHandle(driftScheduleId(firmId)).describe();
    const every = description.spec.intervals?.[0]?.every;
    return every ? Math.round(every / HOUR_MS) : null;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return null;
    throw error;
  }
}
