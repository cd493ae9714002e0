// The drift report: what differs between billing and QuickBooks, by kind, with both values and the fixes
// each difference offers. Run drift report starts one; the page follows it until it ends.
import { api } from '../api';
import { announce } from '../announce';
import { NeedsRole } from '../components/NeedsRole';
import { PageHeading } from '../components/Layout';
import { Empty, ErrorNotice, InfoNotice, InlineError, Loading } from '../components/Notice';
import { ActionsHeading, TableWrap } from '../components/TableWrap';
import { formatDateTime, plural } from '../format';
import { useAction, useLoad, usePoll, useTitle } from '../hooks';
import { canWrite, useSession } from '../session';

type Fix = 'overwrite' | 'recreate' | 'accept';

interface Finding {
  id: string;
  kind: string;
  entityType: 'invoice' | 'payment' | 'payer' | 'fee_item';
  entityId: string;
  label: string;
  field: string;
  billingValue: string | null;
  quickbooksValue: string | null;
  fixes: Fix[];
  fixedAt: string | null;
}

interface Report {
  id: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  fullRead: boolean | null;
  checked: number;
  counts: Record<string, number>;
  error: string | null;
  groups: Array<{ kind: string; open: number; findings: Finding[] }>;
}

const KIND_TITLES: Record<string, string> = {
  invoice_changed: 'Invoices edited in QuickBooks',
  invoice_missing: 'Invoices deleted in QuickBooks',
  invoice_voided_in_quickbooks: 'Invoices voided in QuickBooks only',
  invoice_voided_in_billing: 'Invoices voided in billing only',
  payment_missing: 'Payments missing in QuickBooks',
  payment_changed: 'Payments changed in QuickBooks',
  customer_changed: 'Customers changed in QuickBooks',
  item_changed: 'Items changed in QuickBooks',
};

const FIELD_NAMES: Record<string, string> = {
  invoiceDate: 'Invoice date',
  dueDate: 'Due date',
  total: 'Total',
  lines: 'Lines',
  customer: 'Customer',
  status: 'Status',
  invoice: 'Invoice',
  amount: 'Amount',
  name: 'Name',
  email: 'Email',
  active: 'Active',
  exists: 'Record',
};

/** A fix button's visible name: what it does, then the record, so each one is told apart by name. */
function fixLabel(finding: Finding, fix: Fix): string {
  if (fix === 'recreate') return `Create again ${finding.label}`;
  if (finding.entityType === 'payment') return `Post payment again ${finding.label}`;
  if (fix === 'accept')
    return finding.entityType === 'invoice'
      ? `Accept QuickBooks' void ${finding.label}`
      : `Accept QuickBooks' ${finding.field} ${finding.label}`;
  if (finding.entityType === 'invoice')
    return finding.kind === 'invoice_voided_in_billing'
      ? `Void in QuickBooks ${finding.label}`
      : `Sync Again ${finding.label}`;
  return `Overwrite QuickBooks ${finding.label}`;
}

/** One Sync Again fixes every edited field of an invoice: its buttons go on its first row only. */
const carriesFixes = (finding: Finding, index: number, findings: Finding[]) =>
  finding.entityType !== 'invoice' || findings.findIndex((f) => f.entityId === finding.entityId) === index;

function Value({ value }: { value: string | null }) {
  return value === null ? <span class="muted">(none)</span> : <span>{value}</span>;
}

