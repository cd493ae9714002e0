import type { Db } from '../database.js';
import type { MappingSource } from '../schema.js';

export async function getPayerMapping(db: Db, firmId: string, payerId: string): Promise<{ qboCustomerId: string } | undefined> {
  const row = await db.selectFrom('payer_mappings').select('qbo_customer_id').where('firm_id', '=', firmId).where('payer_id', '=', payerId).executeTakeFirst();
  return row && { qboCustomerId: row.qbo_customer_id };
}

export async function savePayerMapping(db: Db, firmId: string, payerId: string, qboCustomerId: string, displayName: string | null, source: MappingSource): Promise<void> {
  await db
    .insertInto('payer_mappings')
    .values({ firm_id: firmId, payer_id: payerId, qbo_customer_id: qboCustomerId, qbo_display_name: displayName, source })
    .onConflict((oc) => oc.column('payer_id').doUpdateSet({ qbo_customer_id: qboCustomerId, qbo_display_name: displayName, source }))
    .execute();
}

export async function getFeeItemMapping(db: Db, firmId: string, feeItemId: string): Promise<{ qboItemId: string } | undefined> {
  const row = await db.selectFrom('fee_item_mappings').select('qbo_item_id').where('firm_id', '=', firmId).where('fee_item_id', '=', feeItemId).executeTakeFirst();
  return row && { qboItemId: row.qbo_item_id };
}

export async function saveFeeItemMapping(db: Db, firmId: string, feeItemId: string, qboItemId: string, name: string | null, source: MappingSource): Promise<void> {
  await db
    .insertInto('fee_item_mappings')
    .values({ firm_id: firmId, fee_item_id: feeItemId, qbo_item_id: qboItemId, qbo_name: name, source })
    .onConflict((oc) => oc.column('fee_item_id').doUpdateSet({ qbo_item_id: qboItemId, qbo_name: name, source }))
    .execute();
}
