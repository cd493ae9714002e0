import { getPayerMapping, savePayerMapping } from '../db/queries/mappings.js';
import { getPayer, payerSnapshot } from '../db/queries/payers.js';
import { customerDisplayName, toQboCustomer } from '../quickbooks/mappers.js';
import { findByNameIncludingInactive } from '../quickbooks/query.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import { describeResolution, findOrCreate, type Resolved } from './find-or-create.js';
import { qboFor } from './qbo-session.js';
import { logStep } from './sync-log-writer.js';

export function resolveCustomerActivities(deps: ActivityDeps) {
  return {
    async resolveCustomer(input: { firmId: string; payerId: string }): Promise<Resolved> {
      const { firmId, payerId } = input;
      return withQboFailures(async () => {
        const row = await getPayer(deps.db, firmId, payerId);
        if (!row) throw billingDataFailure('payer_missing', `Payer ${payerId} no longer exists`, 'Choose another payer for the invoice.');
        const payer = payerSnapshot(row);
        const name = customerDisplayName(payer);
        if (!name) throw billingDataFailure('payer_unnamed', 'The payer has no name to use in QuickBooks', 'Give the payer a name (or company name) and sync again.');
        const qbo = await qboFor(deps, firmId);
        const resolved = await findOrCreate({
          mapped: async () => (await getPayerMapping(deps.db, firmId, payerId))?.qboCustomerId,
          findByName: () => qbo.query('Customer', findByNameIncludingInactive('Customer', 'DisplayName', name)),
          reactivate: (found) =>
            qbo.update('Customer', { Id: found.Id, SyncToken: found.SyncToken, sparse: true, Active: true }, requestIdFor({ firmId, entity: 'customer', localId: payerId, operation: 'update', revision: Number(found.SyncToken) })),
          create: () => qbo.create('Customer', toQboCustomer(payer), requestIdFor({ firmId, entity: 'customer', localId: payerId, operation: 'create' })),
          remember: (qboId, source) => savePayerMapping(deps.db, firmId, payerId, qboId, name, source),
        });
        await logStep(deps.db, { firmId, action: `customer_${resolved.via}`, entityType: 'customer', entityId: payerId, message: describeResolution('Payer', 'customer', resolved, name), qboId: resolved.qboId });
        return { qboId: resolved.qboId, via: resolved.via };
      });
    },
  };
}
