import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QboClient, retryAfterMs, type AccessTokenSource, type QboCallFailure, type RealmGate } from './client.js';
import { QboError } from './errors.js';
import { qboAmountToCents } from '../domain/money.js';
import type { Invoice } from './wire-types.js';

// The client against QBO's real payloads (test/fixtures/qbo), served by a bare HTTP server that answers
// each path with a canned response: this checks parsing and classification, not QBO's behaviour (the
// sandbox's conformance suite and the integration tests do that).

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/qbo/${name}`, import.meta.url), 'utf8');

type Canned = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Canned>();
const seen: Array<{ url: string; auth: string | undefined; contentType: string | undefined; body: string }> = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        auth: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const path = new URL(req.url ?? '/', 'http://x').pathname.split('/').slice(4).join('/');
      (routes.get(path) ?? ((_q, r) => r.writeHead(404).end()))(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A gate that admits every call at once and remembers what it was asked: the shared one is tested in the integration project. */
const gateLog: string[] = [];
const recordingGate: RealmGate = {
  run: (realmId, call) => (gateLog.push(`run ${realmId}`), call()),
  throttled: async (realmId, retryAfter) => void gateLog.push(`throttled ${realmId} ${retryAfter}`),
  answered: async (realmId) => void gateLog.push(`answered ${realmId}`),
};

function client(
  tokens: AccessTokenSource = { current: async () => 'token-1', refreshed: async () => 'token-2' },
  failures: QboCallFailure[] = [],
) {
  return new QboClient({
    baseUrl,
    realmId: '4620816365',
    tokens,
    gate: recordingGate,
    timeoutMs: 2_000,
    onFailure: (f) => failures.push(f),
  });
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Canned =>
  (_req, res) =>
    res
      .writeHead(status, { 'content-type': 'application/json', intuit_tid: 'tid-123', ...headers })
      .end(JSON.stringify(body));

describe('QboClient', () => {
  it("reads the sample company's invoice as QBO sends it", async () => {
    routes.set(
      'invoice/239',
      json(200, { Invoice: JSON.parse(fixture('invoice.json')), time: '2015-07-24T10:35:08-07:00' }),
    );
    const invoice: Invoice = await client().read('Invoice', '239');
    expect(invoice.Id).toBe('239');
    expect(invoice.SyncToken).toBe('0');
    expect(invoice.CustomerRef).toEqual({ name: "Amy's Bird Sanctuary", value: '1' });
    expect(qboAmountToCents(invoice.TotalAmt)).toBe(15000);
    expect(invoice.Line.filter((l) => l.DetailType === 'SalesItemLineDetail')).toHaveLength(1);
    const sent = seen.at(-1)!;
    expect(sent.url).toContain('minorversion=75');
    expect(sent.auth).toBe('Bearer token-1');
    expect(gateLog.slice(-2)).toEqual(['run 4620816365', 'answered 4620816365']);
  });

  it('sends writes as JSON with the requestid and minorversion', async () => {
    routes.set('customer', json(200, { Customer: { Id: '58', SyncToken: '0', DisplayName: 'X' }, time: 't' }));
    await client().create('Customer', { DisplayName: 'X' }, 'req-abc');
    const sent = seen.at(-1)!;
    expect(new URL(sent.url, 'http://x').searchParams.get('requestid')).toBe('req-abc');
    expect(new URL(sent.url, 'http://x').searchParams.get('minorversion')).toBe('75');
    expect(sent.contentType).toBe('application/json');
    expect(JSON.parse(sent.body)).toEqual({ DisplayName: 'X' });
  });

  it('posts queries as application/text and returns the entity rows, or none', async () => {
    routes.set(
      'query',
      json(200, { QueryResponse: { Item: [{ Id: '7', Name: 'Filing' }], startPosition: 1, maxResults: 1 }, time: 't' }),
    );
    expect((await client().query('Item', "SELECT * FROM Item WHERE Name = 'Filing'")).map((i) => i.Id)).toEqual(['7']);
    expect(seen.at(-1)!.contentType).toBe('application/text');
    routes.set('query', json(200, { QueryResponse: {}, time: 't' }));
    expect(await client().query('Item', 'SELECT * FROM Item')).toEqual([]);
  });

  it('sends a throttled request again through the gate, with the same requestid, until QuickBooks takes it', async () => {
    let refusals = 2;
    routes.set('invoice', (_req, res) => {
      if (refusals-- > 0) res.writeHead(429, { 'content-type': 'application/xml' }).end(fixture('throttle-429.xml'));
      else json(200, { Invoice: { Id: '130' }, time: 't' })(_req, res);
    });
    const before = seen.length;
    gateLog.length = 0;
    expect(await client().create('Invoice', {}, 'r-again')).toEqual({ Id: '130' });
    expect(seen.slice(before).map((s) => new URL(s.url, 'http://x').searchParams.get('requestid'))).toEqual([
      'r-again',
      'r-again',
      'r-again',
    ]);
    expect(gateLog).toEqual([
      'run 4620816365',
      'throttled 4620816365 undefined',
      'run 4620816365',
      'throttled 4620816365 undefined',
      'run 4620816365',
      'answered 4620816365',
    ]);
  });

  it('turns the XML 429 body into a retryable throttle error carrying intuit_tid, once the retries are spent', async () => {
    const failures: QboCallFailure[] = [];
    const before = seen.length;
    routes.set('invoice', (_req, res) =>
      res.writeHead(429, { 'content-type': 'application/xml', intuit_tid: 'tid-429' }).end(fixture('throttle-429.xml')),
    );
    const error = await client(undefined, failures)
      .create('Invoice', {}, 'r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QboError);
    expect(error).toMatchObject({ kind: 'throttled', retryable: true, code: '3001', intuitTid: 'tid-429' });
    expect(failures).toEqual([
      { method: 'POST', path: '/invoice', status: 429, code: '3001', kind: 'throttled', intuitTid: 'tid-429' },
    ]);
    expect(gateLog.slice(-2)).toEqual(['run 4620816365', 'throttled 4620816365 undefined']);
    expect(seen.length - before).toBe(7);
  });

  it("passes QuickBooks' Retry-After on to the gate with a 429", async () => {
    routes.set('invoice', (_req, res) =>
      res.writeHead(429, { 'content-type': 'application/xml', 'retry-after': '7' }).end(fixture('throttle-429.xml')),
    );
    await expect(client().create('Invoice', {}, 'r3')).rejects.toMatchObject({ kind: 'throttled' });
    expect(gateLog.at(-1)).toBe('throttled 4620816365 7000');
  });

  it('treats a Fault inside a 200 as a failure', async () => {
    routes.set(
      'item',
      json(200, {
        Fault: {
          Error: [
            { Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists.', code: '6240' },
          ],
          type: 'ValidationFault',
        },
        time: 't',
      }),
    );
    await expect(client().create('Item', {}, 'r2')).rejects.toMatchObject({ kind: 'duplicate_name', retryable: false });
  });

  it('refreshes once after a 401 and retries with the new token', async () => {
    let calls = 0;
    routes.set('companyinfo/4620816365', (req, res) => {
      calls += 1;
      if (req.headers.authorization === 'Bearer stale')
        return json(401, {
          Fault: {
            Error: [{ Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', code: '3200' }],
            type: 'AuthenticationFault',
          },
          time: 't',
        })(req, res);
      return json(200, { CompanyInfo: { Id: '1', CompanyName: 'Demo Co' }, time: 't' })(req, res);
    });
    const refused: string[] = [];
    const info = await client({
      current: async () => 'stale',
      refreshed: async (token) => (refused.push(token), 'fresh'),
    }).companyInfo();
    expect(info.CompanyName).toBe('Demo Co');
    expect(refused).toEqual(['stale']);
    expect(calls).toBe(2);
  });

  it('calls a 401 that survives a refresh a lost authorization', async () => {
    routes.set(
      'customer/1',
      json(401, {
        Fault: { Error: [{ Message: 'AuthenticationFailed', code: '3200' }], type: 'AuthenticationFault' },
        time: 't',
      }),
    );
    await expect(client().read('Customer', '1')).rejects.toMatchObject({ kind: 'auth_revoked', retryable: false });
  });

  it('reports a connection dropped without an answer as a retryable network error', async () => {
    routes.set('payment', (req) => req.socket.destroy());
    await expect(client().create('Payment', {}, 'r3')).rejects.toMatchObject({ kind: 'network', retryable: true });
  });

  it('reports a 5xx without a Fault body as a retryable system error', async () => {
    routes.set('account/1', (_req, res) =>
      res.writeHead(503, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>'),
    );
    await expect(client().read('Account', '1')).rejects.toMatchObject({ kind: 'system', retryable: true, status: 503 });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 09:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('QboClient.batch', () => {
  it('sends the writes gathered at admission, counts as a batch at the gate, and gives each item its own outcome', async () => {
    const kinds: Array<string | undefined> = [];
    const batchGate: RealmGate = { ...recordingGate, run: (_realm, call, kind) => (kinds.push(kind), call()) };
    const batcher = new QboClient({
      baseUrl,
      realmId: '4620816365',
      tokens: { current: async () => 't', refreshed: async () => 't' },
      gate: batchGate,
    });
    routes.set(
      'batch',
      json(200, {
        BatchItemResponse: [
          { bId: '1', Invoice: { Id: '130', SyncToken: '0', DocNumber: 'A-1' } },
          {
            bId: '2',
            Fault: {
              type: 'ValidationFault',
              Error: [{ Message: 'Duplicate Document Number Error', Detail: 'DocNumber=A-2', code: '6140' }],
            },
          },
          { bId: '3', Fault: { type: 'ValidationFault', Error: [{ Message: 'Stale Object Error', code: '5010' }] } },
        ],
        time: 't',
      }),
    );
    let gathered = 0;
    const { writes, outcome } = await batcher.batch('Invoice', () => {
      gathered += 1;
      return {
        requestId: 'r'.repeat(36),
        writes: ['A-1', 'A-2', 'A-3', 'A-4'].map((DocNumber, i) => ({
          bId: String(i + 1),
          operation: 'create' as const,
          fields: { DocNumber },
        })),
      };
    });
    expect(gathered).toBe(1);
    expect(kinds).toEqual(['batch']);
    const sent = seen.at(-1)!;
    expect(new URL(sent.url, 'http://x').searchParams.get('requestid')).toBe('r'.repeat(36));
    expect(JSON.parse(sent.body).BatchItemRequest[1]).toEqual({
      bId: '2',
      operation: 'create',
      Invoice: { DocNumber: 'A-2' },
    });
    expect(writes).toHaveLength(4);
    expect((outcome.get('1') as Invoice).Id).toBe('130');
    // The same kinds a single request's fault gives: 6140 is linked, 5010 re-read, a missing item retried.
    expect(outcome.get('2')).toMatchObject({ kind: 'duplicate_docnum', code: '6140', retryable: false });
    expect(outcome.get('3')).toMatchObject({ kind: 'stale', code: '5010', retryable: true });
    expect(outcome.get('4')).toMatchObject({ kind: 'system', retryable: true });
    expect(outcome.get('2')).toBeInstanceOf(QboError);
  });

  it('refuses a batch beyond QBO limits before sending it', async () => {
    const before = seen.length;
    const tooMany = Array.from({ length: 31 }, (_, i) => ({
      bId: String(i + 1),
      operation: 'create' as const,
      fields: {},
    }));
    await expect(client().batch('Invoice', () => ({ requestId: 'r', writes: tooMany }))).rejects.toBeInstanceOf(
      QboError,
    );
    await expect(
      client().batch('Invoice', () => ({ requestId: 'r'.repeat(37), writes: tooMany.slice(0, 1) })),
    ).rejects.toBeInstanceOf(QboError);
    await expect(
      client().batch('Invoice', () => ({
        requestId: 'r',
        writes: [{ bId: '12345678901', operation: 'create', fields: {} }],
      })),
    ).rejects.toBeInstanceOf(QboError);
    expect(seen.length).toBe(before);
  });
});
