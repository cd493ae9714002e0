import type { CustomerFields, ItemFields, PhysicalAddress } from './wire-types.js';

// Which fields of a QBO customer or item differ from what billing would send (mappers.ts), and the sparse
// update that makes them equal: only those fields, so a bookkeeper's other edits in QuickBooks stay.

export interface EntityChanges<F> {
  /** The differing fields as billing staff name them, e.g. "email", "price". */
  fields: string[];
  /** The sparse body (without Id and SyncToken); a field billing has emptied is sent as "" to clear it. */
  changes: F;
}

const ADDRESS_PARTS = ['Line1', 'Line2', 'City', 'CountrySubDivisionCode', 'PostalCode', 'Country'] as const;

const CUSTOMER_LABELS = {
  DisplayName: 'name',
  CompanyName: 'company name',
  GivenName: 'first name',
  FamilyName: 'last name',
  PrimaryEmailAddr: 'email',
  PrimaryPhone: 'phone',
  BillAddr: 'address',
} as const;

const ITEM_LABELS = { Name: 'name', Description: 'description', UnitPrice: 'price' } as const;

/** QBO trims values and drops empty ones: "", "  " and absent are the same. */
const text = (value: string | undefined): string | undefined => value?.trim() || undefined;

const sameAddress = (want: PhysicalAddress | undefined, have: PhysicalAddress | undefined): boolean =>
  ADDRESS_PARTS.every((part) => text(want?.[part]) === text(have?.[part]));

/** The whole address billing holds (emptied parts cleared), on QBO's address record when it has one. */
function addressChange(want: PhysicalAddress | undefined, have: PhysicalAddress | undefined): PhysicalAddress {
  const parts = Object.fromEntries(ADDRESS_PARTS.map((part) => [part, want?.[part] ?? '']));
  return { ...(have?.Id ? { Id: have.Id } : {}), ...parts };
}

function labelled<F extends object>(changes: F, labels: Record<string, string>): EntityChanges<F> {
  return { fields: Object.keys(changes).map((key) => labels[key] ?? key), changes };
}

/** `want`: toQboCustomer of the payer; `have`: the customer as QBO holds it. */
export function customerChanges(want: CustomerFields, have: CustomerFields): EntityChanges<CustomerFields> {
  const changes: CustomerFields = {};
  for (const key of ['DisplayName', 'CompanyName', 'GivenName', 'FamilyName'] as const)
    if (text(want[key]) !== text(have[key])) changes[key] = want[key] ?? '';
  if (text(want.PrimaryEmailAddr?.Address) !== text(have.PrimaryEmailAddr?.Address))
    changes.PrimaryEmailAddr = { Address: want.PrimaryEmailAddr?.Address ?? '' };
  if (text(want.PrimaryPhone?.FreeFormNumber) !== text(have.PrimaryPhone?.FreeFormNumber))
    changes.PrimaryPhone = { FreeFormNumber: want.PrimaryPhone?.FreeFormNumber ?? '' };
  if (!sameAddress(want.BillAddr, have.BillAddr)) changes.BillAddr = addressChange(want.BillAddr, have.BillAddr);
  return labelled(changes, CUSTOMER_LABELS);
}

/** `want`: toQboItem of the fee item; `have`: the item as QBO holds it. Its type and account stay QBO's. */
export function itemChanges(want: ItemFields, have: ItemFields): EntityChanges<ItemFields> {
  const changes: ItemFields = {};
  if (text(want.Name) !== text(have.Name)) changes.Name = want.Name ?? '';
  if (text(want.Description) !== text(have.Description)) changes.Description = want.Description ?? '';
  // Both are QBO's two-decimal numbers, compared as they are: no arithmetic on them.
  if ((want.UnitPrice ?? 0) !== (have.UnitPrice ?? 0)) changes.UnitPrice = want.UnitPrice ?? 0;
  return labelled(changes, ITEM_LABELS);
}
