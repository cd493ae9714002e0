// A one-time set-password link to pass on: shown once, selectable, with a Copy button.
import { useId, useState } from 'preact/hooks';

export function OneTimeLink({ url, forName, onDone }: { url: string; forName: string; onDone: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div class="notice notice-success one-time-link" role="status">
      <div class="notice-body">
        <label for={id}>Set-password link for {forName}</label>
        <p class="muted small">Send it to them yourself; it works once, for 72 hours, and is not shown again.</p>
        <div class="picker-search">
          <input id={id} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          <button
            type="button"
            class="button button-secondary button-small"
            onClick={() =>
              void navigator.clipboard.writeText(url).then(
                () => setCopied(true),
                () => document.getElementById(id)?.focus(),
              )
            }
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
          <button type="button" class="button button-quiet button-small" onClick={onDone}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
