import type { QboClient } from '../quickbooks/client.js';
import { QboError } from '../quickbooks/errors.js';
import { findByNameIncludingInactive } from '../quickbooks/query.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import type { Customer, CustomerFields, Item, ItemFields } from '../quickbooks/wire-types.js';
import { billingDataFailure } from './failures.js';

/** "Name (2)", kept within QBO's length limit. */
export function disambiguated(base: string, n: number, maxLength: number): string {
  if (n === 1) return base;
  const suffix = ` (${n})`;
  return `${base.slice(0, maxLength - suffix.length).trim()}${suffix}`;
}

export interface NameSteps<E extends Customer | Item> {
  kind: 'customer' | 'item';
  baseName: string;
  maxLength: number;
  /** Records with exactly this name, inactive ones included (they still own the name). */
  find(name: string): Promise<E[]>;
  /** The record a 6240 names, when it is of this kind. */
  readById(id: string): Promise<E | undefined>;
  /** Whether an existing record is the one we want (e.g. the emails agree). */
  sameParty(existing: E): boolean;
  reactivate(existing: E): Promise<E>;
  /** Creates under `name`; `attempt` makes the requestid, so a retry replays the same create. */
  create(name: string, attempt: number): Promise<E>;
}

type NameListed = {
  Customer: { record: Customer; fields: CustomerFields };
  Item: { record: Item; fields: ItemFields };
};

/** The NameSteps of a QBO customer or item, for the firm's payer or fee item `localId`. */
export function qboNameSteps<K extends keyof NameListed>(
  qbo: QboClient,
  o: {
    entity: K;
    firmId: string;
    localId: string;
    baseName: string;
    maxLength: number;
    fields: (name: string) => Promise<NameListed[K]['fields']>;
    sameParty: (existing: NameListed[K]['record']) => boolean;
  },
): NameSteps<NameListed[K]['record']> {
  const kind = o.entity === 'Customer' ? 'customer' : 'item';
  const write = (operation: 'create' | 'update', revision: number) =>
    requestIdFor({ firmId: o.firmId, entity: kind, localId: o.localId, operation, revision });
  const read = qbo.read.bind(qbo) as (entity: K, id: string) => Promise<NameListed[K]['record']>;
  return {
    kind,
    baseName: o.baseName,
    maxLength: o.maxLength,
    find: (name) =>
      qbo.query(
        o.entity,
        findByNameIncludingInactive(o.entity, o.entity === 'Customer' ? 'DisplayName' : 'Name', name),
      ) as Promise<NameListed[K]['record'][]>,
    readById: (id) =>
      read(o.entity, id).catch((error: unknown) => {
        if (error instanceof QboError && error.kind === 'not_found') return undefined;
        throw error;
      }),
    sameParty: o.sameParty,
    reactivate: (existing) =>
      qbo.update(
        o.entity,
        { Id: existing.Id, SyncToken: existing.SyncToken, sparse: true, Active: true },
        write('update', Number(existing.SyncToken)),
      ) as Promise<NameListed[K]['record']>,
    create: async (name, attempt) =>
      qbo.create(
        o.entity,
        (await o.fields(name)) as Partial<NameListed[K]['record']>,
        write('create', attempt),
      ) as Promise<NameListed[K]['record']>,
  };
}

const MAX_ATTEMPTS = 20;

/**
 * Links to the QBO record that already is this payer or fee item, or creates one. `link-or-create` links
 * to a record with the same name when it could be the same party (reactivating it if a bookkeeper made it
 * inactive); otherwise, and always in `create-new` (a person asked for a new record), it creates one, and
 * when the name belongs to someone else (another customer, a vendor, an employee) it tries "Name (2)",
 * "Name (3)"... and says why. Every create carries a requestid, so a retried activity never duplicates.
 */
export async function linkOrCreate<E extends Customer | Item>(
  steps: NameSteps<E>,
  mode: 'link-or-create' | 'create-new',
): Promise<{ record: E; via: 'found' | 'created'; note?: string }> {
  const taken: string[] = [];
  const note = () => (taken.length ? `named so because ${taken.join('; ')}` : undefined);
  const link = async (existing: E) => ({
    record: existing.Active ? existing : await steps.reactivate(existing),
    via: 'found' as const,
    note: note(),
  });

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const name = disambiguated(steps.baseName, attempt, steps.maxLength);
    if (mode === 'link-or-create') {
      const [existing] = await steps.find(name);
      if (existing && steps.sameParty(existing)) return link(existing);
      if (existing) {
        taken.push(`"${name}" is QuickBooks ${steps.kind} ${existing.Id}, a different party`);
        continue;
      }
    }
    try {
      return { record: await steps.create(name, attempt), via: 'created', note: note() };
    } catch (error) {
      if (!(error instanceof QboError && error.kind === 'duplicate_name')) throw error;
      const owner =
        error.existingId && error.existingKind === steps.kind ? await steps.readById(error.existingId) : undefined;
      if (owner && mode === 'link-or-create' && steps.sameParty(owner)) return link(owner);
      taken.push(
        `"${name}" is used by ${error.existingKind ? `a QuickBooks ${error.existingKind}` : 'another QuickBooks record'}${error.existingId ? ` (${error.existingId})` : ''}`,
      );
    }
  }
  throw billingDataFailure(
    'name_unavailable',
    `No free QuickBooks ${steps.kind} name for "${steps.baseName}" after ${MAX_ATTEMPTS} tries`,
    'Map it by hand to the right QuickBooks record.',
  );
}
