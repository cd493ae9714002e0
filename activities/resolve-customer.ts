import { getPayer, payerSnapshot } from '../db/queries/payers.js';
import { couldBeSameParty } from '../domain/matching.js';
import { QboError } from '../quickbooks/errors.js';
import { CUSTOMER_NAME_MAX, customerDisplayName, toQboCustomer } from '../quickbooks/mappers.js';
import { findByNameIncludingInactive } from '../quickbooks/query.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import type { Resolution } from './find-or-create.js';
import { resolveMapped } from './resolve-mapped.js';

export function resolveCustomerActivities(deps: ActivityDeps) {
  return {
    async resolveCustomer(input: { firmId: string; payerId: string }): Promise<Resolution> {
      const { firmId, payerId } = input;
      return withQboFailures(async () => {
        const row = await getPayer(deps.db, firmId, payerId);
        if (!row) throw billingDataFailure('payer_missing', `Payer ${payerId} no longer exists`, 'Choose another payer for the invoice.');
        const payer = payerSnapshot(row);
        const name = customerDisplayName(payer);
        if (!name) throw billingDataFailure('payer_unnamed', 'The payer has no name to use in QuickBooks', 'Give the payer a name (or company name) and sync again.');
        return resolveMapped(deps, {
          firmId,
          localId: payerId,
          table: 'payer_mappings',
          labels: { local: 'Payer', qbo: 'customer' },
          name,
          steps: (qbo) => ({
            kind: 'customer',
            baseName: name,
            maxLength: CUSTOMER_NAME_MAX,
            find: (candidate) => qbo.query('Customer', findByNameIncludingInactive('Customer', 'DisplayName', candidate)),
            readById: (id) => qbo.read('Customer', id).catch((error: unknown) => (error instanceof QboError && error.kind === 'not_found' ? undefined : Promise.reject(error))),
            sameParty: (existing) => couldBeSameParty(payer, existing.PrimaryEmailAddr?.Address),
            reactivate: (existing) =>
              qbo.update('Customer', { Id: existing.Id, SyncToken: existing.SyncToken, sparse: true, Active: true }, requestIdFor({ firmId, entity: 'customer', localId: payerId, operation: 'update', revision: Number(existing.SyncToken) })),
            create: (candidate, attempt) =>
              qbo.create('Customer', { ...toQboCustomer(payer), DisplayName: candidate }, requestIdFor({ firmId, entity: 'customer', localId: payerId, operation: 'create', revision: attempt })),
          }),
        });
      });
    },
  };
}
