import type { FeeItemSnapshot } from '../../domain/snapshots.js';
import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { FeeItem } from '../schema.js';
import { page, type Page } from './paging.js';

export interface FeeItemInput {
  name: string;
  description?: string | null;
  unitPriceCents: number;
}

export async function createFeeItem(db: Db, firmId: string, input: FeeItemInput): Promise<FeeItem> {
  return db
    .insertInto('fee_items')
    .values({
      id: newId(),
      firm_id: firmId,
      name: input.name,
      description: input.description ?? null,
      unit_price_cents: input.unitPriceCents,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateFeeItem(
  db: Db,
  firmId: string,
  feeItemId: string,
  input: FeeItemInput,
): Promise<FeeItem | undefined> {
  return db
    .updateTable('fee_items')
    .set({
      name: input.name,
      description: input.description ?? null,
      unit_price_cents: input.unitPriceCents,
      updated_at: new Date(),
    })
    .where('firm_id', '=', firmId)
    .where('id', '=', feeItemId)
    .returningAll()
    .executeTakeFirst();
}

export async function getFeeItem(db: Db, firmId: string, feeItemId: string): Promise<FeeItem | undefined> {
  return db
    .selectFrom('fee_items')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('id', '=', feeItemId)
    .executeTakeFirst();
}

export async function getFeeItems(db: Db, firmId: string, ids: readonly string[]): Promise<FeeItem[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('fee_items').selectAll().where('firm_id', '=', firmId).where('id', 'in', ids).execute();
}

export async function listFeeItems(
  db: Db,
  firmId: string,
  cursor: string | undefined,
  limit: number,
): Promise<Page<FeeItem>> {
  let query = db.selectFrom('fee_items').selectAll().where('firm_id', '=', firmId);
  if (cursor) query = query.where('id', '>', cursor);
  return page(
    await query
      .orderBy('id')
      .limit(limit + 1)
      .execute(),
    limit,
  );
}

export function feeItemSnapshot(
  row: Pick<FeeItem, 'id' | 'name' | 'description' | 'unit_price_cents'>,
): FeeItemSnapshot {
  return { id: row.id, name: row.name, description: row.description, unitPriceCents: row.unit_price_cents };
}

export async function allFeeItems(db: Db, firmId: string): Promise<FeeItem[]> {
  return db.selectFrom('fee_items').selectAll().where('firm_id', '=', firmId).orderBy('id').execute();
}
