// Sync log entries as a table (the Sync Log Report and an invoice's own history).
import type { LogEntry } from '../types';
import { Icon } from './Icon';
import { DateTimeText } from './Money';
import { TableWrap } from './TableWrap';

export function LogLevel({ level }: { level: LogEntry['level'] }) {
  return (
    <span class={`level level-${level}`}>
      <Icon name={level === 'error' ? 'alert' : 'info'} />
      <span>{level === 'error' ? 'Error' : 'Info'}</span>
    </span>
  );
}

/** What a log entry is about, by the name people know it by when the screen has it. */
function Entity({ entry, names }: { entry: LogEntry; names: Map<string, string> | undefined }) {
  const name = entry.entityId ? names?.get(entry.entityId) : undefined;
  return (
    <>
      <span class="code">{entry.entityType}</span>
      {name ? <span class="block">{name}</span> : null}
      {entry.entityId && !name ? (
        <span class="muted small block id" title={entry.entityId}>
          {/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(entry.entityId) ? `${entry.entityId.slice(0, 8)}…` : entry.entityId}
        </span>
      ) : null}
    </>
  );
}

interface Props {
  entries: LogEntry[];
  caption: string;
  showEntity?: boolean;
  showWorkflow?: boolean;
  /** Billing ids to names: invoice numbers, payer and fee item names. */
  names?: Map<string, string>;
}

export function LogTable({ entries, caption, showEntity = true, showWorkflow = false, names }: Props) {
  return (
    <TableWrap label={caption}>
      <table class="data log">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">At</th>
            <th scope="col">Level</th>
            <th scope="col">Action</th>
            {showEntity ? <th scope="col">Entity</th> : null}
            <th scope="col">Message</th>
            <th scope="col">QuickBooks id</th>
            {showWorkflow ? <th scope="col">Workflow</th> : null}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} class={entry.level === 'error' ? 'is-error' : undefined}>
              <td class="nowrap">
                <DateTimeText at={entry.at} />
              </td>
              <td>
                <LogLevel level={entry.level} />
              </td>
              <td class="code">{entry.action}</td>
              {showEntity ? (
                <td>
                  <Entity entry={entry} names={names} />
                </td>
              ) : null}
              <td class="message">
                {entry.message}
                {entry.intuitTid ? <span class="muted small block">intuit_tid {entry.intuitTid}</span> : null}
              </td>
              <td class="code">{entry.qboId ?? <span class="muted">—</span>}</td>
              {showWorkflow ? (
                <td>
                  {entry.workflowUrl ? (
                    <a href={entry.workflowUrl} target="_blank" rel="noopener noreferrer">
                      Open in Temporal<span class="visually-hidden"> (opens in a new tab)</span>
                    </a>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
