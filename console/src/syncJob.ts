// The bulk "Sync to QuickBooks" job: started once, polled every second until it completes. Kept outside
// any screen, so leaving the invoice list and coming back still shows the job's progress.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { announce } from './announce';
import { progressText } from './components/ProgressBar';
import type { SyncJob, SyncJobInput, SyncJobStarted } from './types';

export interface JobState {
  job: SyncJob | null;
  /** Why starting or following the job failed. */
  error: unknown;
  starting: boolean;
}

let state: JobState = { job: null, error: null, starting: false };
const listeners = new Set<(state: JobState) => void>();
let timer: number | undefined;

function set(next: Partial<JobState>): void {
  state = { ...state, ...next };
  listeners.forEach((listener) => listener(state));
}

const POLL_MS = 1000;

function follow(id: string): void {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void poll(id), POLL_MS);
}

/** One look at the job; it schedules the next until the job completes or another job takes its place. */
async function poll(id: string): Promise<void> {
  try {
    const job = await api.get<SyncJob>(`/v1/sync-jobs/${id}`);
    if (state.job?.id !== id) return;
    set({ job, error: null });
    if (job.status === 'completed') {
      announce(`Sync to QuickBooks finished. ${progressText(job)}.`);
      return;
    }
  } catch (error) {
    if (state.job?.id !== id) return;
    set({ error });
  }
  follow(id);
}

/** POST /v1/sync-jobs, then follow GET /v1/sync-jobs/:id every second until `completed`. */
export async function startSyncJob(body: SyncJobInput): Promise<boolean> {
  set({ starting: true, error: null });
  try {
    const started = await api.post<SyncJobStarted>('/v1/sync-jobs', body);
    set({
      starting: false,
      job: { id: started.id, status: 'running', total: started.total, succeeded: 0, failed: 0, pending: started.total },
    });
    announce(`Sync to QuickBooks started for ${started.total} ${started.total === 1 ? 'invoice' : 'invoices'}.`);
    follow(started.id);
    return true;
  } catch (error) {
    set({ starting: false, error });
    return false;
  }
}

/** Hides a finished job's summary. */
export function dismissSyncJob(): void {
  if (state.job?.status === 'running') return;
  window.clearTimeout(timer);
  set({ job: null, error: null });
}

export function useSyncJob(): JobState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}
