// The frame of every signed-in page: skip link, header (firm, person, role, Sign out), navigation, the
// reconnect banner, and the main content.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { announce } from '../announce';
import { ROLE_WORDS } from '../format';
import { Link } from '../router';
import { isAdmin, useSession } from '../session';
import { Icon } from './Icon';

interface NavItem {
  href: string;
  label: string;
  /** Paths under this one count as this item too (/invoices/<id> is under Invoices). */
  prefix?: boolean;
}

function navItems(admin: boolean): NavItem[] {
  const items: NavItem[] = [
    { href: '/invoices', label: 'Invoices', prefix: true },
    { href: '/mapping', label: 'Mapping' },
    { href: '/quickbooks', label: 'QuickBooks Sync' },
    { href: '/sync-log', label: 'Sync Log Report' },
    { href: '/payers', label: 'Payers' },
    { href: '/fee-items', label: 'Fee items' },
  ];
  if (admin) items.push({ href: '/users', label: 'Users' });
  return items;
}

function ReconnectBanner() {
  const { user, quickbooks } = useSession();
  if (quickbooks?.connection?.status !== 'needs_reconnect') return null;
  return (
    <div class="banner" role="region" aria-label="QuickBooks connection">
      <Icon name="alert" />
      <p>
        <strong>QuickBooks needs reconnecting.</strong> Syncs are paused until it is connected again.{' '}
        {isAdmin(user.role) ? (
          <Link href="/quickbooks">Reconnect now</Link>
        ) : (
          "Ask your firm's admin to reconnect it in QuickBooks Sync."
        )}
      </p>
    </div>
  );
}

export function Layout({ path, children }: { path: string; children: ComponentChildren }) {
  const { user, firm, signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const isCurrent = (item: NavItem) => path === item.href || (item.prefix === true && path.startsWith(`${item.href}/`));

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="brand-firm">{firm.name}</span>
          <span class="brand-product">Billing console</span>
        </div>
        <div class="who">
          <span class="who-name">{user.name}</span>
          <span class="role-tag" title={`Role: ${ROLE_WORDS[user.role]}`}>
            {ROLE_WORDS[user.role]}
          </span>
          <button
            type="button"
            class="button button-quiet"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              signOut()
                .catch(() => announce('Signing out failed; try again'))
                .finally(() => setSigningOut(false));
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <ReconnectBanner />
      <div class="frame">
        <nav class="sidenav" aria-label="Main">
          <ul>
            {navItems(isAdmin(user.role)).map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={isCurrent(item) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** A page's heading; focused when the page is reached by navigation, so screen readers start there. */
export function PageHeading({ children, actions }: { children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <div class="page-head">
      <h1 tabIndex={-1}>{children}</h1>
      {actions ? <div class="page-actions">{actions}</div> : null}
    </div>
  );
}
