import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  createTestWorker,
  recordingActivities,
  uniqueTaskQueue,
  workflowTestServerForFile,
  type StubImplementations,
} from '../test/workflow-env.js';
import type { driftReportWorkflow } from './drift-report-workflow.js';

// The drift report's workflow on a real dev server with stub activities: it begins (or skips, while
// another report runs), collects, and records a failure instead of leaving the report running.

const file = workflowTestServerForFile();

async function run(stubs: StubImplementations, input: { firmId: string; reportId?: string }) {
  const recorded = recordingActivities(stubs);
  const taskQueue = uniqueTaskQueue('drift');
  const worker = await createTestWorker(file.server, { taskQueue, activities: recorded.activities });
  const result = await worker.runUntil(
    file.client.workflow.execute<typeof driftReportWorkflow>('driftReportWorkflow', {
      taskQueue,
      workflowId: `drift-report/test/${taskQueue}`,
      args: [input],
    }),
  );
  return { result, ...recorded };
}

describe('drift report workflow', () => {
  it('collects into the report the API made', async () => {
    const { result, calls } = await run(
      {
        beginDriftReport: ({ reportId }) => ({ reportId: reportId! }),
        collectDrift: () => ({ findings: 3, full: true }),
        failDriftReport: () => undefined,
      },
      { firmId: 'f1', reportId: 'r1' },
    );
    expect(result).toEqual({ reportId: 'r1' });
    expect(calls.map((c) => [c.name, c.input])).toEqual([
      ['beginDriftReport', { firmId: 'f1', reportId: 'r1' }],
      ['collectDrift', { firmId: 'f1', reportId: 'r1' }],
    ]);
  });

  it('does nothing when another report of the firm is running (a scheduled run)', async () => {
    const { result, names } = await run(
      { beginDriftReport: () => null, collectDrift: () => ({ findings: 0, full: false }) },
      { firmId: 'f1' },
    );
    expect(result).toEqual({ reportId: null });
    expect(names()).toEqual(['beginDriftReport']);
  });

  it('marks the report failed with the reason when collecting fails for good', async () => {
    const { result, of } = await run(
      {
        beginDriftReport: () => ({ reportId: 'r2' }),
        collectDrift: () => {
          throw ApplicationFailure.create({ message: 'QuickBooks is not connected', nonRetryable: true });
        },
        failDriftReport: () => undefined,
      },
      { firmId: 'f1' },
    );
    expect(result).toEqual({ reportId: 'r2' });
    expect(of('failDriftReport').map((c) => c.input)).toEqual([
      { firmId: 'f1', reportId: 'r2', error: 'QuickBooks is not connected' },
    ]);
  });
});
