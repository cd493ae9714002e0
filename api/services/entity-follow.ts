import type { Db } from '../../db/database.js';
import { followedMapping } from '../../db/queries/mappings.js';
import { FEE_ITEM, PAYER } from '../../domain/mapped-kinds.js';
import type { TemporalAccess } from '../../temporal/client.js';
import { requestEntitySync } from '../../temporal/entity-sync.js';
import type { EntityTarget } from '../../workflows/types.js';

/**
 * After billing saved an edit of a payer or fee item: under Model 1, with the firm active and the record
 * mapped in the connected company, its entity workflow brings the QuickBooks record along. Otherwise
 * nothing starts: the edit stays in billing.
 */
export async function followEdit(db: Db, temporal: TemporalAccess, target: EntityTarget): Promise<void> {
  const table = target.kind === 'payer' ? PAYER.table : FEE_ITEM.table;
  if (await followedMapping(db, table, target.firmId, target.localId)) await requestEntitySync(temporal, target);
}
