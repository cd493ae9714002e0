// Mapping: payers to QuickBooks customers and fee items to QuickBooks items (billing and admin).
import { useState } from 'preact/hooks';
import { api } from '../api';
import { announce } from '../announce';
import { CheckboxField } from '../components/Field';
import { PageHeading } from '../components/Layout';
import { isMapped, MappingTable, type MappingKind } from '../components/MappingTable';
import { NeedsRole } from '../components/NeedsRole';
import { Empty, ErrorNotice, Loading, SuccessNotice } from '../components/Notice';
import { useAction, useLoad, useTitle } from '../hooks';
import { Link } from '../router';
import { canWrite, useSession } from '../session';
import type {
  AutoMatchResult,
  FeeItemMappingList,
  FeeItemMappingOut,
  MappingRow,
  PayerMappingList,
  PayerMappingOut,
} from '../types';

const PAYERS: MappingKind = {
  title: 'Payers',
  localLabel: 'Billing payer',
  qboLabel: 'QuickBooks customer',
  record: 'customer',
  aRecord: 'a customer',
  picker: 'customers',
  path: '/v1/mappings/payers',
  choice: (qboCustomerId) => ({ qboCustomerId }),
};
const FEE_ITEMS: MappingKind = {
  title: 'Fee items',
  localLabel: 'Billing fee item',
  qboLabel: 'QuickBooks item',
  record: 'item',
  aRecord: 'an item',
  picker: 'items',
  path: '/v1/mappings/fee-items',
  choice: (qboItemId) => ({ qboItemId }),
};

/** A payer's or a fee item's mapping in the one shape both tables show. */
function mappingRow(m: PayerMappingOut | FeeItemMappingOut): MappingRow {
  const [localId, localName, qboId] =
    'payerId' in m ? [m.payerId, m.payerName, m.qboCustomerId] : [m.feeItemId, m.feeItemName, m.qboItemId];
  const s = m.suggestion;
  return {
    localId,
    localName,
    qboId,
    qboName: m.qboName ?? null,
    createNew: m.createNew,
    source: m.source,
    suggestion: s && {
      qboId: 'qboCustomerId' in s ? s.qboCustomerId : s.qboItemId,
      displayName: s.displayName,
      matchedOn: s.matchedOn,
      active: s.active,
      reason: s.reason,
    },
  };
}

async function loadMappings(): Promise<{ payers: MappingRow[]; feeItems: MappingRow[] }> {
  const [payers, feeItems] = await Promise.all([
    api.get<PayerMappingList>(PAYERS.path),
    api.get<FeeItemMappingList>(FEE_ITEMS.path),
  ]);
  return { payers: payers.mappings.map(mappingRow), feeItems: feeItems.mappings.map(mappingRow) };
}

function Section({
  kind,
  rows,
  onlyUnmapped,
  onChanged,
}: {
  kind: MappingKind;
  rows: MappingRow[];
  onlyUnmapped: boolean;
  onChanged: () => Promise<void>;
}) {
  const shown = onlyUnmapped ? rows.filter((r) => !isMapped(r)) : rows;
  const unmapped = rows.filter((r) => !isMapped(r)).length;
  const id = `mapping-${kind.picker}`;
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>
        {kind.title}{' '}
        <span class="count">{unmapped === 0 ? 'all mapped' : `${unmapped} of ${rows.length} not mapped`}</span>
      </h2>
      {rows.length === 0 ? (
        <Empty>No {kind.title.toLowerCase()} in billing yet.</Empty>
      ) : shown.length === 0 ? (
        <Empty>Every one is mapped.</Empty>
      ) : (
        <MappingTable kind={kind} rows={shown} onChanged={onChanged} />
      )}
    </section>
  );
}

export function Mapping() {
  useTitle('Mapping');
  const { user } = useSession();
  const mappings = useLoad(
    () => (canWrite(user.role) ? loadMappings() : Promise.resolve({ payers: [], feeItems: [] })),
    [],
  );
  const [onlyUnmapped, setOnlyUnmapped] = useState(false);
  const { busy: matching, error, run } = useAction();
  const [result, setResult] = useState<string | null>(null);
  if (!canWrite(user.role)) return <NeedsRole title="Mapping" roles="billing or admin" />;

  const reload = () => mappings.reload(true);
  const autoMatch = () => {
    setResult(null);
    void run(async () => {
      const answer = await api.post<AutoMatchResult>('/v1/mappings/auto-match');
      await reload();
      const text = `Auto-match mapped ${answer.matched}; ${answer.unmatched} left for a person to map.`;
      setResult(text);
      announce(text);
    });
  };

  return (
    <>
      <PageHeading
        actions={
          <button type="button" class="button button-primary" disabled={matching || !mappings.data} onClick={autoMatch}>
            Auto-match
          </button>
        }
      >
        Mapping
      </PageHeading>
      <p class="lede">
        Link each billing payer to its QuickBooks customer and each fee item to its QuickBooks item. Auto-match applies
        every suggestion; inactive QuickBooks records are left for you to decide.
      </p>
      {result ? <SuccessNotice onDismiss={() => setResult(null)}>{result}</SuccessNotice> : null}
      <ErrorNotice error={error} title="Auto-match did not run." />
      <div class="filters" role="group" aria-label="Filters">
        <CheckboxField
          label="Show only unmapped"
          field="onlyUnmapped"
          checked={onlyUnmapped}
          onChecked={setOnlyUnmapped}
        />
      </div>
      {mappings.loading && !mappings.data ? <Loading what="the mappings from QuickBooks" /> : null}
      {mappings.error && !mappings.data ? (
        <ErrorNotice error={mappings.error} title="The mappings could not be loaded.">
          {' '}
          {user.role === 'admin' ? <Link href="/quickbooks">Go to setup</Link> : null}
        </ErrorNotice>
      ) : null}
      {mappings.data ? (
        <>
          <Section kind={PAYERS} rows={mappings.data.payers} onlyUnmapped={onlyUnmapped} onChanged={reload} />
          <Section kind={FEE_ITEMS} rows={mappings.data.feeItems} onlyUnmapped={onlyUnmapped} onChanged={reload} />
        </>
      ) : null}
    </>
  );
}
