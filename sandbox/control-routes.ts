import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EntityName } from '../quickbooks/wire-types.js';
import { InvalidJson } from './body.js';
import { present, syncTokenOf } from './entity-service.js';
import { FAULT_MODES, type FaultMode, type FaultRule } from './fault-injection.js';
import { QboFault, objectNotFound, validation } from './faults.js';
import { Decimal, dec, wire } from './money.js';
import { DEFAULT_PREFERENCES, InvalidPreference, withPreferences, type RealmPreferences } from './preferences.js';
import type { SandboxState } from './state.js';
import type { Limits } from './throttle.js';
import { entityFromName, type Json, type Realm, type Row } from './store.js';

type Body = Record<string, unknown>;

function bodyOf(raw: unknown): Body {
  if (raw instanceof InvalidJson || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  return raw as Body;
}

/**
 * Test controls under /__sandbox: what a bookkeeper does in QBO's own screens, plus knobs for faults,
 * limits, token expiry, webhooks and each company's preferences. None of it counts as data-API traffic.
 */
export function registerControlRoutes(app: FastifyInstance, state: SandboxState): void {
  const realmOr404 = (realmId: string, reply: FastifyReply): Realm | undefined => {
    const realm = state.realms.get(realmId);
    if (!realm) void reply.code(404).send({ error: 'not_found', message: `No realm ${realmId}` });
    return realm;
  };

  /** Bookkeeper actions obey the same rules as the API; a rule failure answers with QBO's fault body. */
  const asBookkeeper = (reply: FastifyReply, status: number, fn: () => Json): FastifyReply => {
    try {
      return reply.code(status).send(fn());
    } catch (e) {
      if (e instanceof QboFault) return reply.code(e.status).send(e.body(state.now()));
      throw e;
    }
  };

  /** A bookkeeper acting on one stored record, `:realmId/:entity/:id`; a missing record is QBO's 610. */
  const onRecord = (
    req: FastifyRequest,
    reply: FastifyReply,
    act: (realm: Realm, name: EntityName, row: Row) => Json,
  ): FastifyReply => {
    const { realmId, entity, id } = req.params as { realmId: string; entity: string; id: string };
    const realm = realmOr404(realmId, reply);
    if (!realm) return reply;
    const name = entityFromName(entity);
    if (!name) return reply.code(400).send({ error: 'unknown_entity', message: `Unknown entity ${entity}` });
    return asBookkeeper(reply, 200, () => {
      const row = realm.get(name, id);
      if (!row) throw objectNotFound('Id');
      return act(realm, name, row);
    });
  };

  /** A body's preferences applied to `current`, or a 400 sent and undefined. */
  const preferencesFrom = (
    reply: FastifyReply,
    current: RealmPreferences,
    body: Body,
  ): RealmPreferences | undefined => {
    try {
      return withPreferences(current, body);
    } catch (e) {
      if (!(e instanceof InvalidPreference)) throw e;
      void reply.code(400).send({ error: 'invalid_preference', message: e.message });
      return undefined;
    }
  };

  app.post('/__sandbox/realms', async (req, reply) => {
    const b = bodyOf(req.body);
    const preferences = preferencesFrom(reply, DEFAULT_PREFERENCES, b);
    if (!preferences) return reply;
    const realm = state.createRealm(
      typeof b['companyName'] === 'string' && b['companyName'] !== '' ? b['companyName'] : undefined,
      preferences,
    );
    return reply
      .code(201)
      .send({ realmId: realm.realmId, companyName: realm.companyName, preferences: realm.preferences });
  });

  app.get('/__sandbox/realms/:realmId/preferences', async (req, reply) => {
    const realm = realmOr404((req.params as { realmId: string }).realmId, reply);
    return realm ? realm.preferences : reply;
  });

  /** Changes only the preferences the body names; the realm keeps its data and the requestids it remembers. */
  app.put('/__sandbox/realms/:realmId/preferences', async (req, reply) => {
    const realm = realmOr404((req.params as { realmId: string }).realmId, reply);
    if (!realm) return reply;
    const preferences = preferencesFrom(reply, realm.preferences, bodyOf(req.body));
    if (!preferences) return reply;
    realm.preferences = preferences;
    return preferences;
  });

  app.get('/__sandbox/realms', async () =>
    state.realms.list().map((r) => ({ realmId: r.realmId, companyName: r.companyName })),
  );

  app.get('/__sandbox/realms/:realmId/:entity', async (req, reply) => {
    const { realmId, entity } = req.params as { realmId: string; entity: string };
    const realm = realmOr404(realmId, reply);
    if (!realm) return reply;
    const name = entityFromName(entity);
    if (!name) return reply.code(400).send({ error: 'unknown_entity', message: `Unknown entity ${entity}` });
    return realm.all(name).map(present);
  });

  app.post('/__sandbox/realms/:realmId/receive-payment', async (req, reply) => {
    const { realmId } = req.params as { realmId: string };
    const realm = realmOr404(realmId, reply);
    if (!realm) return reply;
    const b = bodyOf(req.body);
    return asBookkeeper(reply, 201, () => {
      const invoice = realm.get('Invoice', String(b['invoiceId'] ?? ''));
      if (!invoice) throw objectNotFound('invoiceId');
      const balance = dec(invoice.body['Balance'] ?? 0, 'Balance');
      const amount = b['amount'] === undefined ? balance : dec(b['amount'], 'amount');
      const applied = Decimal.min(amount, balance);
      const input: Json = {
        CustomerRef: { value: (invoice.body['CustomerRef'] as Json)['value'] },
        TotalAmt: wire(amount),
        Line: applied.greaterThan(0)
          ? [{ Amount: wire(applied), LinkedTxn: [{ TxnId: invoice.id, TxnType: 'Invoice' }] }]
          : [],
      };
      if (typeof b['txnDate'] === 'string') input['TxnDate'] = b['txnDate'];
      if (typeof b['reference'] === 'string') input['PaymentRefNum'] = b['reference'];
      if (typeof b['privateNote'] === 'string') input['PrivateNote'] = b['privateNote'];
      if (typeof b['paymentMethodId'] === 'string') input['PaymentMethodRef'] = { value: b['paymentMethodId'] };
      const row = state.entities.create(state.context(realm), 'Payment', input);
      if (b['deposited'] === true) realm.deposited.add(row.id);
      return present(row);
    });
  });

  app.post('/__sandbox/realms/:realmId/:entity', async (req, reply) => {
    const { realmId, entity } = req.params as { realmId: string; entity: string };
    const realm = realmOr404(realmId, reply);
    if (!realm) return reply;
    const name = entityFromName(entity);
    if (!name || name === 'CompanyInfo')
      return reply.code(400).send({ error: 'unknown_entity', message: `Cannot create ${entity}` });
    return asBookkeeper(reply, 201, () => present(state.entities.create(state.context(realm), name, bodyOf(req.body))));
  });

  /** A bookkeeper edits a record in QBO's screens: a sparse change that moves the SyncToken under the product. */
  app.post('/__sandbox/realms/:realmId/:entity/:id', async (req, reply) =>
    onRecord(req, reply, (realm, name, row) => {
      const input = { ...bodyOf(req.body), Id: row.id, SyncToken: syncTokenOf(row), sparse: true };
      return present(state.entities.update(state.context(realm), name, input));
    }),
  );

  app.post('/__sandbox/realms/:realmId/:entity/:id/:action', async (req, reply) =>
    onRecord(req, reply, (realm, name, row) => {
      const { action } = req.params as { action: string };
      const target = { Id: row.id, SyncToken: syncTokenOf(row) };
      const ctx = state.context(realm);
      if (action === 'void') return present(state.entities.void(ctx, name, target));
      if (action === 'delete') return state.entities.remove(ctx, name, target);
      if (action === 'deposit' && name === 'Payment') {
        realm.deposited.add(row.id);
        return present(row);
      }
      throw validation('500', 'Unsupported Operation', `Unknown action ${action}`);
    }),
  );

  app.post('/__sandbox/reset', async () => {
    state.reset();
    return { ok: true };
  });

  app.get('/__sandbox/stats', async () => state.stats.toJSON());

  app.get('/__sandbox/requests', async (req) =>
    state.requests.list((req.query as Record<string, string | undefined>)['realmId']),
  );

  app.post('/__sandbox/faults', async (req, reply) => {
    const b = bodyOf(req.body);
    const mode = b['mode'];
    if (typeof mode !== 'string' || !FAULT_MODES.includes(mode as FaultMode)) {
      return reply.code(400).send({ error: 'invalid_fault', message: `mode must be one of ${FAULT_MODES.join(', ')}` });
    }
    const num = (k: string): number | undefined => (typeof b[k] === 'number' ? (b[k] as number) : undefined);
    const str = (k: string): string | undefined =>
      typeof b[k] === 'string' && b[k] !== '' ? (b[k] as string) : undefined;
    const nth = b['nth'];
    if (nth !== undefined && (typeof nth !== 'number' || !Number.isInteger(nth) || nth < 1))
      return reply.code(400).send({ error: 'invalid_fault', message: 'nth counts operations from 1' });
    const rule: FaultRule = { mode: mode as FaultMode };
    const fields: Array<[keyof FaultRule, unknown]> = [
      ['method', str('method')],
      ['pathContains', str('pathContains')],
      ['realmId', str('realmId')],
      ['count', num('count')],
      ['rate', num('rate')],
      ['delayMs', num('delayMs')],
      ['nth', num('nth')],
      ['docNumber', str('docNumber')],
      ['entity', str('entity')],
      ['operation', str('operation')],
      ['code', typeof b['code'] === 'number' ? String(b['code']) : str('code')],
      ['message', str('message')],
      ['detail', str('detail')],
      ['element', str('element')],
    ];
    for (const [k, v] of fields) if (v !== undefined) (rule as unknown as Record<string, unknown>)[k] = v;
    state.faults.add(rule);
    return reply.code(201).send({ faults: state.faults.list() });
  });

  app.get('/__sandbox/faults', async () => ({ faults: state.faults.list() }));

  app.delete('/__sandbox/faults', async () => {
    state.faults.clear();
    return { faults: [] };
  });

  const webhookSettings = (): Json => {
    const s = state.webhooks.settings;
    return { url: s.url ?? null, format: s.format, dropRate: s.dropRate, duplicateRate: s.duplicateRate };
  };

  app.post('/__sandbox/webhooks', async (req, reply) => {
    const b = bodyOf(req.body);
    const s = state.webhooks.settings;
    if (typeof b['url'] === 'string' || b['url'] === null) s.url = (b['url'] as string | null) || undefined;
    if (typeof b['verifierToken'] === 'string') s.verifierToken = b['verifierToken'];
    if (b['format'] === 'classic' || b['format'] === 'cloudevents') s.format = b['format'];
    else if (b['format'] !== undefined)
      return reply.code(400).send({ error: 'invalid_format', message: 'format is classic or cloudevents' });
    if (typeof b['dropRate'] === 'number') s.dropRate = b['dropRate'];
    if (typeof b['duplicateRate'] === 'number') s.duplicateRate = b['duplicateRate'];
    return webhookSettings();
  });

  app.get('/__sandbox/webhooks', async () => ({ ...webhookSettings(), deliveries: state.webhooks.list() }));

  const limits = (): Json => ({
    perMinute: state.throttle.perMinute,
    concurrent: state.throttle.concurrent,
    batchPerMinute: state.throttle.batchPerMinute,
  });

  app.post('/__sandbox/limits', async (req) => {
    const b = bodyOf(req.body);
    if (typeof b['perMinute'] === 'number' && b['perMinute'] >= 0) state.throttle.perMinute = b['perMinute'];
    if (typeof b['concurrent'] === 'number' && b['concurrent'] >= 0) state.throttle.concurrent = b['concurrent'];
    if (typeof b['batchPerMinute'] === 'number' && b['batchPerMinute'] >= 0)
      state.throttle.batchPerMinute = b['batchPerMinute'];
    state.throttle.reset();
    return limits();
  });

  app.get('/__sandbox/limits', async () => limits());

  /**
   * A company's own limits, below the sandbox's: what a company leaves an app when another app uses the rest
   * (half the rate, fewer requests at once). A limit given as null follows the sandbox's again.
   */
  app.put('/__sandbox/realms/:realmId/limits', async (req, reply) => {
    const { realmId } = req.params as { realmId: string };
    if (!realmOr404(realmId, reply)) return reply;
    const b = bodyOf(req.body);
    const own: Partial<Limits> = {};
    for (const field of ['perMinute', 'concurrent', 'batchPerMinute'] as const) {
      const value = b[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        return reply.code(400).send({ error: 'invalid_limit', message: `${field} must be a non-negative integer` });
      own[field] = value;
    }
    state.throttle.setRealmLimits(realmId, own);
    return state.throttle.limitsOf(realmId);
  });

  app.get('/__sandbox/realms/:realmId/limits', async (req, reply) => {
    const { realmId } = req.params as { realmId: string };
    return realmOr404(realmId, reply) ? state.throttle.limitsOf(realmId) : reply;
  });

  app.get('/__sandbox/realms/:realmId/grants', async (req) =>
    state.tokens.grantsOf((req.params as { realmId: string }).realmId),
  );

  app.post('/__sandbox/tokens/expire', async (req) => {
    const realmId = bodyOf(req.body)['realmId'];
    const expired = state.tokens.expireAccessTokens(typeof realmId === 'string' ? realmId : undefined, state.now());
    return { expired };
  });
}
