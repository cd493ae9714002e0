// What a screen says while loading, when empty, after an action and when something went wrong.
import type { ComponentChildren } from 'preact';
import { ApiError, messageOf } from '../api';
import { Icon } from './Icon';

/** A refusal or failure, in words a person can act on. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403 && error.code !== 'csrf_invalid')
      return `You are not allowed to do this: ${error.message}`;
    if (error.code === 'not_connected') return 'QuickBooks is not connected: connect it in QuickBooks Sync.';
    return error.message;
  }
  return messageOf(error);
}

/** A refusal next to the button that met it (`block`: on a line of its own). */
export function InlineError({ error, block = false }: { error: unknown; block?: boolean }) {
  if (!error) return null;
  return (
    <span class={block ? 'field-error block' : 'field-error'} role="alert">
      {describeError(error)}
    </span>
  );
}

export function ErrorNotice({
  error,
  title,
  children,
}: {
  error: unknown;
  title?: string;
  children?: ComponentChildren;
}) {
  if (!error) return null;
  return (
    <div class="notice notice-error" role="alert">
      <Icon name="alert" />
      <div>
        {title ? <strong>{title} </strong> : null}
        <span>{describeError(error)}</span>
        {children}
      </div>
    </div>
  );
}

export function SuccessNotice({ children, onDismiss }: { children: ComponentChildren; onDismiss?: () => void }) {
  return (
    <div class="notice notice-success" role="status">
      <Icon name="check" />
      <div class="notice-body">{children}</div>
      {onDismiss ? (
        <button type="button" class="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}

export function InfoNotice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice notice-info">
      <Icon name="info" />
      <div class="notice-body">{children}</div>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      <Icon name="sync" class="spin" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
