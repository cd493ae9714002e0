import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { model2FirmsForRealm } from '../../db/queries/connections.js';
import { recordWebhookEvents } from '../../db/queries/webhook-events.js';
import { parseWebhook, verifySignature, WebhookFormatError, type WebhookEvent } from '../../quickbooks/webhooks.js';
import type { TemporalAccess } from '../../temporal/client.js';
import { notifyReconciler } from '../../temporal/reconcile.js';
import type { QboChange } from '../../workflows/types.js';
import { ApiError, badRequest } from '../http-errors.js';
import type { RoutesWithDb } from '../route-types.js';
import { errorResponse } from '../schemas/common.js';

// Intuit sets no size limit and may batch up to five minutes of a company's changes into one delivery.
const BODY_LIMIT = 16 * 1024 * 1024;

const acknowledged = {
  type: 'object',
  required: ['received', 'new'],
  properties: {
    received: { type: 'integer', description: 'Events in the delivery' },
    new: { type: 'integer', description: 'Events not seen before, handed to the firms’ reconciliation' },
  },
} as const;

function signatureOf(request: FastifyRequest): string | undefined {
  const header = request.headers['intuit-signature'];
  return typeof header === 'string' ? header : undefined;
}

/** QuickBooks Online's change notifications (classic or CloudEvents), for the Model 2 firms of each company. */
export const webhookRoutes: RoutesWithDb<{ temporal: TemporalAccess; verifierToken: string | undefined }> = async (
  app,
  { db, temporal, verifierToken },
) => {
  // The signature covers the exact bytes Intuit sent, so they are checked here, before anything is parsed.
  // Registered in this plugin's own context: every other route keeps Fastify's JSON parser.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    ['application/json', 'application/cloudevents-batch+json'],
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (request, raw: Buffer, done) => {
      if (!verifierToken) {
        request.log.warn('a QuickBooks webhook arrived but QBO_WEBHOOK_VERIFIER_TOKEN is not set; refused');
        return done(
          new ApiError(401, 'invalid_signature', 'Webhooks cannot be verified: no verifier token is configured'),
        );
      }
      if (!verifySignature(raw, signatureOf(request), verifierToken)) {
        return done(new ApiError(401, 'invalid_signature', 'intuit-signature is missing or does not match the body'));
      }
      try {
        done(null, JSON.parse(raw.toString('utf8')));
      } catch {
        done(new ApiError(400, 'invalid_json', 'The body is not valid JSON'));
      }
    },
  );

  app.post(
    '/v1/webhooks/quickbooks',
    {
      schema: {
        summary:
          "Intuit's webhook: QuickBooks announces changes (classic or CloudEvents format), signed with intuit-signature",
        tags: ['webhooks'],
        security: [],
        headers: {
          type: 'object',
          properties: {
            'intuit-signature': {
              type: 'string',
              description: 'base64 HMAC-SHA256 of the body, keyed by the verifier token',
            },
          },
        },
        body: {
          type: ['object', 'array'],
          description: 'A classic {eventNotifications} object or an array of CloudEvents',
        },
        response: { 200: acknowledged, 400: errorResponse, 401: errorResponse },
      },
    },
    async (request) => {
      const events = parsed(request.body);
      // Stored and announced in one transaction: if Temporal cannot take the signals the events are not kept,
      // so Intuit's retry brings them again instead of being recognised as already handled.
      const fresh = await db.transaction().execute(async (trx) => {
        const stored = await recordWebhookEvents(trx, events);
        await announce(trx, temporal, stored, request.log);
        return stored;
      });
      return { received: events.length, new: fresh.length };
    },
  );
};

function parsed(body: unknown): WebhookEvent[] {
  try {
    return parseWebhook(body);
  } catch (error) {
    if (error instanceof WebhookFormatError) throw badRequest(error.field ?? 'body', error.message);
    throw error;
  }
}

/** Each company's changes go, in one signal, to the reconciliation of every Model 2 firm connected to it. */
async function announce(
  db: Db,
  temporal: TemporalAccess,
  events: WebhookEvent[],
  log: FastifyBaseLogger,
): Promise<void> {
  const byRealm = new Map<string, QboChange[]>();
  for (const { eventKey: _key, ...change } of events) {
    const changes = byRealm.get(change.realmId);
    if (changes) changes.push(change);
    else byRealm.set(change.realmId, [change]);
  }
  await Promise.all(
    [...byRealm].map(async ([realmId, changes]) => {
      const firmIds = await model2FirmsForRealm(db, realmId);
      if (firmIds.length === 0)
        log.info(
          { realmId, changes: changes.length },
          'no active Model 2 firm is connected to this QuickBooks company; its webhook events are kept, not applied',
        );
      await Promise.all(firmIds.map((firmId) => notifyReconciler(temporal, firmId, changes)));
    }),
  );
}
