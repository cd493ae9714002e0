// How the console writes money, dates and people: one unambiguous format everywhere.
import type { Payer, Role, SyncStatus } from './types';

/** "1250.00" -> "1,250.00" (the API's two-decimal string, never through a float). */
export function formatMoney(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole = '0', cents = ''] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}.${cents.padEnd(2, '0')}`;
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "2026-11-20" -> "Nov 20, 2026" (a calendar date: no time zone shift). */
export function formatDate(date: string): string {
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : dateFormat.format(parsed);
}

/** An instant in the reader's own time zone: "Nov 20, 2026, 14:05:09". */
export function formatDateTime(instant: string): string {
  const parsed = new Date(instant);
  return Number.isNaN(parsed.getTime()) ? instant : dateTimeFormat.format(parsed);
}

/** Today (local) as YYYY-MM-DD, for date inputs. */
export function today(offsetDays = 0): string {
  const now = new Date();
  now.setDate(now.getDate() + offsetDays);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const STATUS_WORDS: Record<SyncStatus, string> = {
  not_eligible: 'Not eligible',
  not_synced: 'Not synced',
  queued: 'Queued',
  syncing: 'Syncing',
  synced: 'Synced',
  out_of_date: 'Out of date',
  failed: 'Failed',
  needs_mapping: 'Needs mapping',
};

export const STATUS_ORDER: SyncStatus[] = [
  'not_synced',
  'queued',
  'syncing',
  'synced',
  'out_of_date',
  'failed',
  'needs_mapping',
  'not_eligible',
];

export const ROLE_WORDS: Record<Role, string> = { admin: 'Admin', billing: 'Billing', viewer: 'Viewer' };

export const ROLE_HELP: Record<Role, string> = {
  admin: "the firm's super user: everything, including QuickBooks setup and users",
  billing: 'billing staff: payers, fee items, invoices, payments, mapping and sync',
  viewer: 'reads everything it may see, changes nothing',
};

/** The name billing staff know a payer by. */
export function payerName(payer: Payer): string {
  if (payer.displayName) return payer.displayName;
  if (payer.type === 'corporation') return payer.companyName ?? '(no company name)';
  return [payer.firstName, payer.lastName].filter(Boolean).join(' ') || '(no name)';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
