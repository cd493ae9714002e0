import { describe, expect, it } from 'vitest';
import { activityOf } from '../test/history-activities.js';
import {
  createTestWorker,
  recordingActivities,
  runChain,
  runInput,
  workflowTestServerForFile,
  uniqueTaskQueue,
} from '../test/workflow-env.js';
import { syncJobWorkflowId } from './ids.js';
import { DEFAULT_JOB_WINDOW, PAGE_SIZE, type SyncJobInput, type syncJobWorkflow } from './sync-job-workflow.js';
import { bulkPagesQueue } from './task-queues.js';

// The bulk-job workflow on a real (dev) server with stub activities: a page of invoice ids at a time, each
// page handed to one activity on the bulk-pages task queue, continue-as-new after every full page.

const firmId = 'firm-1';

const file = workflowTestServerForFile();

const invoiceIds = (count: number) => Array.from({ length: count }, (_, i) => `inv-${String(i + 1).padStart(4, '0')}`);

/**
 * Runs a job over `count` invoices to its end, with the job's own activities on the main task queue and
 * the page activity only on the bulk-pages queue (as the worker process registers them).
 */
async function runJob(jobId: string, count: number, window?: number) {
  const ids = invoiceIds(count);
  const stubs = recordingActivities({
    jobInvoicePage: ({ after, limit }) => ids.filter((id) => after === null || id > after).slice(0, limit),
    syncJobPage: () => undefined,
    completeJob: () => undefined,
  });
  const taskQueue = uniqueTaskQueue('sync-job');
  const { syncJobPage, ...jobActivities } = stubs.activities;
  const worker = await createTestWorker(file.server, { taskQueue, activities: jobActivities });
  const pages = await createTestWorker(file.server, {
    taskQueue: bulkPagesQueue(taskQueue),
    activities: { syncJobPage },
    workflows: false,
  });
  const workflowId = syncJobWorkflowId(firmId, jobId);
  const input: SyncJobInput = { firmId, jobId, ...(window !== undefined && { window }) };
  const firstRunId = await worker.runUntil(
    pages.runUntil(async () => {
      const handle = await file.client.workflow.start<typeof syncJobWorkflow>('syncJobWorkflow', {
        workflowId,
        taskQueue,
        args: [input],
      });
      await handle.result(); // follows the runs to the last one
      return handle.firstExecutionRunId;
    }),
  );
  const runs = await runChain(file.client, workflowId, firstRunId);
  return { ids, taskQueue, runs, ...stubs };
}

describe('sync-job workflow', () => {
  it('walks the invoices a page at a time, continues as new after each full page, and completes the job once', async () => {
    const job = await runJob('job-1', 2250, 7);

    expect(job.names()).toEqual([
      'jobInvoicePage',
      'syncJobPage',
      'jobInvoicePage',
      'syncJobPage',
      'jobInvoicePage',
      'syncJobPage',
      'completeJob',
    ]);
    expect(job.of('jobInvoicePage').map((c) => c.input)).toEqual([
      { jobId: 'job-1', after: null, limit: PAGE_SIZE },
      { jobId: 'job-1', after: 'inv-1000', limit: PAGE_SIZE },
      { jobId: 'job-1', after: 'inv-2000', limit: PAGE_SIZE },
    ]);
    expect(job.of('syncJobPage').map((c) => c.input)).toEqual([
      { firmId, jobId: 'job-1', invoiceIds: job.ids.slice(0, 1000), window: 7 },
      { firmId, jobId: 'job-1', invoiceIds: job.ids.slice(1000, 2000), window: 7 },
      { firmId, jobId: 'job-1', invoiceIds: job.ids.slice(2000), window: 7 },
    ]);
    expect(job.of('syncJobPage').every((c) => c.taskQueue === bulkPagesQueue(job.taskQueue) && !c.local)).toBe(true);
    expect(job.of('completeJob').map((c) => c.input)).toEqual([{ jobId: 'job-1' }]);

    // Three runs: two continued as new after a full page, the last completed; each holds one page's work.
    expect(job.runs).toHaveLength(3);
    const ends = job.runs.map(({ events }) => events.at(-1)!);
    expect(ends.map((e) => Boolean(e.workflowExecutionContinuedAsNewEventAttributes))).toEqual([true, true, false]);
    expect(ends[2]!.workflowExecutionCompletedEventAttributes).toBeTruthy();
    expect(job.runs.map(({ events }) => runInput<SyncJobInput>(events))).toEqual([
      { firmId, jobId: 'job-1', window: 7 },
      { firmId, jobId: 'job-1', window: 7, after: 'inv-1000' },
      { firmId, jobId: 'job-1', window: 7, after: 'inv-2000' },
    ]);
    expect(job.runs.map(({ events }) => events.flatMap((e) => activityOf(e) ?? []))).toEqual([
      ['jobInvoicePage', 'syncJobPage'],
      ['jobInvoicePage', 'syncJobPage'],
      ['jobInvoicePage', 'syncJobPage', 'completeJob'],
    ]);
    // The page activity waits on up to 1,000 invoices: a long start-to-close, heartbeats to tell a dead worker.
    const page = job.runs[0]!.events.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'syncJobPage',
    )!.activityTaskScheduledEventAttributes!;
    expect(page.taskQueue?.name).toBe(bulkPagesQueue(job.taskQueue));
    expect([Number(page.startToCloseTimeout?.seconds), Number(page.heartbeatTimeout?.seconds)]).toEqual([
      2 * 60 * 60,
      10,
    ]);
    // Every page's activities ran in the run that scheduled them.
    expect(job.calls.map((c) => job.runs.findIndex((r) => r.runId === c.runId))).toEqual([0, 0, 1, 1, 2, 2, 2]);
  });

  it('a job within one page completes in a single run with the default window', async () => {
    const job = await runJob('job-2', 3);

    expect(job.runs).toHaveLength(1);
    expect(job.runs[0]!.events.at(-1)!.workflowExecutionCompletedEventAttributes).toBeTruthy();
    expect(job.of('syncJobPage').map((c) => c.input)).toEqual([
      { firmId, jobId: 'job-2', invoiceIds: ['inv-0001', 'inv-0002', 'inv-0003'], window: DEFAULT_JOB_WINDOW },
    ]);
    expect(job.of('completeJob').map((c) => c.input)).toEqual([{ jobId: 'job-2' }]);
  });

  it('a job of exactly one page continues as new once and completes when the next page is empty', async () => {
    const job = await runJob('job-3', PAGE_SIZE);

    expect(job.runs).toHaveLength(2);
    expect(runInput<SyncJobInput>(job.runs[1]!.events).after).toBe('inv-1000');
    expect(job.of('jobInvoicePage').map((c) => c.input.after)).toEqual([null, 'inv-1000']);
    // The workflow hands the empty page to the page activity as well, then completes the job.
    expect(job.of('syncJobPage').map((c) => c.input.invoiceIds.length)).toEqual([PAGE_SIZE, 0]);
    expect(job.names().at(-1)).toBe('completeJob');
    expect(job.of('completeJob')).toHaveLength(1);
  });
});
