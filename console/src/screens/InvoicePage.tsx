// One invoice: its state, lines, payments, its own sync history; Sync Now/Again, Revise, Void.
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, loadFeeItems } from '../api';
import { announce } from '../announce';
import { InvoiceForm } from '../components/InvoiceForm';
import { SyncProblem } from '../components/InvoiceTable';
import { PageHeading } from '../components/Layout';
import { LogTable } from '../components/LogTable';
import { DateText, DateTimeText, Money } from '../components/Money';
import { ErrorNotice, InlineError, Loading } from '../components/Notice';
import { PaymentCue } from '../components/PaymentCue';
import { PaymentsSection } from '../components/PaymentsSection';
import { StatusBadge } from '../components/StatusBadge';
import { SYNC_BLOCKED_ID, SyncButton } from '../components/SyncButton';
import { formatMoney } from '../format';
import { useAction, useLoad, usePoll, useTitle } from '../hooks';
import { Link } from '../router';
import { canWrite, isAdmin, syncBlockedReason, useSession } from '../session';
import type { Invoice, LogEntry, PaymentList, SyncLogPage } from '../types';
import { TableWrap } from '../components/TableWrap';

function VoidButton({ invoice, onVoided }: { invoice: Invoice; onVoided: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  if (invoice.status === 'void') return null;
  if (!confirming) {
    return (
      <button type="button" class="button button-quiet" onClick={() => setConfirming(true)}>
        Void
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label="Confirm void">
      <span>{invoice.sync.qboInvoiceId ? 'Void it here and in QuickBooks?' : 'Void this invoice?'}</span>
      <button
        type="button"
        class="button button-danger"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            await api.post<Invoice>(`/v1/invoices/${invoice.id}/void`);
            announce(`Invoice ${invoice.number} voided`);
            setConfirming(false);
            onVoided();
          })
        }
      >
        Void invoice
      </button>
      <button type="button" class="button button-quiet" onClick={() => setConfirming(false)}>
        Keep it
      </button>
      <InlineError error={error} />
    </span>
  );
}

async function loadHistory(id: string): Promise<LogEntry[]> {
  return (await api.get<SyncLogPage>(`/v1/sync-log?invoiceId=${id}&limit=200`)).entries;
}

