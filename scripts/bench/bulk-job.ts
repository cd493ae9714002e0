import type { BenchFirm } from './firms.js';

export interface JobOutcome {
  total: number;
  succeeded: number;
  failed: number;
  /** From the POST that started the job to the first poll that saw it completed. */
  seconds: number;
}

/** Short enough not to blur a job of a few seconds, long enough not to load the API it measures. */
const POLL_MS = 200;
/** A job that settles no invoice for this long is stuck: the bench fails rather than hang. */
const STALL_MS = 180_000;

/** Starts a bulk job of every invoice that needs syncing (the "Sync to QuickBooks" button) and waits for it. */
export async function runBulkJob(firm: BenchFirm, startedAt = performance.now()): Promise<JobOutcome> {
  const job = await firm.call('POST', '/v1/sync-jobs', { all: true });
  let settled = -1;
  let movedAt = performance.now();
  for (;;) {
    const progress = await firm.call('GET', `/v1/sync-jobs/${job.id}`);
    if (progress.status === 'completed') {
      return {
        total: progress.total,
        succeeded: progress.succeeded,
        failed: progress.failed,
        seconds: (performance.now() - startedAt) / 1000,
      };
    }
    if (progress.succeeded + progress.failed !== settled) {
      settled = progress.succeeded + progress.failed;
      movedAt = performance.now();
    } else if (performance.now() - movedAt > STALL_MS) {
      throw new Error(`bulk job ${job.id} settled nothing for ${STALL_MS / 1000} s: ${JSON.stringify(progress)}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
