import { feeItemSnapshot, getFeeItem } from '../db/queries/fee-items.js';
import { getFeeItemMapping, saveFeeItemMapping } from '../db/queries/mappings.js';
import type { QboClient } from '../quickbooks/client.js';
import { itemName, toQboItem } from '../quickbooks/mappers.js';
import { findByNameIncludingInactive } from '../quickbooks/query.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import type { Ref } from '../quickbooks/wire-types.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import { describeResolution, findOrCreate, type Resolved } from './find-or-create.js';
import { qboFor } from './qbo-session.js';
import { logStep } from './sync-log-writer.js';

/** Legal fees are services: they post to an active Income account, "Services" when the company has one. */
async function incomeAccount(qbo: QboClient): Promise<Ref> {
  const accounts = await qbo.query('Account', "SELECT * FROM Account WHERE AccountType = 'Income' AND Active = true ORDERBY Id");
  const account = accounts.find((a) => a.Name === 'Services') ?? accounts[0];
  if (!account) throw billingDataFailure('no_income_account', 'The QuickBooks company has no active Income account', 'Add an Income account in QuickBooks and sync again.');
  return { value: account.Id, name: account.Name };
}

export function resolveItemActivities(deps: ActivityDeps) {
  return {
    async resolveItem(input: { firmId: string; feeItemId: string }): Promise<Resolved> {
      const { firmId, feeItemId } = input;
      return withQboFailures(async () => {
        const row = await getFeeItem(deps.db, firmId, feeItemId);
        if (!row) throw billingDataFailure('fee_item_missing', `Fee item ${feeItemId} no longer exists`, 'Remove the line or choose another fee item.');
        const feeItem = feeItemSnapshot(row);
        const name = itemName(feeItem);
        const qbo = await qboFor(deps, firmId);
        const resolved = await findOrCreate({
          mapped: async () => (await getFeeItemMapping(deps.db, firmId, feeItemId))?.qboItemId,
          findByName: () => qbo.query('Item', findByNameIncludingInactive('Item', 'Name', name)),
          reactivate: (found) =>
            qbo.update('Item', { Id: found.Id, SyncToken: found.SyncToken, sparse: true, Active: true }, requestIdFor({ firmId, entity: 'item', localId: feeItemId, operation: 'update', revision: Number(found.SyncToken) })),
          create: async () => qbo.create('Item', toQboItem(feeItem, await incomeAccount(qbo)), requestIdFor({ firmId, entity: 'item', localId: feeItemId, operation: 'create' })),
          remember: (qboId, source) => saveFeeItemMapping(deps.db, firmId, feeItemId, qboId, name, source),
        });
        await logStep(deps.db, { firmId, action: `item_${resolved.via}`, entityType: 'item', entityId: feeItemId, message: describeResolution('Fee item', 'item', resolved, name), qboId: resolved.qboId });
        return { qboId: resolved.qboId, via: resolved.via };
      });
    },
  };
}
