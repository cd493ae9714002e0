import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authFailure } from './auth-faults.js';
import { runBatch } from './batch.js';
import { runCdc } from './cdc.js';
import { responseTime } from './clock.js';
import {
  QboFault,
  authenticationFault,
  queryParserError,
  systemFault,
  throttleXml,
  unsupportedOperation,
} from './faults.js';
import { performRead, performWrite, readableEntity, writableEntity } from './operations.js';
import { runQuery } from './query-engine.js';
import {
  MAX_BATCH_REQUEST_ID_LENGTH,
  MAX_REQUEST_ID_LENGTH,
  checkRequestId,
  remember,
  replayFor,
} from './request-ids.js';
import type { SandboxState } from './state.js';
import type { Json, Realm, Replay } from './store.js';
import { toXml, wantsJson } from './xml.js';

type Params = { realmId: string; entity?: string; id?: string };
type Query = Record<string, string | undefined>;

/** What a data-API handler produces; the pipeline adds `time`, serialises and records it. */
type Work = (realm: Realm) => Json | Promise<Json>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function registerDataRoutes(app: FastifyInstance, state: SandboxState): void {
  /**
   * Every data-API request goes through the same gates QBO's do, in order: counted, authenticated,
   * throttled, (test-injected faults), requestid replay, then the work itself.
   */
  async function pipeline(req: FastifyRequest, reply: FastifyReply, write: boolean, work: Work): Promise<FastifyReply> {
    const { realmId } = req.params as Params;
    const path = req.url.split('?')[0] ?? req.url;
    const q = req.query as Query;
    const segment = path.slice(`/v3/company/${realmId}/`.length).split('/')[0] ?? '';
    state.stats.request(realmId, `${req.method} /${segment.toLowerCase()}`);
    // A batch also uses up the realm's batch rate, and its requestid has a shorter limit.
    const batch = req.method === 'POST' && segment.toLowerCase() === 'batch';
    const maxRequestId = batch ? MAX_BATCH_REQUEST_ID_LENGTH : MAX_REQUEST_ID_LENGTH;
    const json = wantsJson(req.headers.accept);
    const contentType = json ? 'application/json;charset=UTF-8' : 'application/xml;charset=UTF-8';
    const serialize = (payload: Json): string => (json ? JSON.stringify(payload) : toXml(payload));
    const log = (status: number): void =>
      state.requests.add({
        at: new Date(state.now()).toISOString(),
        realmId,
        method: req.method,
        path: path.slice(`/v3/company/${realmId}`.length) || '/',
        query: Object.fromEntries(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string')),
        requestid: q['requestid'] ?? null,
        minorversion: q['minorversion'] ?? null,
        accept: req.headers.accept ?? null,
        contentType: req.headers['content-type'] ?? null,
        status,
      });
    const sendFault = (fault: QboFault): FastifyReply => {
      log(fault.status);
      return reply
        .code(fault.status)
        .type(contentType)
        .send(serialize(fault.body(state.now()) as unknown as Json));
    };
    const sendThrottled = (): FastifyReply => {
      state.stats.throttle(realmId, batch);
      log(429);
      return reply.code(429).type('application/xml').send(throttleXml(state.now()));
    };

    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const denied = state.tokens.check(token, realmId, state.now());
    const realm = state.realms.get(realmId);
    if (denied || !realm) return sendFault(authenticationFault(denied ?? `Token expired: unknown realm ${realmId}`));

    if (!state.throttle.admit(realmId, state.now(), batch)) return sendThrottled();
    let released = false;
    const release = (): void => {
      if (!released) {
        released = true;
        state.throttle.release(realmId);
      }
    };
    reply.raw.once('close', release);
    reply.raw.once('finish', release);
    state.stats.concurrency(realmId, state.throttle.flying(realmId), state.throttle.totalFlying());

    let drop = false;
    for (const f of state.faults.take(req.method, path, realmId)) {
      state.stats.fault(f.mode);
      if (f.mode === 'delay') await sleep(f.delayMs ?? 1000);
      else if (f.mode === 'error500') return sendFault(systemFault());
      else if (f.mode === 'throttle429') return sendThrottled();
      else if (f.mode === 'dropAfterCommit') drop = true;
      else {
        const refused = authFailure(f.mode, state.now(), `${(token ?? '').slice(0, 12)}...`);
        log(refused.status);
        return reply.code(refused.status).type(refused.contentType).send(refused.body);
      }
    }

    const requestid = q['requestid'];
    let answer: Replay;
    try {
      checkRequestId(requestid, maxRequestId);
      const replay = write ? replayFor(realm, requestid, state.now()) : undefined;
      if (replay) {
        log(replay.status);
        if (drop) return destroy(req, reply, release);
        return reply.code(replay.status).type(replay.contentType).send(replay.body);
      }
      const payload = await work(realm);
      answer = {
        status: 200,
        body: serialize({ ...payload, time: responseTime(state.now()) }),
        contentType,
        atMs: state.now(),
      };
    } catch (e) {
      const fault = e instanceof QboFault ? e : systemFault();
      if (!(e instanceof QboFault)) req.log.error({ err: e }, 'sandbox handler failed');
      answer = {
        status: fault.status,
        body: serialize(fault.body(state.now()) as unknown as Json),
        contentType,
        atMs: state.now(),
      };
    }
    if (write) remember(realm, requestid, answer, maxRequestId);
    log(answer.status);
    if (drop) return destroy(req, reply, release);
    return reply.code(answer.status).type(answer.contentType).send(answer.body);
  }

  /** The write is committed; the client never hears about it, as when a connection dies mid-response. */
  function destroy(req: FastifyRequest, reply: FastifyReply, release: () => void): FastifyReply {
    reply.hijack();
    req.raw.socket.destroy();
    release();
    return reply;
  }

  const base = '/v3/company/:realmId';

  const query = (realm: Realm, statement: string | undefined): Json => {
    if (!statement) throw queryParserError('Encountered "<EOF>" at line 1, column 1.');
    return runQuery(realm, statement) as unknown as Json;
  };

  app.get(`${base}/query`, (req, reply) =>
    pipeline(req, reply, false, (realm) => query(realm, (req.query as Query)['query'])),
  );

  // Clients send the statement as an `application/text` body; the query string still works.
  app.post(`${base}/query`, (req, reply) =>
    pipeline(req, reply, false, (realm) =>
      query(realm, typeof req.body === 'string' ? req.body : (req.query as Query)['query']),
    ),
  );

  app.get(`${base}/cdc`, (req, reply) =>
    pipeline(req, reply, false, (realm) => {
      const q = req.query as Query;
      return runCdc(realm, q['entities'], q['changedSince'], state.now());
    }),
  );

  app.post(`${base}/batch`, (req, reply) =>
    pipeline(req, reply, true, (realm) => runBatch(state, realm, req.body, (req.query as Query)['requestid'])),
  );

  app.get(`${base}/:entity/:id`, (req, reply) =>
    pipeline(req, reply, false, (realm) => {
      const { entity, id } = req.params as Params;
      return performRead(realm, readableEntity(entity ?? ''), id ?? '');
    }),
  );

  app.post(`${base}/:entity`, (req, reply) =>
    pipeline(req, reply, true, (realm) => {
      const { entity } = req.params as Params;
      const q = req.query as Query;
      const target = writableEntity(entity ?? '');
      const include = q['include'];
      const ctx = state.context(realm, (include ?? '').toLowerCase().includes('allowduplicatedocnum'));
      return performWrite(state.entities, ctx, target, q['operation'], include, req.body);
    }),
  );

  // Anything else under a company answers like QBO does for an unknown resource, after the same gates.
  app.all(`${base}/*`, (req, reply) =>
    pipeline(req, reply, false, () => {
      throw unsupportedOperation(`${req.method} ${req.url.split('?')[0]}`);
    }),
  );
}
