import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, control, startSandbox, type ApiResult, type Company, type Sandbox } from './helpers.js';
import { parseIntuitXml } from './real-payloads.js';

// QBO's defaults, 500 requests per minute and 10 in flight per realm. The sandbox's clock is injected so
// a minute passes in a line of code; the requests themselves are real HTTP.

const START = Date.UTC(2026, 10, 20, 18, 0, 0);
let now = START;
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ now: () => now });
});
afterAll(async () => {
  await sb.close();
});
afterEach(async () => {
  await control(sb.base, 'DELETE', '/faults');
  await control(sb.base, 'POST', '/limits', { perMinute: 500, concurrent: 10, batchPerMinute: 40 });
});

const read = (c: Company): Promise<ApiResult> => api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`);

/** Sends n requests one after another (never concurrently) and returns their statuses. */
async function burst(c: Company, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await read(c)).status);
  return statuses;
}

function expectThrottled(r: ApiResult): void {
  expect(r.status).toBe(429);
  expect(r.headers.get('content-type')).toMatch(/^application\/xml/);
  const xml = parseIntuitXml(r.text);
  expect(xml.Fault).toMatchObject({
    type: 'SERVICE',
    Error: { code: '3001', Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429' },
  });
}

async function realmStats(realmId: string): Promise<{ total: number; throttled: number; maxConcurrent: number }> {
  return (await control(sb.base, 'GET', '/stats')).json.byRealm[realmId];
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}

describe('500 requests per minute per realm', () => {
  it('the 500th request within a minute is answered; the 501st gets 429 ThrottleExceeded (3001)', async () => {
    now = START;
    const c = await connect(sb.base);
    expect(await burst(c, 499)).toEqual(Array(499).fill(200));
    now = START + 59_999;
    expect((await read(c)).status).toBe(200);
    expectThrottled(await read(c));
    expect(await realmStats(c.realmId)).toMatchObject({ total: 501, throttled: 1 });
    now = START + 60_000;
    expect((await read(c)).status).toBe(200);
  });

  it('the window slides: each request leaves it one minute after it was admitted, not at a minute boundary', async () => {
    now = START;
    const c = await connect(sb.base);
    expect(await burst(c, 300)).toEqual(Array(300).fill(200));
    now = START + 30_000;
    expect(await burst(c, 200)).toEqual(Array(200).fill(200));
    expectThrottled(await read(c));
    now = START + 59_999;
    expectThrottled(await read(c));
    // The 300 from the first instant have left; the 200 from half a minute later still count.
    now = START + 60_000;
    const after = await burst(c, 301);
    expect(after.slice(0, 300)).toEqual(Array(300).fill(200));
    expect(after[300]).toBe(429);
    now = START + 90_000;
    expect(await burst(c, 200)).toEqual(Array(200).fill(200));
    expect((await read(c)).status).toBe(429);
  });

  it('is per realm: a throttled company does not slow another', async () => {
    now = START;
    const busy = await connect(sb.base);
    const quiet = await connect(sb.base);
    await burst(busy, 500);
    expectThrottled(await read(busy));
    expect((await read(quiet)).status).toBe(200);
  });

  it('is configurable (POST /__sandbox/limits, or the option) and 0 switches it off', async () => {
    now = START;
    const c = await connect(sb.base);
    await control(sb.base, 'POST', '/limits', { perMinute: 5, concurrent: 10 });
    expect(await burst(c, 6)).toEqual([200, 200, 200, 200, 200, 429]);
    await control(sb.base, 'POST', '/limits', { perMinute: 0, concurrent: 10 });
    expect(await burst(c, 600)).toEqual(Array(600).fill(200));

    const small = await startSandbox({ ratePerMinute: 2 });
    try {
      const s = await connect(small.base);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api(small.base, s, 'GET', `/companyinfo/${s.realmId}`)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await small.close();
    }
  });
});

describe('10 requests in flight per realm', () => {
  /** Holds n requests open inside the sandbox (the delay fault) and waits until all are admitted. */
  async function hold(c: Company, n: number): Promise<Promise<ApiResult>[]> {
    await control(sb.base, 'POST', '/faults', { mode: 'delay', delayMs: 500, realmId: c.realmId, count: n });
    const held = Array.from({ length: n }, () => read(c));
    await until(async () => (await realmStats(c.realmId))?.maxConcurrent === n);
    return held;
  }

  it('with 10 held open the 11th gets 429; another realm is unaffected; once they finish requests pass again', async () => {
    now = START;
    const c = await connect(sb.base);
    const other = await connect(sb.base);
    const held = await hold(c, 10);
    expectThrottled(await read(c));
    expect((await read(other)).status).toBe(200);
    expect((await Promise.all(held)).map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await read(c)).status).toBe(200);
    expect(await realmStats(c.realmId)).toMatchObject({ maxConcurrent: 10, throttled: 1 });
  });

  it('is configurable, and 0 lets any number through', async () => {
    now = START;
    await control(sb.base, 'POST', '/limits', { perMinute: 500, concurrent: 3 });
    const c = await connect(sb.base);
    const three = await hold(c, 3);
    expectThrottled(await read(c));
    await Promise.all(three);

    await control(sb.base, 'POST', '/limits', { perMinute: 500, concurrent: 0 });
    const d = await connect(sb.base);
    const fifteen = await hold(d, 15);
    expect((await Promise.all(fifteen)).map((r) => r.status)).toEqual(Array(15).fill(200));
  });
});

describe("a company's own limits (another app uses the rest)", () => {
  it('holds one realm to half the rate and 4 at once while the others keep the sandbox limits', async () => {
    now = START;
    const shared = await connect(sb.base);
    const other = await connect(sb.base);
    const set = await control(sb.base, 'PUT', `/realms/${shared.realmId}/limits`, { perMinute: 250, concurrent: 4 });
    expect(set.json).toEqual({ perMinute: 250, concurrent: 4, batchPerMinute: 40 });
    expect((await control(sb.base, 'GET', `/realms/${other.realmId}/limits`)).json).toEqual({
      perMinute: 500,
      concurrent: 10,
      batchPerMinute: 40,
    });

    expect(await burst(shared, 250)).toEqual(Array(250).fill(200));
    expectThrottled(await read(shared));
    expect(await burst(other, 300)).toEqual(Array(300).fill(200));
    now = START + 60_001;
    expect((await read(shared)).status).toBe(200);

    await control(sb.base, 'POST', '/faults', { mode: 'delay', delayMs: 500, realmId: shared.realmId, count: 4 });
    const held = Array.from({ length: 4 }, () => read(shared));
    await until(async () => (await realmStats(shared.realmId))?.maxConcurrent === 4);
    expectThrottled(await read(shared));
    await Promise.all(held);
  });

  it('names the field of a bad limit, and a null limit follows the sandbox again', async () => {
    const c = await connect(sb.base);
    const bad = await control(sb.base, 'PUT', `/realms/${c.realmId}/limits`, { perMinute: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/perMinute/);
    await control(sb.base, 'PUT', `/realms/${c.realmId}/limits`, { perMinute: 3, concurrent: 2 });
    expect((await control(sb.base, 'PUT', `/realms/${c.realmId}/limits`, { perMinute: null })).json).toEqual({
      perMinute: 500,
      concurrent: 10,
      batchPerMinute: 40,
    });
    const badBatch = await control(sb.base, 'PUT', `/realms/${c.realmId}/limits`, { batchPerMinute: 1.5 });
    expect(badBatch.status).toBe(400);
    expect(badBatch.json.message).toMatch(/batchPerMinute/);
    expect((await control(sb.base, 'PUT', '/realms/nope/limits', {})).status).toBe(404);
  });
});
