import { describe, expect, it } from 'vitest';
import { couldBeSameParty, normaliseName, suggestCustomer, suggestItem, type CustomerCandidate } from './matching.js';
import type { PayerSnapshot } from './snapshots.js';

const individual = (first: string, last: string, email: string | null = null): PayerSnapshot => ({
  id: 'p',
  type: 'individual',
  firstName: first,
  lastName: last,
  companyName: null,
  email,
  phone: null,
  address: null,
  billingPerson: null,
});
const corporation = (company: string, billingEmail?: string): PayerSnapshot => ({
  id: 'c',
  type: 'corporation',
  firstName: null,
  lastName: null,
  companyName: company,
  email: null,
  phone: null,
  address: null,
  billingPerson: billingEmail ? { firstName: 'B', lastName: 'P', email: billingEmail } : null,
});
const customer = (id: string, displayName: string, extra: Partial<CustomerCandidate> = {}): CustomerCandidate => ({
  id,
  displayName,
  active: true,
  ...extra,
});

describe('normaliseName', () => {
  it.each([
    ["O'Brien & Sons, LLC", 'obrien and sons'],
    ['O\u2019BRIEN AND SONS L.L.C.', 'obrien and sons'],
    ['  José   Müller ', 'jose muller'],
    ['Acme Holdings, Inc.', 'acme holdings'],
    ['Acme: Holdings Corp', 'acme holdings'],
    ['LLC', 'llc'],
  ])('%s -> %s', (raw, normal) => expect(normaliseName(raw)).toBe(normal));
});

describe('suggestCustomer', () => {
  it('trusts an exact email first, over a name match elsewhere', () => {
    const s = suggestCustomer(individual('José', 'Müller', 'Jose@Example.com'), [
      customer('1', 'José Müller'),
      customer('2', 'J. Muller', { email: 'jose@example.com' }),
    ]);
    expect(s).toMatchObject({ qboId: '2', matchedOn: 'email' });
    expect(s?.reason).toContain('jose@example.com');
  });

  it('matches a corporation by its billing person email', () => {
    expect(
      suggestCustomer(corporation('Acme LLC', 'ap@acme.example'), [
        customer('9', 'Acme (old)', { email: 'AP@acme.example' }),
      ]),
    ).toMatchObject({ qboId: '9', matchedOn: 'email' });
  });

  it('matches a normalised name when no email matches', () => {
    expect(
      suggestCustomer(corporation("O'Brien & Sons, LLC"), [
        customer('5', 'OBrien and Sons'),
        customer('6', 'Brien Sons'),
      ]),
    ).toMatchObject({ qboId: '5', matchedOn: 'name' });
  });

  it('never suggests a same-named customer whose email says it is someone else', () => {
    expect(
      suggestCustomer(individual('José', 'Müller', 'jose@new.example'), [
        customer('1', 'José Müller', { email: 'jose@old.example' }),
      ]),
    ).toBeNull();
    expect(
      suggestCustomer(individual('José', 'Müller', 'jose@new.example'), [
        customer('1', 'José Müller', { email: 'jose@old.example' }),
        customer('2', 'Jose Muller'),
      ]),
    ).toMatchObject({ qboId: '2', matchedOn: 'name' });
  });

  it('falls back to the company name for corporations', () => {
    expect(
      suggestCustomer(corporation('Globex Corporation'), [
        customer('7', 'Globex - Accounts Payable', { companyName: 'Globex Corp.' }),
      ]),
    ).toMatchObject({ qboId: '7', matchedOn: 'company' });
  });

  it('suggests nothing when a level is ambiguous, or nothing matches', () => {
    expect(
      suggestCustomer(individual('Ana', 'Lima'), [customer('1', 'Ana Lima'), customer('2', 'ANA  LIMA')]),
    ).toBeNull();
    expect(
      suggestCustomer(individual('Ana', 'Lima', 'a@x.com'), [
        customer('1', 'Ana L', { email: 'a@x.com' }),
        customer('2', 'Lima, Ana', { email: 'A@X.com' }),
      ]),
    ).toBeNull();
    expect(suggestCustomer(individual('Ana', 'Lima'), [customer('3', 'Bruno Lima')])).toBeNull();
  });
});

describe('suggestItem', () => {
  it('matches fee items on a normalised name, only when unique', () => {
    expect(suggestItem('H-1B Petition', [{ id: '4', name: 'h1b petition', active: true }])).toMatchObject({
      qboId: '4',
      matchedOn: 'name',
    });
    expect(
      suggestItem('Filing', [
        { id: '1', name: 'Filing', active: true },
        { id: '2', name: 'filing', active: false },
      ]),
    ).toBeNull();
  });
});

describe('couldBeSameParty', () => {
  it('links only when the emails agree or one side has none', () => {
    expect(couldBeSameParty(individual('A', 'B', 'a@x.com'), 'A@X.com')).toBe(true);
    expect(couldBeSameParty(individual('A', 'B', 'a@x.com'), 'other@x.com')).toBe(false);
    expect(couldBeSameParty(individual('A', 'B'), 'other@x.com')).toBe(true);
    expect(couldBeSameParty(individual('A', 'B', 'a@x.com'), undefined)).toBe(true);
  });
});