export function InvoicePage({ id }: { id: string }) {
  const { user, quickbooks } = useSession();
  const writer = canWrite(user.role);
  const blocked = syncBlockedReason(quickbooks);
  const invoice = useLoad(() => api.get<Invoice>(`/v1/invoices/${id}`), [id]);
  const payments = useLoad(async () => (await api.get<PaymentList>(`/v1/invoices/${id}/payments`)).payments, [id]);
  const history = useLoad(() => loadHistory(id), [id]);
  const feeItems = useLoad(loadFeeItems, []);
  const feeItemNames = useMemo(() => new Map((feeItems.data ?? []).map((f) => [f.id, f.name])), [feeItems.data]);
  const [revising, setRevising] = useState(false);
  useTitle(invoice.data ? `Invoice ${invoice.data.number}` : 'Invoice');

  const reloadAll = () => Promise.all([invoice.reload(true), payments.reload(true), history.reload(true)]);
  usePoll(reloadAll, 3000);

  if (invoice.loading && !invoice.data) return <Loading what="the invoice" />;
  if (!invoice.data) {
    return (
      <>
        <PageHeading>Invoice</PageHeading>
        <ErrorNotice
          error={invoice.error}
          title={
            invoice.error instanceof ApiError && invoice.error.status === 404
              ? 'There is no such invoice.'
              : 'The invoice could not be loaded.'
          }
        />
        <p>
          <Link href="/invoices">Back to the invoice list</Link>
        </p>
      </>
    );
  }
  const inv = invoice.data;
  const entries = history.data;
  const workflowUrl = isAdmin(user.role)
    ? (entries
        ?.slice()
        .reverse()
        .find((e) => e.workflowUrl && e.workflowId?.startsWith('invoice/'))?.workflowUrl ??
      entries?.find((e) => e.workflowUrl)?.workflowUrl)
    : undefined;

  return (
    <>
      <PageHeading
        actions={
          writer ? (
            <>
              <SyncButton invoice={inv} blocked={blocked} small={false} onSynced={() => void reloadAll()} />
              {inv.status === 'open' && !revising ? (
                <button type="button" class="button button-secondary" onClick={() => setRevising(true)}>
                  Revise
                </button>
              ) : null}
              <VoidButton invoice={inv} onVoided={() => void reloadAll()} />
            </>
          ) : null
        }
      >
        Invoice {inv.number}
      </PageHeading>
      {writer && blocked && inv.sync.action ? (
        <p class="notice notice-info" id={SYNC_BLOCKED_ID}>
          {blocked}
        </p>
      ) : null}

      <section class="card summary" aria-label="Summary">
        <dl class="facts">
          <div>
            <dt>Payer</dt>
            <dd>{inv.payerName}</dd>
          </div>
          <div>
            <dt>Sync status</dt>
            <dd>
              <StatusBadge status={inv.sync.status} /> <PaymentCue payment={inv.sync.recentPayment} />
            </dd>
          </div>
          <div>
            <dt>Invoice date</dt>
            <dd>
              <DateText date={inv.invoiceDate} />
            </dd>
          </div>
          <div>
            <dt>Due date</dt>
            <dd>
              <DateText date={inv.dueDate} />
            </dd>
          </div>
          <div>
            <dt>Total</dt>
            <dd>
              <Money amount={inv.total} />
            </dd>
          </div>
          <div>
            <dt>Paid</dt>
            <dd>
              <Money amount={inv.amountPaid} />
            </dd>
          </div>
          <div>
            <dt>Balance</dt>
            <dd>
              <Money amount={inv.balance} />
            </dd>
          </div>
          <div>
            <dt>Revision</dt>
            <dd>
              {inv.revision}
              {inv.sync.syncedRevision !== null ? (
                <span class="muted"> (revision {inv.sync.syncedRevision} in QuickBooks)</span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>Case reference</dt>
            <dd>{inv.caseReference || <span class="muted">—</span>}</dd>
          </div>
          <div>
            <dt>State</dt>
            <dd>{inv.status === 'void' ? <span class="tag">Void</span> : 'Open'}</dd>
          </div>
          <div>
            <dt>QuickBooks invoice</dt>
            <dd>
              {inv.sync.qboInvoiceId ? (
                <span class="code">{inv.sync.qboInvoiceId}</span>
              ) : (
                <span class="muted">Not in QuickBooks yet</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Last synced</dt>
            <dd>
              <DateTimeText at={inv.sync.lastSyncedAt} />
            </dd>
          </div>
          {inv.memo ? (
            <div class="wide">
              <dt>Memo</dt>
              <dd>{inv.memo}</dd>
            </div>
          ) : null}
        </dl>
        <SyncProblem invoice={inv} />
        {inv.sync.lastError?.intuitTid && inv.sync.status === 'failed' ? (
          <p class="muted small">For Intuit support: intuit_tid {inv.sync.lastError.intuitTid}</p>
        ) : null}
      </section>

      {revising ? (
        <section class="card" aria-labelledby="revise-title">
          <h2 id="revise-title">Revise invoice {inv.number}</h2>
          <p class="muted">
            Saving makes revision {inv.revision + 1}.{' '}
            {inv.sync.qboInvoiceId ? 'QuickBooks keeps the old one until you press Sync Again.' : ''}
          </p>
          <InvoiceForm
            initial={inv}
            submitLabel="Save revision"
            onSubmit={async (input) => {
              const saved = await api.put<Invoice>(`/v1/invoices/${inv.id}`, input);
              invoice.setData(saved);
              setRevising(false);
              announce(`Invoice ${saved.number} revised (revision ${saved.revision})`);
              void reloadAll();
            }}
            onCancel={() => setRevising(false)}
          />
        </section>
      ) : (
        <section class="card" aria-labelledby="lines-title">
          <h2 id="lines-title">Lines</h2>
          <TableWrap label={`Lines of invoice ${inv.number}`}>
            <table class="data">
              <caption class="visually-hidden">Lines of invoice {inv.number}</caption>
              <thead>
                <tr>
                  <th scope="col">Fee item</th>
                  <th scope="col">Description</th>
                  <th scope="col" class="num">
                    Quantity
                  </th>
                  <th scope="col" class="num">
                    Unit price
                  </th>
                  <th scope="col" class="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {inv.lines.map((line) => (
                  <tr key={line.lineNo}>
                    <th scope="row">{feeItemNames.get(line.feeItemId) ?? 'Fee item'}</th>
                    <td>{line.description ?? <span class="muted">—</span>}</td>
                    <td class="num">{line.quantity}</td>
                    <td class="num">
                      <Money amount={line.unitPrice} />
                    </td>
                    <td class="num">
                      <Money amount={line.amount} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4} class="num">
                    Total
                  </th>
                  <td class="num">
                    <Money amount={inv.total} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </TableWrap>
        </section>
      )}

      <PaymentsSection
        invoice={inv}
        payments={payments.data}
        syncModel={quickbooks ? quickbooks.syncModel : undefined}
        writer={writer}
        onChanged={() => void reloadAll()}
      />
      {payments.error && !payments.data ? (
        <ErrorNotice error={payments.error} title="The payments could not be loaded." />
      ) : null}

      <section class="card" aria-labelledby="history-title">
        <div class="section-head">
          <h2 id="history-title">Sync history</h2>
          {workflowUrl ? (
            <a href={workflowUrl} target="_blank" rel="noopener noreferrer">
              Open workflow in Temporal<span class="visually-hidden"> (opens in a new tab)</span>
            </a>
          ) : null}
        </div>
        {history.error && !history.data ? (
          <ErrorNotice error={history.error} title="The sync history could not be loaded." />
        ) : entries === undefined ? (
          <Loading what="the sync history" />
        ) : entries.length === 0 ? (
          <p class="empty">Nothing has been synced for this invoice yet.</p>
        ) : (
          <LogTable entries={entries} caption={`Sync history of invoice ${inv.number}`} showEntity={false} />
        )}
        {entries && entries.length > 0 ? (
          <p class="small">
            <Link href={`/sync-log?invoiceId=${inv.id}`}>Open the full log for this invoice</Link>
          </p>
        ) : null}
      </section>
      {formatMoney(inv.balance).startsWith('-') ? (
        <p class="muted small">A negative balance is an overpayment QuickBooks keeps as the customer's credit.</p>
      ) : null}
    </>
  );
}
