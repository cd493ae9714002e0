import { getPayer, payerSnapshot } from '../db/queries/payers.js';
import { PAYER } from '../domain/mapped-kinds.js';
import { couldBeSameParty } from '../domain/matching.js';
import { CUSTOMER_NAME_MAX, customerDisplayName, toQboCustomer } from '../quickbooks/mappers.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import type { Resolution, ActivityInput } from '../workflows/types.js';
import { qboNameSteps } from './find-or-create.js';
import { resolveMapped } from './resolve-mapped.js';

export function resolveCustomerActivities(deps: ActivityDeps) {
  return {
    async resolveCustomer(input: ActivityInput<'resolveCustomer'>): Promise<Resolution> {
      const { firmId, payerId } = input;
      return withQboFailures(async () => {
        const row = await getPayer(deps.db, firmId, payerId);
        if (!row)
          throw billingDataFailure(
            'payer_missing',
            `Payer ${payerId} no longer exists`,
            'Choose another payer for the invoice.',
          );
        const payer = payerSnapshot(row);
        const name = customerDisplayName(payer);
        if (!name)
          throw billingDataFailure(
            'payer_unnamed',
            'The payer has no name to use in QuickBooks',
            'Give the payer a name (or company name) and sync again.',
          );
        return resolveMapped(deps, {
          firmId,
          localId: payerId,
          kind: PAYER,
          name,
          steps: (qbo) =>
            qboNameSteps(qbo, {
              entity: 'Customer',
              firmId,
              localId: payerId,
              baseName: name,
              maxLength: CUSTOMER_NAME_MAX,
              fields: async (candidate) => ({ ...toQboCustomer(payer), DisplayName: candidate }),
              sameParty: (existing) => couldBeSameParty(payer, existing.PrimaryEmailAddr?.Address),
            }),
        });
      });
    },
  };
}
