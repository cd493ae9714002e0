// The bulk "Sync to QuickBooks" job: started once, polled every second until it completes. Kept outside
// any screen, so leaving the invoice list and coming back still shows the job's progress.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { announce } from './announce';
import { progressText } from './components/ProgressBar';
import type { SyncJob, SyncJobDryRun, SyncJobInput, SyncJobStarted } from './types';

export interface JobState {
  job: SyncJob | null;
  /** Why starting or following the job failed. */
  error: unknown;
  starting: boolean;
  /** The dry run's problems, waiting for a person to sync the rest or cancel. */
  preflight: SyncJobDryRun | null;
}

let state: JobState = { job: null, error: null, starting: false, preflight: null };
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

/**
 * "Sync to QuickBooks": a dry run first, so billing staff see what would fail before anything is sent; with
 * no problem the job starts at once, otherwise the problems wait in `preflight` for syncTheRest or
 * cancelPreflight. True when a job started.
 */
export async function syncWithPreflight(body: SyncJobInput): Promise<boolean> {
  set({ starting: true, error: null, preflight: null });
  let report: SyncJobDryRun;
  try {
    report = await api.post<SyncJobDryRun>('/v1/sync-jobs', { ...body, dryRun: true });
  } catch (error) {
    set({ starting: false, error });
    return false;
  }
  if (report.problems.length === 0) return startSyncJob(body);
  set({ starting: false, preflight: report });
  const would = report.withProblems === 1 ? 'invoice would not sync' : 'invoices would not sync';
  announce(`Before syncing: ${report.withProblems} of ${report.total} ${would}.`);
  return false;
}

/** Starts the job for the invoices the dry run found nothing against. */
export async function syncTheRest(): Promise<boolean> {
  const ids = state.preflight?.okInvoices.map((i) => i.id) ?? [];
  if (ids.length === 0) return false;
  set({ preflight: null });
  return startSyncJob({ invoiceIds: ids });
}

export function cancelPreflight(): void {
  set({ preflight: null });
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
