// One mapping table (payers or fee items): billing record | QuickBooks record or suggestion | actions.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { announce } from '../announce';
import { useAction } from '../hooks';
import type { MappingChoice, MappingRow } from '../types';
import { InlineError } from './Notice';
import { QboPicker, type PickerKind } from './QboPicker';
import { ActionsHeading, TableWrap } from './TableWrap';

export interface MappingKind {
  title: string;
  localLabel: string;
  qboLabel: string;
  record: string;
  /** 'a customer' / 'an item' */
  aRecord: string;
  picker: PickerKind;
  path: string;
  /** The body that maps a record to the QuickBooks one with this id. */
  choice: (qboId: string) => MappingChoice;
}

const SOURCE_WORDS: Record<string, string> = {
  auto: 'matched by Auto-match',
  manual: 'chosen by hand',
  created: 'created by a sync',
  found: 'found by name at sync',
};

const MATCHED_ON: Record<string, string> = { email: 'email', name: 'name', company: 'company name' };

export const isMapped = (row: MappingRow) => row.qboId !== null || row.createNew;

function QuickBooksCell({ row, kind }: { row: MappingRow; kind: MappingKind }) {
  if (row.createNew) return <span>A new QuickBooks {kind.record} is created at the next sync</span>;
  if (row.qboId) {
    return (
      <span>
        <span class="mapped">{row.qboName ?? `${kind.record} ${row.qboId}`}</span>
        <span class="muted small block">
          QuickBooks id {row.qboId}
          {row.source && SOURCE_WORDS[row.source] ? ` · ${SOURCE_WORDS[row.source]}` : ''}
        </span>
      </span>
    );
  }
  const s = row.suggestion;
  if (!s) return <span class="muted">Not mapped; no likely match</span>;
  return (
    <span>
      <span class="suggested">Suggested: {s.displayName}</span>
      {!s.active ? <span class="tag tag-warn">Inactive</span> : null}
      <span class="muted small block">
        Matched on {MATCHED_ON[s.matchedOn] ?? s.matchedOn}: {s.reason}
      </span>
    </span>
  );
}

function Row({ row, kind, onChanged }: { row: MappingRow; kind: MappingKind; onChanged: () => Promise<void> }) {
  const [picking, setPicking] = useState(false);
  const { busy, error, run } = useAction();
  const mapped = isMapped(row);

  const act = (call: () => Promise<unknown>, done: string) =>
    run(async () => {
      await call();
      setPicking(false);
      await onChanged();
      announce(done);
    });
  const mapTo = (qboId: string, name: string) =>
    act(() => api.put(`${kind.path}/${row.localId}`, kind.choice(qboId)), `${row.localName} mapped to ${name}`);

  return (
    <tr class={mapped ? undefined : 'unmapped'}>
      <th scope="row">{row.localName}</th>
      <td>
        <QuickBooksCell row={row} kind={kind} />
        {picking ? (
          <QboPicker
            kind={kind.picker}
            forName={row.localName}
            onPick={(qboId, name) => void mapTo(qboId, name)}
            onClose={() => setPicking(false)}
          />
        ) : null}
        <InlineError error={error} />
      </td>
      <td class="actions">
        {row.suggestion && !mapped ? (
          <button
            type="button"
            class="button button-primary button-small"
            disabled={busy}
            onClick={() => void mapTo(row.suggestion!.qboId, row.suggestion!.displayName)}
          >
            Accept
          </button>
        ) : null}
        <button
          type="button"
          class="button button-secondary button-small"
          disabled={busy}
          aria-expanded={picking ? 'true' : 'false'}
          onClick={() => setPicking(!picking)}
        >
          {mapped || row.suggestion ? `Choose another ${kind.record}` : `Choose ${kind.aRecord}`}
        </button>
        {!mapped ? (
          <button
            type="button"
            class="button button-quiet button-small"
            disabled={busy}
            onClick={() =>
              void act(
                () => api.put(`${kind.path}/${row.localId}`, { createNew: true } satisfies MappingChoice),
                `${row.localName}: a new QuickBooks ${kind.record} will be created`,
              )
            }
          >
            Create new in QuickBooks
          </button>
        ) : (
          <button
            type="button"
            class="button button-quiet button-small"
            disabled={busy}
            onClick={() => void act(() => api.del(`${kind.path}/${row.localId}`), `${row.localName} unmapped`)}
          >
            Unmap
          </button>
        )}
      </td>
    </tr>
  );
}

export function MappingTable({
  kind,
  rows,
  onChanged,
}: {
  kind: MappingKind;
  rows: MappingRow[];
  onChanged: () => Promise<void>;
}) {
  return (
    <TableWrap label={kind.title}>
      <table class="data mapping">
        <caption class="visually-hidden">
          {kind.title}: each billing record and its QuickBooks {kind.record}
        </caption>
        <thead>
          <tr>
            <th scope="col">{kind.localLabel}</th>
            <th scope="col">{kind.qboLabel}</th>
            <ActionsHeading />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.localId} row={row} kind={kind} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
