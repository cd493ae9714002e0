// The Sync Log Report: filters (invoice, level, dates), pages through nextCursor, and Download CSV with
// the same filters (a plain link: the browser downloads what the API streams).
import { useMemo, useState } from 'preact/hooks';
import { api, loadFeeItems, loadPayers, query } from '../api';
import { SelectField, TextField } from '../components/Field';
import { PageHeading } from '../components/Layout';
import { LogTable } from '../components/LogTable';
import { Empty, ErrorNotice, Loading } from '../components/Notice';
import { useLoad, useTitle } from '../hooks';
import { navigate } from '../router';
import { isAdmin, useSession } from '../session';
import { payerName } from '../format';
import type { InvoiceList, SyncLogPage } from '../types';

const PAGE_SIZE = 100;

interface Filters {
  invoiceId: string;
  level: string;
  from: string;
  to: string;
}

/** Calendar dates (the reader's day) to the API's instants: from the start of `from` to the end of `to`. */
function apiFilters(f: Filters) {
  const instant = (date: string, time: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
    const at = new Date(`${date}T${time}`);
    return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  };
  return {
    invoiceId: f.invoiceId || undefined,
    level: f.level || undefined,
    from: instant(f.from, '00:00:00'),
    to: instant(f.to, '23:59:59.999'),
  };
}

function filtersOf(search: URLSearchParams): Filters {
  return {
    invoiceId: search.get('invoiceId') ?? '',
    level: search.get('level') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
}

export function SyncLog({ search }: { search: URLSearchParams }) {
  useTitle('Sync Log Report');
  const { user } = useSession();
  const applied = filtersOf(search);
  const appliedKey = JSON.stringify(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  const [draftKey, setDraftKey] = useState(appliedKey);
  // Cursors of the pages up to this one, to go back.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  if (draftKey !== appliedKey) {
    // The address changed (Apply, back/forward): the form follows it and paging starts again.
    setDraft(applied);
    setDraftKey(appliedKey);
    setCursors([null]);
  }
  const cursor = cursors[cursors.length - 1] ?? null;

  const page = useLoad(
    async () => api.get<SyncLogPage>(`/v1/sync-log${query({ ...apiFilters(applied), cursor, limit: PAGE_SIZE })}`),
    [appliedKey, cursor],
  );
  const invoices = useLoad(async () => (await api.get<InvoiceList>('/v1/invoices?limit=500')).invoices, []);
  const others = useLoad(async () => {
    const [payers, feeItems] = await Promise.all([loadPayers(), loadFeeItems()]);
    return [...payers.map((p) => [p.id, payerName(p)] as const), ...feeItems.map((f) => [f.id, f.name] as const)];
  }, []);
  const names = useMemo(
    () =>
      new Map<string, string>([...(invoices.data ?? []).map((i) => [i.id, i.number] as const), ...(others.data ?? [])]),
    [invoices.data, others.data],
  );

  const apply = (event: Event) => {
    event.preventDefault();
    setCursors([null]);
    navigate(`/sync-log${query({ ...draft })}`, { replace: false });
  };
  const csvHref = `/v1/sync-log${query({ format: 'csv', ...apiFilters(applied) })}`;
  const invoiceOptions = [...(invoices.data ?? [])].sort((a, b) =>
    a.number.localeCompare(b.number, undefined, { numeric: true }),
  );
  const entries = page.data?.entries;
  const first = (cursors.length - 1) * PAGE_SIZE + 1;

  return (
    <>
      <PageHeading
        actions={
          <a class="button button-secondary" href={csvHref} download="sync-log.csv">
            Download CSV
          </a>
        }
      >
        Sync Log Report
      </PageHeading>
      <p class="lede">
        Every sync step and error, oldest first. Download CSV saves everything the applied filters match.
      </p>

      <form class="filters filters-form" role="search" aria-label="Sync log filters" onSubmit={apply}>
        <SelectField
          label="Invoice"
          field="invoiceId"
          value={draft.invoiceId}
          onValue={(invoiceId) => setDraft({ ...draft, invoiceId })}
          options={[
            { value: '', label: 'All invoices' },
            ...invoiceOptions.map((i) => ({
              value: i.id,
              label: i.payerName ? `${i.number} · ${i.payerName}` : i.number,
            })),
            ...(draft.invoiceId && !invoiceOptions.some((i) => i.id === draft.invoiceId)
              ? [{ value: draft.invoiceId, label: `Invoice ${draft.invoiceId.slice(0, 8)}…` }]
              : []),
          ]}
        />
        <SelectField
          label="Level"
          field="level"
          value={draft.level}
          onValue={(level) => setDraft({ ...draft, level })}
          options={[
            { value: '', label: 'All' },
            { value: 'info', label: 'Info' },
            { value: 'error', label: 'Error' },
          ]}
        />
        <TextField
          label="From"
          field="from"
          type="date"
          value={draft.from}
          onValue={(from) => setDraft({ ...draft, from })}
          max={draft.to || undefined}
        />
        <TextField
          label="To"
          field="to"
          type="date"
          value={draft.to}
          onValue={(to) => setDraft({ ...draft, to })}
          min={draft.from || undefined}
        />
        <div class="filters-submit">
          <button type="submit" class="button button-primary">
            Apply
          </button>
        </div>
      </form>

      {page.error ? <ErrorNotice error={page.error} title="The sync log could not be loaded." /> : null}
      {page.loading && !entries ? <Loading what="the sync log" /> : null}
      {entries && entries.length === 0 ? (
        <Empty>{cursors.length > 1 ? 'No more entries.' : 'Nothing in the sync log matches these filters.'}</Empty>
      ) : null}
      {entries && entries.length > 0 ? (
        <>
          <p class="muted small table-count">
            Entries {first} to {first + entries.length - 1}
            {page.loading ? ' (loading…)' : ''}
          </p>
          <LogTable entries={entries} caption="Sync log entries" showWorkflow={isAdmin(user.role)} names={names} />
        </>
      ) : null}
      <nav class="pager" aria-label="Sync log pages">
        <button
          type="button"
          class="button button-secondary"
          disabled={cursors.length <= 1 || page.loading}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          class="button button-secondary"
          disabled={!page.data?.nextCursor || page.loading}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
        >
          Next page
        </button>
      </nav>
    </>
  );
}
