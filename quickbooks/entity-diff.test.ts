import { describe, expect, it } from 'vitest';
import type { PayerSnapshot } from '../domain/snapshots.js';
import { customerChanges, itemChanges } from './entity-diff.js';
import { toQboCustomer, toQboItem } from './mappers.js';

const corporation: PayerSnapshot = {
  id: 'p1',
  type: 'corporation',
  firstName: null,
  lastName: null,
  companyName: 'Acme Visas LLC',
  email: 'office@acme.example',
  phone: null,
  address: { line1: '1 Main St', city: 'Boston', region: 'MA', postalCode: '02110', country: 'US' },
  billingPerson: { firstName: 'Aoife', lastName: 'Kelly', email: 'aoife@acme.example' },
};

describe('customerChanges', () => {
  it('finds nothing when QBO holds what billing would send, whatever QBO adds around it', () => {
    const want = toQboCustomer(corporation);
    const have = { ...want, BillAddr: { Id: '9', ...want.BillAddr }, Notes: 'a bookkeeper note', Active: true };
    expect(customerChanges(want, have)).toEqual({ fields: [], changes: {} });
  });

  it("sends only what changed: a new billing person's name and email", () => {
    const before = toQboCustomer(corporation);
    const want = toQboCustomer({
      ...corporation,
      billingPerson: { firstName: 'Ben', lastName: 'Kelly', email: 'ben@acme.example' },
    });
    expect(customerChanges(want, before)).toEqual({
      fields: ['first name', 'email'],
      changes: { GivenName: 'Ben', PrimaryEmailAddr: { Address: 'ben@acme.example' } },
    });
  });

  it('sends a moved address whole, on the address record QBO has, clearing the parts billing dropped', () => {
    const have = {
      ...toQboCustomer(corporation),
      BillAddr: { Id: '9', Line1: '1 Main St', Line2: 'Suite 4', City: 'Boston' },
    };
    const want = toQboCustomer({ ...corporation, address: { line1: '2 Elm St', city: 'Salem', country: 'US' } });
    const { fields, changes } = customerChanges(want, have);
    expect(fields).toEqual(['address']);
    expect(changes.BillAddr).toEqual({
      Id: '9',
      Line1: '2 Elm St',
      Line2: '',
      City: 'Salem',
      CountrySubDivisionCode: '',
      PostalCode: '',
      Country: 'US',
    });
  });

  it('clears an email and a phone billing no longer has', () => {
    const individual: PayerSnapshot = {
      ...corporation,
      type: 'individual',
      firstName: 'Ana',
      lastName: 'Ruiz',
      companyName: null,
      billingPerson: null,
      email: null,
    };
    const have = {
      ...toQboCustomer(individual),
      PrimaryEmailAddr: { Address: 'old@x.example' },
      PrimaryPhone: { FreeFormNumber: '555' },
    };
    expect(customerChanges(toQboCustomer(individual), have)).toEqual({
      fields: ['email', 'phone'],
      changes: { PrimaryEmailAddr: { Address: '' }, PrimaryPhone: { FreeFormNumber: '' } },
    });
  });

  it('reads blank and absent alike, and trims as QBO does', () => {
    expect(customerChanges({ DisplayName: 'Ana Ruiz', CompanyName: '' }, { DisplayName: ' Ana Ruiz ' }).fields).toEqual(
      [],
    );
  });

  it('sees a rename', () => {
    expect(customerChanges({ DisplayName: 'Acme Visas Inc' }, { DisplayName: 'Acme Visas LLC' })).toEqual({
      fields: ['name'],
      changes: { DisplayName: 'Acme Visas Inc' },
    });
  });
});

describe('itemChanges', () => {
  const income = { value: '1', name: 'Services' };
  const feeItem = { id: 'f1', name: 'Consultation', description: 'One hour', unitPriceCents: 15000 };

  it('ignores type and account, which stay as QBO has them', () => {
    const have = { ...toQboItem(feeItem, { value: '44' }), Type: 'NonInventory' as const };
    expect(itemChanges(toQboItem(feeItem, income), have)).toEqual({ fields: [], changes: {} });
  });

  it('sends a rename and a new price, not the unchanged description', () => {
    const want = toQboItem({ ...feeItem, name: 'Initial consultation', unitPriceCents: 17550 }, income);
    expect(itemChanges(want, toQboItem(feeItem, income))).toEqual({
      fields: ['name', 'price'],
      changes: { Name: 'Initial consultation', UnitPrice: 175.5 },
    });
  });

  it('clears a removed description, and reads a missing price as zero', () => {
    const want = toQboItem({ ...feeItem, description: null, unitPriceCents: 0 }, income);
    expect(itemChanges(want, { Name: 'Consultation', Description: 'One hour' })).toEqual({
      fields: ['description'],
      changes: { Description: '' },
    });
  });
});
