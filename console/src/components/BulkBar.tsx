// "n selected · Sync to QuickBooks", then the job's progress bar and, when it completes, its summary.
import { cancelPreflight, dismissSyncJob, syncTheRest, syncWithPreflight, useSyncJob } from '../syncJob';
import { describeError } from './Notice';
import { PreflightPanel } from './PreflightPanel';
import { ProgressBar } from './ProgressBar';
import { SYNC_BLOCKED_ID } from './SyncButton';

interface Props {
  selectedIds: string[];
  blocked: string | null;
  onStarted: () => void;
  onShowFailed: () => void;
}

export function BulkBar({ selectedIds, blocked, onStarted, onShowFailed }: Props) {
  const { job, error, starting, preflight } = useSyncJob();
  const running = job?.status === 'running';
  if (selectedIds.length === 0 && !job && !error && !preflight) return null;

  const start = async () => {
    if (await syncWithPreflight({ invoiceIds: selectedIds })) onStarted();
  };
  const syncRest = async () => {
    if (await syncTheRest()) onStarted();
  };

  return (
    <section class="bulkbar" aria-label="Bulk actions">
      {selectedIds.length > 0 ? (
        <div class="bulkbar-row">
          <strong>{selectedIds.length} selected</strong>
          <span aria-hidden="true">·</span>
          <button
            type="button"
            class="button button-primary"
            disabled={starting || running || blocked !== null}
            aria-describedby={blocked ? SYNC_BLOCKED_ID : undefined}
            title={blocked ?? (running ? 'A sync job is running; wait for it to finish' : undefined)}
            onClick={() => void start()}
          >
            Sync to QuickBooks
          </button>
          {running ? <span class="muted small">A sync job is running; start the next when it finishes.</span> : null}
        </div>
      ) : null}
      {preflight ? (
        <PreflightPanel
          report={preflight}
          busy={starting || running}
          onSyncRest={() => void syncRest()}
          onCancel={cancelPreflight}
        />
      ) : null}
      {error ? (
        <p class="field-error" role="alert">
          Sync to QuickBooks: {describeError(error)}
        </p>
      ) : null}
      {job ? (
        <div class="job">
          <p class="job-title">
            {running
              ? 'Syncing to QuickBooks…'
              : job.failed > 0
                ? 'Sync to QuickBooks finished with failures'
                : 'Sync to QuickBooks finished'}
          </p>
          <ProgressBar job={job} label="Sync to QuickBooks progress" />
          {!running ? (
            <p class="job-summary" role="status">
              {job.succeeded} of {job.total} synced{job.failed > 0 ? `, ${job.failed} failed` : ''}.{' '}
              {job.failed > 0 ? (
                <button type="button" class="link-button" onClick={onShowFailed}>
                  Show the failed ones
                </button>
              ) : null}{' '}
              <button type="button" class="link-button" onClick={dismissSyncJob}>
                Dismiss
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
