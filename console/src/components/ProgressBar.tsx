// A bulk job's progress: a real progressbar (value = invoices settled) with its counts in words.
import type { SyncJob } from '../types';

export function progressText(job: Pick<SyncJob, 'total' | 'succeeded' | 'failed' | 'pending'>): string {
  const settled = job.succeeded + job.failed;
  return `${settled} of ${job.total}: ${job.succeeded} succeeded, ${job.failed} failed, ${job.pending} pending`;
}

export function ProgressBar({ job, label }: { job: SyncJob; label: string }) {
  const settled = job.succeeded + job.failed;
  const percent = job.total > 0 ? Math.min(100, Math.round((settled / job.total) * 100)) : 100;
  const text = progressText(job);
  return (
    <div class="progress">
      <div
        class="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={settled}
        aria-valuetext={text}
      >
        <div class={`progress-fill${job.failed > 0 ? ' has-failures' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <p class="progress-text">{text}</p>
    </div>
  );
}
