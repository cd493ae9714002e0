import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, control, serviceItemId, startSandbox, type Company, type Sandbox } from './helpers.js';
import { keysOf, realJson } from './real-payloads.js';

interface Hit {
  body: string;
  signature: string | undefined;
  at: number;
}

let sb: Sandbox;
let c: Company;
let server: Server;
let url = '';
const received: Hit[] = [];
/** The receiver answers 500 to this many deliveries before it starts accepting. */
let failNext = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ body, signature: req.headers['intuit-signature'] as string | undefined, at: Date.now() });
      res.statusCode = failNext > 0 ? 500 : 200;
      failNext = Math.max(0, failNext - 1);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/hook`;
  sb = await startSandbox();
  c = await connect(sb.base);
});
afterAll(async () => {
  await sb.close();
  await new Promise((r) => server.close(r));
});
afterEach(async () => {
  await control(sb.base, 'POST', '/webhooks', { url: null, dropRate: 0, duplicateRate: 0 });
  received.length = 0;
  failNext = 0;
});

const post = (path: string, body: unknown, q: Record<string, string> = {}) => api(sb.base, c, 'POST', path, body, q);
const hmac = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64');

async function waitFor(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 150 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(pred()).toBe(true);
}

describe('formats and signature', () => {
  it('classic eventNotifications, shaped like webhook-classic.json, signed with base64 HMAC-SHA256 of the raw body', async () => {
    const real = realJson('webhook-classic.json');
    await control(sb.base, 'POST', '/webhooks', { url, verifierToken: 'verifier-1', format: 'classic' });
    const cust = (await post('/customer', { DisplayName: 'Hooked Client' })).json.Customer;
    await waitFor(() => received.length > 0);
    const hit = received[0]!;
    expect(hit.signature).toBe(hmac(hit.body, 'verifier-1'));
    const body = JSON.parse(hit.body);
    expect(keysOf(body)).toEqual(keysOf(real));
    const [notification] = body.eventNotifications;
    expect(keysOf(notification)).toEqual(keysOf(real.eventNotifications[0]));
    expect(notification.realmId).toBe(c.realmId);
    const [entity] = notification.dataChangeEvent.entities;
    expect(keysOf(entity)).toEqual(keysOf(real.eventNotifications[0].dataChangeEvent.entities[0]));
    expect(entity).toMatchObject({ name: 'Customer', id: cust.Id, operation: 'Create' });
  });

  it('CloudEvents when configured, for bookkeeper actions too', async () => {
    await control(sb.base, 'POST', '/webhooks', { url, verifierToken: 'verifier-2', format: 'cloudevents' });
    const made = await control(sb.base, 'POST', `/realms/${c.realmId}/Customer`, { DisplayName: 'Screen Client' });
    await waitFor(() => received.length > 0);
    const events = JSON.parse(received[0]!.body);
    expect(events[0]).toMatchObject({
      specversion: '1.0',
      type: 'qbo.customer.created.v1',
      intuitentityid: made.json.Id,
      intuitaccountid: c.realmId,
    });
    expect(received[0]!.signature).toBe(hmac(received[0]!.body, 'verifier-2'));
  });

  it('reports voids and deletes with their own operations', async () => {
    await control(sb.base, 'POST', '/webhooks', { url, verifierToken: 'verifier-3', format: 'classic' });
    const cust = (await post('/customer', { DisplayName: 'Void Hook Client' })).json.Customer;
    const itemId = await serviceItemId(sb.base, c, 'Hook Fee');
    const line = {
      DetailType: 'SalesItemLineDetail',
      Amount: 5,
      SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 5 },
    };
    const voided = (await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line] })).json.Invoice;
    const deleted = (await post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line] })).json.Invoice;
    await post('/invoice', { Id: voided.Id, SyncToken: '0' }, { operation: 'void' });
    await post('/invoice', { Id: deleted.Id, SyncToken: '0' }, { operation: 'delete' });
    const operations = () =>
      received
        .flatMap((h) => JSON.parse(h.body).eventNotifications.flatMap((n: any) => n.dataChangeEvent.entities))
        .filter((e: any) => e.name === 'Invoice');
    await waitFor(() => operations().length >= 4);
    expect(operations()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: voided.Id, operation: 'Void' }),
        expect.objectContaining({ id: deleted.Id, operation: 'Delete' }),
      ]),
    );
  });
});

describe('delivery', () => {
  it('retries a failed delivery with the same signed body, on the growing (compressed) 10 s, 20 s, ... schedule', async () => {
    await control(sb.base, 'POST', '/webhooks', { url, verifierToken: 'verifier-4', format: 'classic' });
    failNext = 2;
    await post('/customer', { DisplayName: 'Retry Client' });
    await waitFor(() => received.length >= 3);
    const [first, second, third] = received as [Hit, Hit, Hit];
    expect(new Set([first.body, second.body, third.body]).size).toBe(1);
    expect(third.signature).toBe(hmac(third.body, 'verifier-4'));
    // The sandbox runs Intuit's schedule at 1/100: 10 s becomes 100 ms, 20 s becomes 200 ms.
    expect(second.at - first.at).toBeGreaterThanOrEqual(95);
    expect(third.at - second.at).toBeGreaterThanOrEqual(195);
    const log = (await control(sb.base, 'GET', '/webhooks')).json.deliveries.filter((d: any) => d.body === first.body);
    expect(log.map((d: any) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it('dropRate 1 loses every delivery; duplicateRate 1 delivers each twice', async () => {
    await control(sb.base, 'POST', '/webhooks', { url, verifierToken: 'verifier-5', format: 'classic', dropRate: 1 });
    await post('/customer', { DisplayName: 'Lost Event Client' });
    await new Promise((r) => setTimeout(r, 150));
    expect(received).toHaveLength(0);
    expect((await control(sb.base, 'GET', '/webhooks')).json.deliveries.some((d: any) => d.dropped)).toBe(true);

    await control(sb.base, 'POST', '/webhooks', { dropRate: 0, duplicateRate: 1 });
    await post('/customer', { DisplayName: 'Twice Told Client' });
    await waitFor(() => received.length >= 2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(received[1]!.signature).toBe(received[0]!.signature);
  });
});
