import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import {
  api,
  connect,
  control,
  faultCode,
  serviceItemId,
  startSandbox,
  type Company,
  type Sandbox,
} from './helpers.js';

let sb: Sandbox;
let c: Company;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
});
afterAll(async () => {
  await sb.close();
});
afterEach(async () => {
  await control(sb.base, 'DELETE', '/faults');
});

describe('requestid', () => {
  it('replays the original status and body for a repeated write, without writing again', async () => {
    const body = { DisplayName: 'Replay Client' };
    const first = await api(sb.base, c, 'POST', '/customer', body, { requestid: 'req-1' });
    expect(first.status).toBe(200);
    const again = await api(sb.base, c, 'POST', '/customer', body, { requestid: 'req-1' });
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    const stored = (await control(sb.base, 'GET', `/realms/${c.realmId}/Customer`)).json.filter(
      (x: any) => x.DisplayName === 'Replay Client',
    );
    expect(stored).toHaveLength(1);
    // Without the requestid the same body is a new write, and QBO's rules see the duplicate.
    expect(faultCode(await api(sb.base, c, 'POST', '/customer', body))).toBe('6240');
  });

  it('remembers only successes: a failed write can be retried under the same requestid', async () => {
    const bad = await api(sb.base, c, 'POST', '/customer', { CompanyName: 'no name' }, { requestid: 'req-2' });
    expect(faultCode(bad)).toBe('6080');
    const good = await api(sb.base, c, 'POST', '/customer', { DisplayName: 'Second Try' }, { requestid: 'req-2' });
    expect(good.status).toBe(200);
    expect(good.json.Customer.DisplayName).toBe('Second Try');
  });

  it('is per realm, and longer than 50 characters is rejected', async () => {
    const other = await connect(sb.base);
    const a = await api(
      sb.base,
      other,
      'POST',
      '/customer',
      { DisplayName: 'Other Realm Client' },
      { requestid: 'req-1' },
    );
    expect(a.json.Customer.DisplayName).toBe('Other Realm Client');
    expect(
      (await api(sb.base, c, 'POST', '/customer', { DisplayName: 'x1' }, { requestid: 'r'.repeat(51) })).status,
    ).toBe(400);
    expect(
      (await api(sb.base, c, 'POST', '/customer', { DisplayName: 'x2' }, { requestid: 'r'.repeat(50) })).status,
    ).toBe(200);
  });
});

describe('fault injection', () => {
  it('error500 answers a SystemFault 10000 for the next count matching requests', async () => {
    await control(sb.base, 'POST', '/faults', { mode: 'error500', method: 'POST', pathContains: '/invoice', count: 1 });
    const cust = (await api(sb.base, c, 'POST', '/customer', { DisplayName: 'Fault Client' })).json.Customer;
    expect(cust).toBeTruthy();
    const itemId = await serviceItemId(sb.base, c, 'Fault Fee');
    const body = {
      CustomerRef: { value: cust.Id },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 5, SalesItemLineDetail: { ItemRef: { value: itemId } } }],
    };
    const failed = await api(sb.base, c, 'POST', '/invoice', body);
    expect(failed.status).toBe(500);
    expect(failed.json.Fault).toMatchObject({ type: 'SystemFault' });
    expect(faultCode(failed)).toBe('10000');
    expect((await api(sb.base, c, 'POST', '/invoice', body)).status).toBe(200);
  });

  it('throttle429 injects the XML throttle fault', async () => {
    await control(sb.base, 'POST', '/faults', { mode: 'throttle429', realmId: c.realmId, count: 1 });
    const r = await api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`);
    expect(r.status).toBe(429);
    expect(r.text).toContain('<Error code="3001">');
  });

  it('dropAfterCommit performs the write, closes the socket, and the requestid retry replays it', async () => {
    await control(sb.base, 'POST', '/faults', { mode: 'dropAfterCommit', pathContains: '/customer', count: 1 });
    await expect(
      api(sb.base, c, 'POST', '/customer', { DisplayName: 'Dropped Client' }, { requestid: 'drop-1' }),
    ).rejects.toThrow();
    const stored = (await control(sb.base, 'GET', `/realms/${c.realmId}/Customer`)).json.filter(
      (x: any) => x.DisplayName === 'Dropped Client',
    );
    expect(stored).toHaveLength(1);
    const retry = await api(
      sb.base,
      c,
      'POST',
      '/customer',
      { DisplayName: 'Dropped Client' },
      { requestid: 'drop-1' },
    );
    expect(retry.status).toBe(200);
    expect(retry.json.Customer.Id).toBe(stored[0].Id);
  });

  it('rate 1 hits every matching request until DELETE /__sandbox/faults, and stats count each hit', async () => {
    const before = (await control(sb.base, 'GET', '/stats')).json.injected.error500 ?? 0;
    await control(sb.base, 'POST', '/faults', { mode: 'error500', rate: 1, pathContains: '/companyinfo' });
    expect((await api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`)).status).toBe(500);
    expect((await api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`)).status).toBe(500);
    await control(sb.base, 'DELETE', '/faults');
    expect((await api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`)).status).toBe(200);
    expect((await control(sb.base, 'GET', '/stats')).json.injected.error500).toBe(before + 2);
  });
});

describe('stats and request log', () => {
  it('counts data-API requests by realm and endpoint (ids stripped) since reset', async () => {
    const s = await startSandbox();
    try {
      const co = await connect(s.base);
      await api(s.base, co, 'GET', `/companyinfo/${co.realmId}`);
      const cust = await api(s.base, co, 'POST', '/customer', { DisplayName: 'Stats' });
      await api(s.base, co, 'GET', `/customer/${cust.json.Customer.Id}`);
      await api(s.base, co, 'GET', '/query', undefined, { query: 'SELECT * FROM Customer' });
      await control(s.base, 'GET', '/realms');
      const stats = (await control(s.base, 'GET', '/stats')).json;
      expect(stats).toEqual({
        total: 4,
        throttled: 0,
        maxConcurrent: 1,
        injected: {},
        byRealm: {
          [co.realmId]: {
            total: 4,
            throttled: 0,
            maxConcurrent: 1,
            byEndpoint: { 'GET /companyinfo': 1, 'POST /customer': 1, 'GET /customer': 1, 'GET /query': 1 },
            batch: { requests: 0, throttled: 0, items: 0, maxItems: 0 },
          },
        },
      });
      const log = (await control(s.base, 'GET', `/requests?realmId=${co.realmId}`)).json;
      expect(log[1]).toMatchObject({
        method: 'POST',
        path: '/customer',
        minorversion: '75',
        accept: 'application/json',
        contentType: 'application/json',
        status: 200,
        requestid: null,
      });
      expect(JSON.stringify(log)).not.toContain(co.accessToken);
      await control(s.base, 'POST', '/reset');
      expect((await control(s.base, 'GET', '/stats')).json).toEqual({
        total: 0,
        throttled: 0,
        injected: {},
        maxConcurrent: 0,
        byRealm: {},
      });
      expect((await control(s.base, 'GET', '/realms')).json).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('puts an intuit_tid on every response and serves XML without Accept: application/json', async () => {
    const res = await fetch(`${sb.base}/v3/company/${c.realmId}/companyinfo/${c.realmId}`, {
      headers: { authorization: `Bearer ${c.accessToken}` },
    });
    expect(res.headers.get('intuit_tid')).toMatch(/^1-[0-9a-f]+-[0-9a-f]+$/);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(await res.text());
    expect(xml.IntuitResponse.CompanyInfo['@domain']).toBe('QBO');
  });
});
