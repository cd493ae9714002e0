// A searchable picker over the firm's live QuickBooks customers or items (inactive ones marked).
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api, query } from '../api';
import type { QboCustomerPage, QboItemPage } from '../types';
import { describeError } from './Notice';

export type PickerKind = 'customers' | 'items';

interface Choice {
  id: string;
  name: string;
  detail: string | null;
  active: boolean;
}

async function search(kind: PickerKind, text: string): Promise<Choice[]> {
  const path = `/v1/quickbooks/${kind}${query({ search: text.trim(), limit: 20 })}`;
  if (kind === 'customers') {
    const { customers } = await api.get<QboCustomerPage>(path);
    return customers.map((c) => ({
      id: c.id,
      name: c.displayName,
      detail: [c.companyName !== c.displayName ? c.companyName : null, c.email].filter(Boolean).join(' · ') || null,
      active: c.active,
    }));
  }
  const { items } = await api.get<QboItemPage>(path);
  return items.map((i) => ({ id: i.id, name: i.name, detail: i.type, active: i.active }));
}

export function QboPicker({
  kind,
  forName,
  onPick,
  onClose,
}: {
  kind: PickerKind;
  forName: string;
  onPick: (id: string, name: string) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<Choice[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const word = kind === 'customers' ? 'customers' : 'items';

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(
      () =>
        void search(kind, text).then(
          (found) => {
            if (!current) return;
            setResults(found);
            setError(null);
          },
          (caught: unknown) => {
            if (current) setError(caught);
          },
        ),
      text ? 300 : 0,
    );
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [kind, text]);

  return (
    <div
      class="picker"
      role="group"
      aria-label={`Choose a QuickBooks ${kind === 'customers' ? 'customer' : 'item'} for ${forName}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <label for={`${id}-search`}>Search QuickBooks {word}</label>
      <div class="picker-search">
        <input
          ref={input}
          id={`${id}-search`}
          type="search"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          aria-describedby={`${id}-status`}
          autoComplete="off"
        />
        <button type="button" class="button button-quiet button-small" onClick={onClose}>
          Cancel
        </button>
      </div>
      <p id={`${id}-status`} class="muted small" aria-live="polite">
        {error
          ? describeError(error)
          : results === null
            ? 'Searching QuickBooks…'
            : results.length === 0
              ? `No QuickBooks ${word} match.`
              : `${results.length} shown${results.length === 20 ? '; type to narrow' : ''}.`}
      </p>
      {results && results.length > 0 ? (
        <ul class="picker-results">
          {results.map((choice) => (
            <li key={choice.id}>
              <button type="button" class="picker-choice" onClick={() => onPick(choice.id, choice.name)}>
                <span class="picker-name">Map to {choice.name}</span>
                {!choice.active ? <span class="tag tag-warn">Inactive</span> : null}
                {choice.detail ? <span class="muted small">{choice.detail}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
