import { expressionBuilder, type Expression } from 'kysely';
import type { Db } from '../database.js';
import type { Database, MappingSource } from '../schema.js';

/** Payers map to QBO customers, fee items to QBO items; the two tables have the same shape. */
export type MappingTable = 'payer_mappings' | 'fee_item_mappings';

export interface Mapping {
  localId: string;
  /** Null: create a new QBO record for it at the next sync. */
  qboId: string | null;
  qboName: string | null;
  source: MappingSource;
}

export interface MappingScope {
  firmId: string;
  realmId: string;
}

const columns = ['local_id', 'qbo_id', 'qbo_name', 'source'] as const;
const toMapping = (row: {
  local_id: string;
  qbo_id: string | null;
  qbo_name: string | null;
  source: MappingSource;
}): Mapping => ({
  localId: row.local_id,
  qboId: row.qbo_id,
  qboName: row.qbo_name,
  source: row.source,
});

/** The realm a firm's mappings are read under when none is named: the company it is connected to now. */
export const connectedRealm = (firmId: Expression<string>) =>
  expressionBuilder<Database, never>()
    .selectFrom('qbo_connections as c')
    .select('c.realm_id')
    .where('c.firm_id', '=', firmId);

/**
 * A payer's or fee item's mapping in one QBO company: `realmId`'s, or, left out, the company the firm is
 * connected to now, read from its connection in the same statement (all a sync pass resolving a mapped
 * record needs).
 */
export async function getMapping(
  db: Db,
  table: MappingTable,
  scope: { firmId: string; realmId?: string },
  localId: string,
): Promise<Mapping | undefined> {
  const { firmId, realmId } = scope;
  const row = await db
    .selectFrom(table)
    .select(columns)
    .where('firm_id', '=', firmId)
    .where('realm_id', '=', (eb) => (realmId === undefined ? connectedRealm(eb.val(firmId)) : eb.val(realmId)))
    .where('local_id', '=', localId)
    .executeTakeFirst();
  return row && toMapping(row);
}

export async function listMappings(db: Db, table: MappingTable, scope: MappingScope): Promise<Map<string, Mapping>> {
  const rows = await db
    .selectFrom(table)
    .select(columns)
    .where('firm_id', '=', scope.firmId)
    .where('realm_id', '=', scope.realmId)
    .execute();
  return new Map(rows.map((row) => [row.local_id, toMapping(row)]));
}

export async function saveMapping(db: Db, table: MappingTable, scope: MappingScope, mapping: Mapping): Promise<void> {
  const values = { qbo_id: mapping.qboId, qbo_name: mapping.qboName, source: mapping.source };
  await db
    .insertInto(table)
    .values({ firm_id: scope.firmId, realm_id: scope.realmId, local_id: mapping.localId, ...values })
    .onConflict((oc) => oc.columns(['local_id', 'realm_id']).doUpdateSet(values))
    .execute();
}

export async function deleteMapping(
  db: Db,
  table: MappingTable,
  scope: MappingScope,
  localId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom(table)
    .where('firm_id', '=', scope.firmId)
    .where('realm_id', '=', scope.realmId)
    .where('local_id', '=', localId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A mapping to a QBO record that follows billing's edits, with the company it is in and the firm's say on linked records. */
export interface FollowedMapping extends Mapping {
  qboId: string;
  realmId: string;
  updateLinkedRecords: boolean;
}

/**
 * The QBO record a payer or fee item keeps in step with under Model 1: its mapping in the connected
 * company of an active Model 1 firm. Undefined otherwise (Model 2, inactive, not connected, unmapped).
 */
export async function followedMapping(
  db: Db,
  table: MappingTable,
  firmId: string,
  localId: string,
): Promise<FollowedMapping | undefined> {
  const firm = await db
    .selectFrom('firms')
    .innerJoin('qbo_connections', 'qbo_connections.firm_id', 'firms.id')
    .select(['qbo_connections.realm_id', 'firms.update_linked_records'])
    .where('firms.id', '=', firmId)
    .where('firms.sync_model', '=', 1)
    .where('firms.active', '=', true)
    .executeTakeFirst();
  if (!firm) return undefined;
  const mapping = await getMapping(db, table, { firmId, realmId: firm.realm_id }, localId);
  if (!mapping?.qboId) return undefined;
  return { ...mapping, qboId: mapping.qboId, realmId: firm.realm_id, updateLinkedRecords: firm.update_linked_records };
}
