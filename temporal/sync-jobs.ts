import { syncJobWorkflowId } from '../workflows/ids.js';
import { FirmIdKey } from '../workflows/search-attributes.js';
import type { syncJobWorkflow } from '../workflows/sync-job-workflow.js';
import type { TemporalAccess } from './client.js';

/** Starts a bulk job's workflow, which drives each of the job's invoices through its own workflow. */
export async function startSyncJob(temporal: TemporalAccess, firmId: string, jobId: string): Promise<void> {
  await temporal.client.workflow.start<typeof syncJobWorkflow>('syncJobWorkflow', {
    workflowId: syncJobWorkflowId(firmId, jobId),
    taskQueue: temporal.taskQueue,
    args: [{ firmId, jobId }],
    typedSearchAttributes: [{ key: FirmIdKey, value: firmId }],
  });
}
