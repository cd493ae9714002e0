// The invoice list, billing staff's home: filters, rows with their sync status and action, bulk sync,
// and status changes that appear by themselves (GET /v1/invoices every 3 s while the page is open).
import { useRef, useState } from 'preact/hooks';
import { api, query } from '../api';
import { announce } from '../announce';
import { BulkBar } from '../components/BulkBar';
import { CheckboxField, SelectField } from '../components/Field';
import { InvoiceTable, selectable } from '../components/InvoiceTable';
import { PageHeading } from '../components/Layout';
import { MoreMenu } from '../components/MoreMenu';
import { describeError, Empty, ErrorNotice, InfoNotice, Loading } from '../components/Notice';
import { SYNC_BLOCKED_ID } from '../components/SyncButton';
import { STATUS_ORDER, STATUS_WORDS } from '../format';
import { useLoad, usePoll, useTitle } from '../hooks';
import { Link, navigate } from '../router';
import { canWrite, syncBlockedReason, useSession } from '../session';
import { syncWithPreflight, useSyncJob } from '../syncJob';
import type { InvoiceList, InvoiceSummary, SyncStatus } from '../types';

const PAGE = 500;

interface Listing {
  invoices: InvoiceSummary[];
  more: boolean;
}

async function loadInvoices(syncStatus: string, recentPayment: boolean, pages: number): Promise<Listing> {
  const invoices: InvoiceSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < pages; page++) {
    const answer: InvoiceList = await api.get(
      `/v1/invoices${query({ syncStatus, recentPayment, limit: PAGE, cursor })}`,
    );
    invoices.push(...answer.invoices);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  // Newest first: by invoice date, then number.
  invoices.sort(
    (a, b) =>
      b.invoiceDate.localeCompare(a.invoiceDate) || b.number.localeCompare(a.number, undefined, { numeric: true }),
  );
  return { invoices, more: cursor !== null };
}

/** Reads out status changes a poll found, without flooding the screen reader. */
function announceChanges(before: Map<string, SyncStatus>, after: InvoiceSummary[]): void {
  const changed = after.filter((i) => before.has(i.id) && before.get(i.id) !== i.sync.status);
  if (changed.length === 0) return;
  if (changed.length <= 3) announce(changed.map((i) => `${i.number} is now ${STATUS_WORDS[i.sync.status]}`).join('. '));
  else announce(`${changed.length} invoices changed sync status`);
}

