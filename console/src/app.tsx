// The console: learns who is signed in (GET /v1/session), then shows the sign-in form or the screens.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, setCsrfToken, whenSignedOut } from './api';
import { LiveRegion, announce } from './announce';
import { Layout } from './components/Layout';
import { ErrorNotice, Loading } from './components/Notice';
import { navigate, useLocation } from './router';
import { Screen } from './screens';
import { SetPassword } from './screens/SetPassword';
import { SignIn } from './screens/SignIn';
import { SessionContext, type SessionContextValue } from './session';
import type { Firm, QuickBooksStatus, SessionInfo, User } from './types';

type Boot =
  { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; user: User | null; firm: Firm | null };

export function App() {
  const location = useLocation();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [quickbooks, setQuickbooks] = useState<QuickBooksStatus | null>(null);

  const loadSession = useCallback(async () => {
    try {
      const session = await api.get<SessionInfo>('/v1/session');
      setCsrfToken(session.csrfToken);
      setBoot({ state: 'ready', user: session.user, firm: session.firm });
    } catch (error) {
      setBoot({ state: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void loadSession();
    // A 401 anywhere means the session ended: back to the sign-in form, keeping the page asked for.
    whenSignedOut(() => {
      setBoot({ state: 'ready', user: null, firm: null });
      announce('Your session has ended. Sign in again.');
    });
    return () => whenSignedOut(null);
  }, []);

  const signedIn = boot.state === 'ready' && boot.user && boot.firm ? { user: boot.user, firm: boot.firm } : null;

  const refreshQuickBooks = useCallback(async () => {
    try {
      setQuickbooks(await api.get<QuickBooksStatus>('/v1/quickbooks/status'));
    } catch {
      // The screens that need it say so; the frame just shows no banner.
    }
  }, []);

  // The firm's QuickBooks state (the reconnect banner, what Sync Now may do) is fresh on every page.
  useEffect(() => {
    if (signedIn) void refreshQuickBooks();
  }, [signedIn?.user.id, location.path]);

  // A page reached by navigation gets focus on its heading, so keyboard and screen reader users start there.
  const firstPath = useRef(true);
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    window.scrollTo(0, 0);
    window.setTimeout(() => document.querySelector<HTMLElement>('main h1, .signin h1')?.focus(), 0);
  }, [location.path]);

  const signOut = useCallback(async () => {
    try {
      await api.del('/v1/session');
    } finally {
      await loadSession();
      setQuickbooks(null);
      navigate('/', { replace: true });
      announce('Signed out');
    }
  }, []);

  const context = useMemo<SessionContextValue | null>(
    () => (signedIn ? { user: signedIn.user, firm: signedIn.firm, quickbooks, refreshQuickBooks, signOut } : null),
    [signedIn?.user.id, signedIn?.user.role, signedIn?.user.name, signedIn?.firm.id, signedIn?.firm.name, quickbooks],
  );

  // "/" is the invoice list for someone signed in.
  useEffect(() => {
    if (signedIn && location.path === '/') navigate('/invoices', { replace: true });
  }, [signedIn?.user.id, location.path]);

  let body;
  if (boot.state === 'loading') {
    body = (
      <main id="main" class="signin">
        <Loading what="the billing console" />
      </main>
    );
  } else if (boot.state === 'failed') {
    body = (
      <main id="main" class="signin">
        <h1>Billing console</h1>
        <ErrorNotice error={boot.error} title="The console could not reach the server.">
          {' '}
          <button type="button" class="link-button" onClick={() => void loadSession()}>
            Try again
          </button>
        </ErrorNotice>
      </main>
    );
  } else if (location.path === '/set-password') {
    body = <SetPassword token={location.search.get('token') ?? ''} signedIn={signedIn !== null} />;
  } else if (!signedIn || !context) {
    body = (
      <SignIn
        onSignedIn={(session) => {
          setCsrfToken(session.csrfToken);
          setBoot({ state: 'ready', user: session.user, firm: session.firm });
          announce(`Signed in as ${session.user?.name ?? ''}`);
        }}
      />
    );
  } else {
    body = (
      <SessionContext.Provider value={context}>
        <Layout path={location.path}>
          <Screen location={location} />
        </Layout>
      </SessionContext.Provider>
    );
  }

  return (
    <>
      {body}
      <LiveRegion />
    </>
  );
}
