import type { EntityName } from '../quickbooks/wire-types.js';
import { DEFAULT_PREFERENCES, type RealmPreferences } from './preferences.js';

export type Json = Record<string, unknown>;

export interface Row {
  id: string;
  body: Json;
  createdMs: number;
  updatedMs: number;
}

export interface Tombstone {
  entity: EntityName;
  id: string;
  deletedMs: number;
}

export interface Replay {
  status: number;
  body: string;
  contentType: string;
  /** When the first answer was given, for requestids that expire. */
  atMs: number;
}

export const ENTITY_NAMES: readonly EntityName[] = [
  'CompanyInfo',
  'Account',
  'Customer',
  'Vendor',
  'Employee',
  'Item',
  'Invoice',
  'Payment',
  'PaymentMethod',
];

const NAME_LIST_NAMES = ['Customer', 'Vendor', 'Employee', 'Item', 'Account', 'PaymentMethod'] as const;
export type NameList = (typeof NAME_LIST_NAMES)[number];

/** Name lists: queries hide inactive records unless the WHERE clause mentions Active. */
export const NAME_LISTS: ReadonlySet<EntityName> = new Set(NAME_LIST_NAMES);

/** `invoice` (path) or `Invoice` (body, query, control routes) to the canonical entity name. */
export function entityFromName(name: string): EntityName | undefined {
  const lower = name.toLowerCase();
  return ENTITY_NAMES.find((e) => e.toLowerCase() === lower);
}

/** One QBO company: its objects, its delete log (for CDC), the requestids it has answered and its settings. */
export class Realm {
  readonly tables = new Map<EntityName, Map<string, Row>>();
  readonly tombstones: Tombstone[] = [];
  readonly replays = new Map<string, Replay>();
  /** Payments a bookkeeper has put on a bank deposit: QBO freezes them (6540). */
  readonly deposited = new Set<string>();
  private nextId = 1;
  private nextDocNumber = 1001;

  constructor(
    readonly realmId: string,
    readonly companyName: string,
    public preferences: RealmPreferences = { ...DEFAULT_PREFERENCES },
  ) {
    for (const e of ENTITY_NAMES) this.tables.set(e, new Map());
  }

  table(entity: EntityName): Map<string, Row> {
    const t = this.tables.get(entity);
    if (!t) throw new Error(`no table ${entity}`);
    return t;
  }

  get(entity: EntityName, id: string): Row | undefined {
    return this.table(entity).get(id);
  }

  all(entity: EntityName): Row[] {
    return [...this.table(entity).values()];
  }

  newId(): string {
    return String(this.nextId++);
  }

  newDocNumber(): string {
    return String(this.nextDocNumber++);
  }
}

export class RealmStore {
  private readonly realms = new Map<string, Realm>();
  private counter = 0;

  create(companyName: string | undefined, preferences?: RealmPreferences): Realm {
    this.counter += 1;
    // Real realm ids are long digit strings; products that store them as numbers break on them.
    const realmId = String(9341450000000000n + BigInt(this.counter) * 7919n);
    const realm = new Realm(realmId, companyName ?? `Sandbox Company US ${this.counter}`, preferences);
    this.realms.set(realmId, realm);
    return realm;
  }

  get(realmId: string): Realm | undefined {
    return this.realms.get(realmId);
  }

  list(): Realm[] {
    return [...this.realms.values()];
  }

  clear(): void {
    this.realms.clear();
  }
}