export function Invoices({ search }: { search: URLSearchParams }) {
  useTitle('Invoices');
  const { user, quickbooks } = useSession();
  const writer = canWrite(user.role);
  const blocked = syncBlockedReason(quickbooks);
  const syncStatus = search.get('syncStatus') ?? '';
  const recentPayment = search.get('recentPayment') === 'true';
  const [pages, setPages] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { job } = useSyncJob();

  const listing = useLoad(() => loadInvoices(syncStatus, recentPayment, pages), [syncStatus, recentPayment, pages]);
  const invoices = listing.data?.invoices;
  const [pollError, setPollError] = useState<unknown>(null);
  const filterKey = `${syncStatus}|${recentPayment}|${pages}`;
  const currentKey = useRef(filterKey);
  currentKey.current = filterKey;

  usePoll(async () => {
    const key = filterKey;
    const before = new Map((listing.data?.invoices ?? []).map((i) => [i.id, i.sync.status]));
    try {
      const next = await loadInvoices(syncStatus, recentPayment, pages);
      if (key !== currentKey.current) return; // the filters changed meanwhile; their own load wins
      listing.setData(next);
      setPollError(null);
      announceChanges(before, next.invoices);
    } catch (error) {
      setPollError(error);
    }
  }, 3000);

  const setFilter = (next: { syncStatus?: string; recentPayment?: boolean }) => {
    const merged = { syncStatus, recentPayment, ...next };
    setSelected(new Set());
    navigate(`/invoices${query({ syncStatus: merged.syncStatus, recentPayment: merged.recentPayment })}`, {
      replace: true,
    });
  };

  const visibleSelected = (invoices ?? []).filter((i) => selected.has(i.id) && selectable(i)).map((i) => i.id);
  const select = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const selectAll = (on: boolean) =>
    setSelected(on ? new Set((invoices ?? []).filter(selectable).map((i) => i.id)) : new Set());
  const filtered = syncStatus !== '' || recentPayment;

  return (
    <>
      <PageHeading
        actions={
          <>
            {writer ? (
              <button type="button" class="button button-primary" onClick={() => navigate('/invoices/new')}>
                New invoice
              </button>
            ) : null}
            <MoreMenu
              items={[
                { label: 'Sync Log Report', href: '/sync-log' },
                ...(writer ? [{ label: 'Drift report', href: '/drift-report' }] : []),
                ...(writer
                  ? [
                      {
                        label: 'Sync every invoice that needs it',
                        onSelect: () => void syncWithPreflight({ all: true }),
                        disabled: blocked !== null || job?.status === 'running',
                      },
                    ]
                  : []),
              ]}
            />
          </>
        }
      >
        Invoices
      </PageHeading>

      {!writer ? (
        <InfoNotice>You can look at invoices; creating and syncing them needs the billing or admin role.</InfoNotice>
      ) : null}
      {writer && blocked ? (
        <p class="notice notice-info" id={SYNC_BLOCKED_ID}>
          {blocked}
          {user.role === 'admin' ? (
            <>
              {' '}
              <Link href="/quickbooks">Go to setup</Link>
            </>
          ) : null}
        </p>
      ) : null}

      <div class="filters" role="group" aria-label="Filters">
        <SelectField
          label="Sync status"
          field="syncStatus"
          value={syncStatus}
          onValue={(value) => setFilter({ syncStatus: value })}
          options={[
            { value: '', label: 'All statuses' },
            ...STATUS_ORDER.map((s) => ({ value: s, label: STATUS_WORDS[s] })),
          ]}
        />
        <CheckboxField
          label="Only invoices with a recent payment from QuickBooks"
          field="recentPayment"
          checked={recentPayment}
          onChecked={(on) => setFilter({ recentPayment: on })}
        />
      </div>

      {writer ? (
        <BulkBar
          selectedIds={visibleSelected}
          blocked={blocked}
          onStarted={() => setSelected(new Set())}
          onShowFailed={() => setFilter({ syncStatus: 'failed', recentPayment: false })}
        />
      ) : null}

      {listing.error && !invoices ? (
        <ErrorNotice error={listing.error} title="The invoices could not be loaded." />
      ) : null}
      {pollError && invoices ? (
        <p class="muted small">
          Could not refresh just now ({describeError(pollError)}); showing what was loaded last and trying again.
        </p>
      ) : null}
      {listing.loading && !invoices ? <Loading what="invoices" /> : null}
      {invoices && invoices.length === 0 ? (
        filtered ? (
          <Empty>
            No invoices match these filters.{' '}
            <button
              type="button"
              class="link-button"
              onClick={() => setFilter({ syncStatus: '', recentPayment: false })}
            >
              Clear the filters
            </button>
          </Empty>
        ) : writer ? (
          <Empty>
            No invoices yet: <Link href="/invoices/new">create one</Link>
          </Empty>
        ) : (
          <Empty>No invoices yet.</Empty>
        )
      ) : null}
      {invoices && invoices.length > 0 ? (
        <>
          <p class="muted small table-count">
            {invoices.length} {invoices.length === 1 ? 'invoice' : 'invoices'}
            {filtered ? ' match the filters' : ''}. Statuses update by themselves.
          </p>
          <InvoiceTable
            invoices={invoices}
            writer={writer}
            blocked={blocked}
            selected={selected}
            onSelect={select}
            onSelectAll={selectAll}
            onChanged={() => void listing.reload(true)}
          />
          {listing.data?.more ? (
            <button type="button" class="button button-secondary" onClick={() => setPages(pages + 1)}>
              Load more
            </button>
          ) : null}
        </>
      ) : null}
    </>
  );
}