function FindingsTable({
  group,
  writer,
  onFix,
  busy,
}: {
  group: Report['groups'][number];
  writer: boolean;
  onFix: (finding: Finding, fix: Fix) => void;
  busy: boolean;
}) {
  const title = KIND_TITLES[group.kind] ?? group.kind;
  return (
    <section class="drift-group" aria-labelledby={`drift-${group.kind}`}>
      <h2 id={`drift-${group.kind}`}>
        {title} <span class="muted small">({plural(group.open, 'open finding')})</span>
      </h2>
      <TableWrap label={title}>
        <table class="data">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Field</th>
              <th scope="col">In billing</th>
              <th scope="col">In QuickBooks</th>
              <ActionsHeading />
            </tr>
          </thead>
          <tbody>
            {group.findings.map((finding, index) => (
              <tr key={finding.id}>
                <th scope="row">{finding.label}</th>
                <td>{FIELD_NAMES[finding.field] ?? finding.field}</td>
                <td>
                  <Value value={finding.billingValue} />
                </td>
                <td>
                  <Value value={finding.quickbooksValue} />
                </td>
                <td class="nowrap">
                  {finding.fixedAt ? (
                    <span>Fixed</span>
                  ) : writer && carriesFixes(finding, index, group.findings) ? (
                    finding.fixes.map((fix) => (
                      <button
                        key={fix}
                        type="button"
                        class={fix === 'accept' ? 'button button-secondary' : 'button button-primary'}
                        disabled={busy}
                        onClick={() => onFix(finding, fix)}
                      >
                        {fixLabel(finding, fix)}
                      </button>
                    ))
                  ) : finding.fixes.length === 0 ? (
                    <span class="muted small">Settle it in QuickBooks</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export function DriftReport() {
  useTitle('Drift report');
  const { user } = useSession();
  const writer = canWrite(user.role);
  const latest = useLoad(async () => (await api.get<{ report: Report | null }>('/v1/drift-reports/latest')).report, []);
  const running = latest.data?.status === 'running';
  usePoll(() => latest.reload(true), 1000, running);
  const start = useAction();
  const fix = useAction();

  if (!writer) return <NeedsRole title="Drift report" roles="billing or admin" />;

  const run = () =>
    start.run(async () => {
      await api.post('/v1/drift-reports');
      await latest.reload(true);
      announce('Drift report started');
    });
  const applyFix = (finding: Finding, action: Fix) =>
    fix.run(async () => {
      await api.post(`/v1/drift-reports/findings/${finding.id}/fix`, { action });
      await latest.reload(true);
      announce(`${fixLabel(finding, action)}: done`);
    });

  const report = latest.data;
  const counted = report
    ? Object.keys(KIND_TITLES).flatMap((kind) => (report.counts[kind] ? [[kind, report.counts[kind]] as const] : []))
    : [];
  return (
    <>
      <PageHeading
        actions={
          <button
            type="button"
            class="button button-primary"
            disabled={start.busy || running}
            onClick={() => void run()}
          >
            Run drift report
          </button>
        }
      >
        Drift report
      </PageHeading>
      <p class="lede">
        What differs between billing and QuickBooks: invoices edited, deleted or voided there, payments missing,
        customers and items changed. Each difference offers the fix that applies.
      </p>
      {start.error ? <InlineError error={start.error} block /> : null}
      {fix.error ? <InlineError error={fix.error} block /> : null}
      {latest.error ? <ErrorNotice error={latest.error} title="The drift report could not be loaded." /> : null}
      {latest.loading && report === undefined ? <Loading what="the drift report" /> : null}
      {report === null ? <Empty>No drift report yet: run one to compare billing with QuickBooks.</Empty> : null}
      {report ? (
        <>
          <p role="status">
            {report.status === 'running'
              ? `Running since ${formatDateTime(report.startedAt)}…`
              : `${report.status === 'failed' ? 'Failed' : 'Completed'} ${formatDateTime(report.finishedAt ?? report.startedAt)}; ${plural(report.checked, 'record')} compared${report.fullRead === false ? ' (changes since the last report)' : ''}.`}
          </p>
          {report.error ? <ErrorNotice error={new Error(report.error)} title="The drift report failed." /> : null}
          {report.status === 'completed' ? (
            counted.length ? (
              <dl class="drift-counts" aria-label="Counts by kind">
                {counted.map(([kind, n]) => (
                  <div key={kind}>
                    <dt>{KIND_TITLES[kind] ?? kind}</dt>
                    <dd>{n}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <InfoNotice>Billing and QuickBooks agree: nothing to fix.</InfoNotice>
            )
          ) : null}
          {report.groups.map((group) => (
            <FindingsTable
              key={group.kind}
              group={group}
              writer={writer}
              onFix={(f, a) => void applyFix(f, a)}
              busy={fix.busy}
            />
          ))}
        </>
      ) : null}
    </>
  );
}
