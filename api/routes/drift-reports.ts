import {
  beginDriftReport,
  failDriftReport,
  getDriftFinding,
  latestDriftReport,
} from '../../db/queries/drift-reports.js';
import { DRIFT_KINDS } from '../../domain/drift.js';
import { getDriftSchedule, setDriftSchedule, startDriftReport } from '../../temporal/drift-reports.js';
import { ApiError, badRequest, conflict, notFound } from '../http-errors.js';
import { firmOf, WRITERS } from '../plugins/auth.js';
import type { RoutesWithTemporal } from '../route-types.js';
import { authErrors, errorResponse } from '../schemas/common.js';
import {
  driftFindingOut,
  driftFixBody,
  driftFixParams,
  driftReportStartedOut,
  driftScheduleBody,
  driftScheduleOut,
  latestDriftReportOut,
} from '../schemas/drift-reports.js';
import { applyDriftFix } from '../services/drift-fixes.js';
import { syncBlocker } from '../services/sync-eligibility.js';

const presentFinding = (f: NonNullable<Awaited<ReturnType<typeof getDriftFinding>>>) => ({
  id: f.id,
  kind: f.kind,
  entityType: f.entityType,
  entityId: f.entityId,
  label: f.label,
  qboId: f.qboId,
  field: f.field,
  billingValue: f.billingValue,
  quickbooksValue: f.quickbooksValue,
  fixes: f.fixes,
  fixedAt: f.fixedAt?.toISOString() ?? null,
  fixedWith: f.fixedWith,
});

/** The drift report: what differs between billing and QuickBooks, and the fixes for it. */
export const driftReportRoutes: RoutesWithTemporal = async (app, { db, temporal }) => {
  app.post(
    '/v1/drift-reports',
    {
      schema: {
        summary: 'Compare billing with QuickBooks now',
        description:
          'Starts a drift report (202 with its id); while one is running for the firm, answers with that one. 409 when sync is not active or QuickBooks not connected.',
        tags: ['drift'],
        response: { 202: driftReportStartedOut, ...authErrors, 409: errorResponse, 503: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request, reply) => {
      const firmId = firmOf(request);
      const blocker = await syncBlocker(db, firmId);
      if (blocker) throw blocker;
      const begun = await beginDriftReport(db, firmId);
      if (begun.started)
        await startDriftReport(temporal, firmId, begun.id).catch(async (error: unknown) => {
          // A report whose workflow never started must not hold the firm's one running slot.
          await failDriftReport(db, begun.id, (error as Error).message);
          throw new ApiError(
            503,
            'temporal_unavailable',
            `Could not reach the workflow service: ${(error as Error).message}`,
          );
        });
      return reply.status(202).send({ id: begun.id });
    },
  );

  app.get(
    '/v1/drift-reports/latest',
    {
      schema: {
        summary:
          'The latest drift report: counts by kind and the findings, grouped by kind, with both values and their fixes',
        tags: ['drift'],
        response: { 200: latestDriftReportOut, ...authErrors },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const latest = await latestDriftReport(db, firmOf(request));
      if (!latest) return { report: null };
      const { report, findings } = latest;
      const groups = DRIFT_KINDS.map((kind) => findings.filter((f) => f.kind === kind))
        .filter((group) => group.length > 0)
        .map((group) => ({
          kind: group[0]!.kind,
          open: group.filter((f) => !f.fixedAt).length,
          findings: group.map(presentFinding),
        }));
      return {
        report: {
          id: report.id,
          status: report.status,
          startedAt: report.startedAt.toISOString(),
          finishedAt: report.finishedAt?.toISOString() ?? null,
          fullRead: report.fullRead,
          checked: report.checked,
          counts: report.counts,
          error: report.error,
          groups,
        },
      };
    },
  );

  app.post(
    '/v1/drift-reports/findings/:id/fix',
    {
      schema: {
        summary: "Apply one of a finding's fixes",
        description:
          "`overwrite`: QuickBooks from billing (Sync Again, post a payment again, update the customer or item); `recreate`: create the invoice QuickBooks lost; `accept`: take QuickBooks' side (its void, a customer's email). Waits up to 10 s for an invoice's sync.",
        tags: ['drift'],
        params: driftFixParams,
        body: driftFixBody,
        response: { 200: driftFindingOut, ...authErrors, 409: errorResponse, 503: errorResponse },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const firmId = firmOf(request);
      const finding = await getDriftFinding(db, firmId, request.params.id);
      if (!finding) throw notFound('Finding');
      const { action } = request.body;
      if (!finding.fixes.includes(action))
        throw badRequest(
          'action',
          finding.fixes.length
            ? `This finding's fixes are: ${finding.fixes.join(', ')}`
            : 'This finding has no fix here; settle it in QuickBooks',
        );
      if (finding.fixedAt) throw conflict('already_fixed', 'This finding was fixed already');
      const blocker = await syncBlocker(db, firmId);
      if (blocker) throw blocker;
      await applyDriftFix(db, temporal, firmId, finding, action);
      return { finding: presentFinding((await getDriftFinding(db, firmId, finding.id))!) };
    },
  );

  app.get(
    '/v1/drift-reports/schedule',
    {
      schema: {
        summary: 'How often drift reports run by themselves (null: never)',
        tags: ['drift'],
        response: { 200: driftScheduleOut, ...authErrors },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => ({ everyHours: await getDriftSchedule(temporal, firmOf(request)) }),
  );

  app.put(
    '/v1/drift-reports/schedule',
    {
      schema: {
        summary: 'Run drift reports every 1 to 168 hours, or never (null, the default)',
        tags: ['drift'],
        body: driftScheduleBody,
        response: { 200: driftScheduleOut, ...authErrors },
      },
      onRequest: app.allow(...WRITERS),
    },
    async (request) => {
      const firmId = firmOf(request);
      await setDriftSchedule(temporal, firmId, request.body.everyHours);
      return { everyHours: request.body.everyHours };
    },
  );
};
