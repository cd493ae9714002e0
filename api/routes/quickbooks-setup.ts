import type { Db } from '../../db/database.js';
import { getConnection } from '../../db/queries/connections.js';
import { getFirm, setActive, setSubscribed, updateFirmSettings } from '../../db/queries/firms.js';
import type { Firm } from '../../db/schema.js';
import { conflict } from '../http-errors.js';
import { ALL_ROLES, firmOf } from '../plugins/auth.js';
import { startReconciler } from '../../temporal/reconcile.js';
import type { RoutesWithTemporal } from '../route-types.js';
import { requireEarlierSteps } from '../services/setup-order.js';
import { authErrors, errorResponse } from '../schemas/common.js';
import { settingsBody, settingsOut, statusOut } from '../schemas/quickbooks.js';

async function status(db: Db, firmId: string) {
  const firm = (await getFirm(db, firmId))!;
  const connection = await getConnection(db, firmId);
  return {
    subscribed: firm.subscribed,
    syncModel: firm.sync_model,
    connection: connection
      ? {
          status: connection.status,
          realmId: connection.realm_id,
          companyName: connection.company_name,
          connectedAt: connection.connected_at.toISOString(),
        }
      : null,
    active: firm.active,
    activatedAt: firm.activated_at?.toISOString() ?? null,
    unmappedPolicy: firm.unmapped_policy,
    autoSync: firm.auto_sync,
    updateLinkedRecords: firm.update_linked_records,
  };
}

const settingsOf = (firm: Firm) => ({
  syncModel: firm.sync_model,
  unmappedPolicy: firm.unmapped_policy,
  autoSync: firm.auto_sync,
  updateLinkedRecords: firm.update_linked_records,
});

const withStatus = { 200: statusOut, ...authErrors, 409: errorResponse } as const;

/** Subscription, sync model and activation: the firm super user's setup, admin only (status for anyone). */
export const quickbooksSetupRoutes: RoutesWithTemporal = async (app, { db, temporal }) => {
  app.get(
    '/v1/quickbooks/status',
    {
      schema: {
        summary: 'Where the firm is in its QuickBooks setup',
        tags: ['quickbooks setup'],
        response: { 200: statusOut, ...authErrors },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request) => status(db, firmOf(request)),
  );

  app.post(
    '/v1/quickbooks/subscription',
    {
      schema: { summary: 'Subscribe to QuickBooks sync', tags: ['quickbooks setup'], response: withStatus },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      await setSubscribed(db, firmOf(request), true);
      return status(db, firmOf(request));
    },
  );

  app.delete(
    '/v1/quickbooks/subscription',
    {
      schema: {
        summary: 'Unsubscribe: sync stops, nothing is deleted',
        tags: ['quickbooks setup'],
        response: withStatus,
      },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      await setSubscribed(db, firmOf(request), false);
      return status(db, firmOf(request));
    },
  );

  app.put(
    '/v1/quickbooks/settings',
    {
      schema: {
        summary: 'Choose the sync model and sync preferences',
        tags: ['quickbooks setup'],
        body: settingsBody,
        response: { 200: settingsOut, ...authErrors, 409: errorResponse },
      },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      const firmId = firmOf(request);
      const firm = (await getFirm(db, firmId))!;
      const { syncModel } = request.body;
      if (syncModel !== undefined) await requireEarlierSteps(db, firmId, 'choose_model');
      if (syncModel !== undefined && syncModel !== firm.sync_model && firm.active) {
        throw conflict('sync_active', 'The sync model can only change while sync is not active; deactivate first');
      }
      return settingsOf(await updateFirmSettings(db, firmId, { ...request.body, syncModel: syncModel }));
    },
  );

  app.post(
    '/v1/quickbooks/activate',
    {
      schema: {
        summary: 'Start syncing: invoices created from now on are eligible',
        tags: ['quickbooks setup'],
        response: withStatus,
      },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      const firmId = firmOf(request);
      await requireEarlierSteps(db, firmId, 'activate');
      await setActive(db, firmId, true);
      const current = await status(db, firmId);
      // Model 2: payments received in QuickBooks start flowing back now.
      if (current.syncModel === 2) await startReconciler(temporal, firmId);
      return status(db, firmId);
    },
  );

  app.post(
    '/v1/quickbooks/deactivate',
    {
      schema: { summary: 'Pause syncing', tags: ['quickbooks setup'], response: withStatus },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      await setActive(db, firmOf(request), false);
      return status(db, firmOf(request));
    },
  );
};
