// Who is signed in, for which firm, and where that firm is in its QuickBooks setup: shared by every screen.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Firm, QuickBooksStatus, Role, User } from './types';

export interface SessionContextValue {
  user: User;
  firm: Firm;
  /** The firm's QuickBooks setup; null until loaded (or when it could not be read). */
  quickbooks: QuickBooksStatus | null;
  refreshQuickBooks: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in console');
  return value;
}

/** admin and billing change billing data and sync; viewer only reads. */
export const canWrite = (role: Role) => role === 'admin' || role === 'billing';
export const isAdmin = (role: Role) => role === 'admin';

/** Why Sync Now cannot run for this firm right now, or null when it can. */
export function syncBlockedReason(quickbooks: QuickBooksStatus | null): string | null {
  if (!quickbooks) return null;
  if (!quickbooks.subscribed || !quickbooks.active)
    return 'QuickBooks sync is not active yet: an admin activates it in QuickBooks Sync';
  if (quickbooks.connection?.status === 'needs_reconnect')
    return 'QuickBooks needs reconnecting: an admin reconnects it in QuickBooks Sync';
  if (quickbooks.connection?.status !== 'connected')
    return 'QuickBooks is not connected: an admin connects it in QuickBooks Sync';
  return null;
}
