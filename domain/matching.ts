import type { PayerSnapshot } from './snapshots.js';

// Suggesting which QBO record a payer or fee item already is. Trust goes email first, then name, then
// company name; a level suggests only when exactly one record matches there. When a level matches several,
// it is ambiguous and nothing is suggested: a person must choose, rather than risk booking to the wrong one.

const SUFFIXES = new Set([
  'llc',
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'pllc',
  'llp',
  'lp',
  'pc',
  'pa',
  'plc',
]);

/** "O’Brien & Sons, L.L.C." and "obrien and sons" are the same name here. */
export function normaliseName(value: string): string {
  const words = value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['\u2019.-]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

export interface CustomerCandidate {
  id: string;
  displayName: string;
  companyName?: string;
  email?: string;
  active: boolean;
}

export interface ItemCandidate {
  id: string;
  name: string;
  active: boolean;
}

export type MatchedOn = 'email' | 'name' | 'company';

export interface Suggestion {
  qboId: string;
  displayName: string;
  /** An inactive record is suggested but never auto-matched: reactivating it is a person's call. */
  active: boolean;
  matchedOn: MatchedOn;
  /** Why, in words a bookkeeper can check. */
  reason: string;
}

/** The emails a payer is known by: its own and, for a corporation, its billing person's. */
export function payerEmails(payer: PayerSnapshot): string[] {
  return [payer.email, payer.billingPerson?.email].filter((e): e is string => !!e);
}

export function payerName(payer: PayerSnapshot): string {
  return payer.type === 'corporation'
    ? (payer.companyName ?? '')
    : [payer.firstName, payer.lastName].filter(Boolean).join(' ');
}

function decide<C>(
  levels: Array<{ on: MatchedOn; matches: C[]; reason: (c: C) => string }>,
  describe: (c: C) => Omit<Suggestion, 'matchedOn' | 'reason'>,
): Suggestion | null {
  for (const level of levels) {
    if (level.matches.length === 1)
      return { ...describe(level.matches[0]!), matchedOn: level.on, reason: level.reason(level.matches[0]!) };
    if (level.matches.length > 1) return null;
  }
  return null;
}

export function suggestCustomer(payer: PayerSnapshot, customers: readonly CustomerCandidate[]): Suggestion | null {
  const emails = payerEmails(payer);
  const name = normaliseName(payerName(payer));
  const company = payer.type === 'corporation' && payer.companyName ? normaliseName(payer.companyName) : '';
  // A same-named customer with another email is another person: names never outrank a disagreeing email.
  const plausible = customers.filter((c) => couldBeSameParty(payer, c.email));
  return decide<CustomerCandidate>(
    [
      {
        on: 'email',
        matches: customers.filter((c) => emails.some((e) => sameEmail(e, c.email))),
        reason: (c) => `its email ${c.email} is the payer's`,
      },
      {
        on: 'name',
        matches: name ? plausible.filter((c) => normaliseName(c.displayName) === name) : [],
        reason: (c) => `its name "${c.displayName}" is the payer's name "${payerName(payer)}"`,
      },
      {
        on: 'company',
        matches: company ? plausible.filter((c) => !!c.companyName && normaliseName(c.companyName) === company) : [],
        reason: (c) => `its company name "${c.companyName}" is the payer's`,
      },
    ],
    (c) => ({ qboId: c.id, displayName: c.displayName, active: c.active }),
  );
}

export function suggestItem(feeItemName: string, items: readonly ItemCandidate[]): Suggestion | null {
  const name = normaliseName(feeItemName);
  return decide<ItemCandidate>(
    [
      {
        on: 'name',
        matches: name ? items.filter((i) => normaliseName(i.name) === name) : [],
        reason: (i) => `its name "${i.name}" is the fee item's name "${feeItemName}"`,
      },
    ],
    (i) => ({ qboId: i.id, displayName: i.name, active: i.active }),
  );
}

/** The same person, as far as QBO shows: the emails agree, or one side has none to disagree with. */
export function couldBeSameParty(payer: PayerSnapshot, customerEmail: string | undefined): boolean {
  const emails = payerEmails(payer);
  return !customerEmail || emails.length === 0 || emails.some((e) => sameEmail(e, customerEmail));
}
