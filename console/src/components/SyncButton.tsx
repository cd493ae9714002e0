// Sync Now / Sync Again for one invoice (POST /v1/invoices/:id/sync waits up to 10 s for the pass).
import { api } from '../api';
import { announce } from '../announce';
import { STATUS_WORDS } from '../format';
import { useAction } from '../hooks';
import type { InvoiceSummary, SyncAnswer } from '../types';
import { describeError, InlineError } from './Notice';

export const SYNC_BLOCKED_ID = 'sync-blocked-reason';

export function SyncButton({
  invoice,
  blocked,
  onSynced,
  small = true,
}: {
  invoice: InvoiceSummary;
  blocked: string | null;
  onSynced: () => void;
  small?: boolean;
}) {
  const { busy, error, run: send } = useAction();
  const action = invoice.sync.action;
  if (!action) return null;
  const label = action === 'sync_again' ? 'Sync Again' : 'Sync Now';

  const run = async () => {
    await send(
      async () => {
        const answer = await api.post<SyncAnswer>(`/v1/invoices/${invoice.id}/sync`);
        announce(
          'sync' in answer
            ? `${invoice.number}: ${STATUS_WORDS[answer.sync.status]}`
            : `${invoice.number}: sync started; its status updates here`,
        );
      },
      (caught) => announce(`${invoice.number}: ${describeError(caught)}`),
    );
    onSynced();
  };

  return (
    <span class="sync-action">
      <button
        type="button"
        class={`button${small ? ' button-small' : ''}${action === 'sync_again' ? ' button-secondary' : ' button-primary'}`}
        disabled={busy || blocked !== null}
        aria-busy={busy ? 'true' : undefined}
        aria-describedby={blocked ? SYNC_BLOCKED_ID : undefined}
        title={blocked ?? undefined}
        onClick={() => void run()}
      >
        {label}
      </button>
      {busy ? <span class="muted small"> Working…</span> : null}
      <InlineError error={error} />
    </span>
  );
}
