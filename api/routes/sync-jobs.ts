import { syncableInvoices } from '../../db/queries/invoices.js';
import { createSyncJob, getJobProgress } from '../../db/queries/sync-jobs.js';
import type { QuickBooksAccess } from '../../qbo-connection/quickbooks-access.js';
import type { TemporalAccess } from '../../temporal/client.js';
import { startSyncJob } from '../../temporal/sync-jobs.js';
import { badRequest, conflict, notFound } from '../http-errors.js';
import { firmOf, WRITERS } from '../plugins/auth.js';
import type { RoutesWithDb } from '../route-types.js';
import { dryRunSyncJob } from '../services/preflight.js';
import { syncBlocker } from '../services/sync-eligibility.js';
import { authErrors, errorResponse, idParams } from '../schemas/common.js';
import { MAX_JOB_INVOICES, syncJobBody, syncJobDryRunOut, syncJobOut, syncJobStartedOut } from '../schemas/sync.js';

/**
 * Bulk "Sync to QuickBooks": a durable job workflow drives each invoice's own workflow. A dry run first
 * tells billing staff what would fail, reading QuickBooks but writing nothing.
 */
export const syncJobRoutes: RoutesWithDb<{ temporal: TemporalAccess; quickbooks: QuickBooksAccess }> = async (
  app,
  { db, temporal, quickbooks },
) => {
  app.post(
    '/v1/sync-jobs',
    {
      schema: {
        summary: 'Sync many invoices (at most 10,000 listed, or all that need it)',
        tags: ['sync'],
        body: syncJobBody,
        response: { 200: syncJobDryRunOut, 202: syncJobStartedOut, ...authErrors, 409: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request, reply) => {
      const firmId = firmOf(request);
      const body = request.body;
      if (body.dryRun) {
        const selection = body.invoiceIds ? { invoiceIds: body.invoiceIds } : { all: true as const };
        return reply.status(200).send(await dryRunSyncJob({ db, quickbooks }, firmId, selection));
      }
      const blocker = await syncBlocker(db, firmId);
      if (blocker) throw blocker;
      let invoiceIds: string[];
      if (body.invoiceIds) {
        const syncable = new Set((await syncableInvoices(db, firmId, body.invoiceIds)).map((i) => i.id));
        const refused = body.invoiceIds.findIndex((id) => !syncable.has(id));
        if (refused >= 0)
          throw badRequest(
            `invoiceIds.${refused}`,
            'No such invoice, or it cannot be synced (created before activation, or void and never posted)',
          );
        invoiceIds = body.invoiceIds;
      } else {
        invoiceIds = (await syncableInvoices(db, firmId)).filter((i) => i.action).map((i) => i.id);
      }
      if (invoiceIds.length > MAX_JOB_INVOICES)
        throw conflict(
          'too_many',
          `A job takes at most ${MAX_JOB_INVOICES} invoices; ${invoiceIds.length} need syncing`,
        );
      const job = await createSyncJob(db, firmId, invoiceIds);
      await startSyncJob(temporal, firmId, job.id);
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/v1/sync-jobs/:id',
    {
      schema: {
        summary: "A bulk job's progress",
        tags: ['sync'],
        params: idParams,
        response: { 200: syncJobOut, ...authErrors },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const progress = await getJobProgress(db, firmOf(request), request.params.id);
      if (!progress) throw notFound('Sync job');
      return progress;
    },
  );
};
