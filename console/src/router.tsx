// History-API routing over real paths (/invoices, /invoices/<id>, ...): the API serves the page for each.
import type { ComponentChildren, TargetedMouseEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'invoices' }
  | { name: 'newInvoice' }
  | { name: 'invoice'; id: string }
  | { name: 'mapping' }
  | { name: 'quickbooks' }
  | { name: 'syncLog' }
  | { name: 'driftReport' }
  | { name: 'payers' }
  | { name: 'feeItems' }
  | { name: 'users' }
  | { name: 'setPassword' }
  | { name: 'notFound' };

const FIXED: Record<string, Route> = {
  '/': { name: 'home' },
  '/invoices': { name: 'invoices' },
  '/invoices/new': { name: 'newInvoice' },
  '/mapping': { name: 'mapping' },
  '/quickbooks': { name: 'quickbooks' },
  '/sync-log': { name: 'syncLog' },
  '/drift-report': { name: 'driftReport' },
  '/payers': { name: 'payers' },
  '/fee-items': { name: 'feeItems' },
  '/users': { name: 'users' },
  '/set-password': { name: 'setPassword' },
};

export function matchRoute(path: string): Route {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const fixed = FIXED[clean];
  if (fixed) return fixed;
  const invoice = /^\/invoices\/([0-9a-fA-F-]{36})$/.exec(clean);
  if (invoice?.[1]) return { name: 'invoice', id: invoice[1] };
  return { name: 'notFound' };
}

export interface Location {
  path: string;
  search: URLSearchParams;
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
window.addEventListener('popstate', notify);

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

/** Goes to a console path; `replace` rewrites the current history entry (filters, redirects). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const listener = () => setLocation(current());
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return location;
}

interface AnchorProps {
  href: string;
  children?: ComponentChildren;
  class?: string;
  onClick?: (event: TargetedMouseEvent<HTMLAnchorElement>) => void;
  'aria-current'?: 'page' | undefined;
  'aria-describedby'?: string;
}

/** A real link (open in a new tab works) that moves within the console without reloading the page. */
export function Link({ href, children, onClick, ...rest }: AnchorProps) {
  const follow = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (onClick) onClick(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={follow} {...rest}>
      {children}
    </a>
  );
}
