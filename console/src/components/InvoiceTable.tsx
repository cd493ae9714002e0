// The invoice list's table: one row per invoice, its number first, the sync status in words, the payment
// cue, the row's one action, and what QuickBooks said when the last sync failed.
import { Fragment } from 'preact';
import type { InvoiceSummary } from '../types';
import { Link } from '../router';
import { DateText, Money } from './Money';
import { PaymentCue } from './PaymentCue';
import { StatusBadge } from './StatusBadge';
import { SyncButton } from './SyncButton';
import { TableWrap } from './TableWrap';

/** Whether a bulk job may take this invoice (the API refuses ones created before activation, or void and never posted). */
export function selectable(invoice: InvoiceSummary): boolean {
  return invoice.sync.status !== 'not_eligible' && !(invoice.status === 'void' && !invoice.sync.qboInvoiceId);
}

function NoAction({ invoice }: { invoice: InvoiceSummary }) {
  const { status } = invoice.sync;
  if (invoice.status === 'void' && !invoice.sync.qboInvoiceId)
    return <span class="muted small">Void; never in QuickBooks</span>;
  if (status === 'queued' || status === 'syncing') return <span class="muted small">In progress</span>;
  if (status === 'synced') return <span class="muted small">Up to date</span>;
  if (status === 'not_eligible') return <span class="muted small">Created before sync was activated</span>;
  if (status === 'needs_mapping') return <Link href="/mapping">Map its payer or fee items</Link>;
  return null;
}

/** Whether the invoice has something to say about its sync (a failure, or a wait for a mapping). */
export const hasSyncProblem = (invoice: InvoiceSummary) =>
  invoice.sync.status === 'needs_mapping' || (invoice.sync.status === 'failed' && invoice.sync.lastError !== null);

export function SyncProblem({ invoice, id }: { invoice: InvoiceSummary; id?: string }) {
  const { status, lastError } = invoice.sync;
  if (status === 'needs_mapping') {
    return (
      <p class="row-note" id={id}>
        Waiting for its payer or fee items to be mapped; it syncs by itself once they are.
      </p>
    );
  }
  if (status !== 'failed' || !lastError) return null;
  return (
    <div class="row-note row-error" id={id}>
      <p>
        <span class="label">QuickBooks said:</span> {lastError.message}
      </p>
      {lastError.hint ? (
        <p>
          <span class="label">What to do:</span> {lastError.hint}
        </p>
      ) : null}
    </div>
  );
}

interface Props {
  invoices: InvoiceSummary[];
  writer: boolean;
  blocked: string | null;
  selected: Set<string>;
  onSelect: (id: string, on: boolean) => void;
  onSelectAll: (on: boolean) => void;
  onChanged: () => void;
}

export function InvoiceTable({ invoices, writer, blocked, selected, onSelect, onSelectAll, onChanged }: Props) {
  const candidates = invoices.filter(selectable);
  const chosen = candidates.filter((i) => selected.has(i.id)).length;
  const all = candidates.length > 0 && chosen === candidates.length;

  return (
    <TableWrap label="Invoices">
      <table class="data invoices">
        <caption class="visually-hidden">Invoices, newest first, with their QuickBooks sync status</caption>
        <thead>
          <tr>
            {writer ? (
              <th scope="col" class="check-cell">
                <input
                  type="checkbox"
                  aria-label="Select all"
                  checked={all}
                  indeterminate={chosen > 0 && !all}
                  disabled={candidates.length === 0}
                  onChange={(e) => onSelectAll(e.currentTarget.checked)}
                />
              </th>
            ) : null}
            <th scope="col">Number</th>
            <th scope="col">Payer</th>
            <th scope="col">Invoice date</th>
            <th scope="col">Due date</th>
            <th scope="col" class="num">
              Total
            </th>
            <th scope="col" class="num">
              Balance
            </th>
            <th scope="col">Sync status</th>
            <th scope="col">
              <span class="visually-hidden">Payment from QuickBooks</span>
              <span aria-hidden="true">Payment</span>
            </th>
            <th scope="col">{writer ? 'Action' : <span class="visually-hidden">Action</span>}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => {
            const problem = hasSyncProblem(invoice);
            const problemId = `sync-problem-${invoice.id}`;
            return (
              <Fragment key={invoice.id}>
                <tr
                  class={`${invoice.sync.recentPayment ? 'has-payment' : ''}${invoice.status === 'void' ? ' is-void' : ''}${problem ? ' has-detail' : ''}`}
                >
                  {writer ? (
                    <td class="check-cell">
                      <input
                        type="checkbox"
                        aria-label={`Select ${invoice.number}`}
                        checked={selected.has(invoice.id)}
                        disabled={!selectable(invoice)}
                        title={selectable(invoice) ? undefined : 'This invoice cannot be synced'}
                        onChange={(e) => onSelect(invoice.id, e.currentTarget.checked)}
                      />
                    </td>
                  ) : null}
                  <td class="number-cell">
                    <Link href={`/invoices/${invoice.id}`}>{invoice.number}</Link>
                  </td>
                  <td>{invoice.payerName}</td>
                  <td class="nowrap">
                    <DateText date={invoice.invoiceDate} />
                  </td>
                  <td class="nowrap">
                    <DateText date={invoice.dueDate} />
                  </td>
                  <td class="num">
                    <Money amount={invoice.total} />
                  </td>
                  <td class="num">
                    <Money amount={invoice.balance} />
                  </td>
                  <td class="status-cell" aria-describedby={problem ? problemId : undefined}>
                    <StatusBadge status={invoice.sync.status} />
                    {invoice.status === 'void' ? <span class="tag">Void</span> : null}
                  </td>
                  <td>
                    <PaymentCue payment={invoice.sync.recentPayment} />
                  </td>
                  <td class="action-cell">
                    {writer ? (
                      invoice.sync.action ? (
                        <SyncButton invoice={invoice} blocked={blocked} onSynced={onChanged} />
                      ) : (
                        <NoAction invoice={invoice} />
                      )
                    ) : null}
                  </td>
                </tr>
                {problem ? (
                  <tr class="detail-row">
                    {writer ? <td /> : null}
                    <td colSpan={9}>
                      <SyncProblem invoice={invoice} id={problemId} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
