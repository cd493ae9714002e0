// What the dry run of "Sync to QuickBooks" found: the problems by reason, each with its fix and the invoices
// it affects, before anything is sent. Billing staff sync the rest or cancel.
import { useEffect, useRef } from 'preact/hooks';
import type { PreflightProblem, SyncJobDryRun } from '../types';

interface Props {
  report: SyncJobDryRun;
  busy: boolean;
  onSyncRest: () => void;
  onCancel: () => void;
}

function Problem({ problem, index }: { problem: PreflightProblem; index: number }) {
  const headingId = `preflight-problem-${index}`;
  const count = problem.invoices.length;
  return (
    <section class="preflight-problem" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {problem.message} ({count} {count === 1 ? 'invoice' : 'invoices'})
      </h3>
      <p>
        <strong>Fix:</strong> {problem.fix}
      </p>
      <ul class="preflight-invoices">
        {problem.invoices.map((invoice) => (
          <li key={invoice.id}>
            <strong>{invoice.number}</strong>
            {invoice.detail ? <span class="muted">: {invoice.detail}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PreflightPanel({ report, busy, onSyncRest, onCancel }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard and screen-reader users land on what just appeared instead of staying on the button above it.
  useEffect(() => heading.current?.focus(), [report]);
  return (
    <section class="preflight" aria-labelledby="preflight-heading">
      <h2 id="preflight-heading" tabIndex={-1} ref={heading}>
        Before syncing
      </h2>
      <p>
        {report.withProblems} of {report.total} {report.total === 1 ? 'invoice' : 'invoices'} would not sync.{' '}
        {report.ok > 0
          ? `The other ${report.ok} can be synced now.`
          : 'None of them can be synced until these are fixed.'}
      </p>
      {report.problems.map((problem, index) => (
        <Problem key={problem.reason} problem={problem} index={index} />
      ))}
      <div class="preflight-actions">
        <button type="button" class="button button-primary" disabled={busy || report.ok === 0} onClick={onSyncRest}>
          Sync the rest
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
