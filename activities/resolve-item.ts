import { feeItemSnapshot, getFeeItem } from '../db/queries/fee-items.js';
import { FEE_ITEM } from '../domain/mapped-kinds.js';
import type { QboClient } from '../quickbooks/client.js';
import { ITEM_NAME_MAX, itemName, toQboItem } from '../quickbooks/mappers.js';
import type { Ref } from '../quickbooks/wire-types.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import type { Resolution, ActivityInput } from '../workflows/types.js';
import { qboNameSteps } from './find-or-create.js';
import { resolveMapped } from './resolve-mapped.js';

/** Legal fees are services: they post to an active Income account, "Services" when the company has one. */
async function incomeAccount(qbo: QboClient): Promise<Ref> {
  const accounts = await qbo.query(
    'Account',
    "SELECT * FROM Account WHERE AccountType = 'Income' AND Active = true ORDERBY Id",
  );
  const account = accounts.find((a) => a.Name === 'Services') ?? accounts[0];
  if (!account)
    throw billingDataFailure(
      'no_income_account',
      'The QuickBooks company has no active Income account',
      'Add an Income account in QuickBooks and sync again.',
    );
  return { value: account.Id, name: account.Name };
}

export function resolveItemActivities(deps: ActivityDeps) {
  return {
    async resolveItem(input: ActivityInput<'resolveItem'>): Promise<Resolution> {
      const { firmId, feeItemId } = input;
      return withQboFailures(async () => {
        const row = await getFeeItem(deps.db, firmId, feeItemId);
        if (!row)
          throw billingDataFailure(
            'fee_item_missing',
            `Fee item ${feeItemId} no longer exists`,
            'Remove the line or choose another fee item.',
          );
        const feeItem = feeItemSnapshot(row);
        const name = itemName(feeItem);
        return resolveMapped(deps, {
          firmId,
          localId: feeItemId,
          kind: FEE_ITEM,
          name,
          steps: (qbo) =>
            qboNameSteps(qbo, {
              entity: 'Item',
              firmId,
              localId: feeItemId,
              baseName: name,
              maxLength: ITEM_NAME_MAX,
              fields: async (candidate) => ({ ...toQboItem(feeItem, await incomeAccount(qbo)), Name: candidate }),
              // A service item carries no party: one with the fee item's name is the fee item.
              sameParty: () => true,
            }),
        });
      });
    },
  };
}
