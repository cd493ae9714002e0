import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, control, startSandbox, type ApiResult, type Company, type Sandbox } from './helpers.js';

// A saturated CDC answer: at most `cdcMaxObjects` (QBO: 1000) objects across every entity asked for,
// oldest first, with nothing in the answer to say that more changed. A realm with a small cap shows it
// without a thousand writes; test/sandbox/large-company.test.ts shows the real 1000.

const T0 = Date.UTC(2026, 10, 3, 17, 0, 0);
let now = T0;
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ now: () => now });
});
afterAll(async () => {
  await sb.close();
});

async function company(cdcMaxObjects: number): Promise<Company> {
  const { realmId } = (await control(sb.base, 'POST', '/realms', { cdcMaxObjects })).json;
  return connect(sb.base, realmId);
}

function cdc(c: Company, entities: string, changedSince: string): Promise<ApiResult> {
  return api(sb.base, c, 'GET', '/cdc', undefined, { entities, changedSince });
}

/** One customer a second, so every change has its own LastUpdatedTime. */
async function customers(c: Company, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const DisplayName of names) {
    now += 1000;
    ids.push((await api(sb.base, c, 'POST', '/customer', { DisplayName })).json.Customer.Id);
  }
  return ids;
}

describe('CDC truncation', () => {
  it('keeps the oldest changes up to the cap and looks like any other answer', async () => {
    now = T0;
    const c = await company(3);
    const since = new Date(now).toISOString();
    const ids = await customers(c, ['C1', 'C2', 'C3', 'C4', 'C5']);
    const r = await cdc(c, 'Customer', since);
    expect(r.status).toBe(200);
    const [customersResponse] = r.json.CDCResponse[0].QueryResponse;
    expect(customersResponse.Customer.map((x: any) => x.Id)).toEqual(ids.slice(0, 3));
    expect(customersResponse).toMatchObject({ startPosition: 1, maxResults: 3, totalCount: 3 });
    expect(Object.keys(r.json).sort()).toEqual(['CDCResponse', 'time']);
  });

  it('shares the cap across the entities asked for: later entities can come back empty', async () => {
    now = T0;
    const c = await company(2);
    const since = new Date(now).toISOString();
    await customers(c, ['S1', 'S2']);
    const r = await cdc(c, 'Customer,Account,Item', since);
    // The seeded accounts predate `since`; the two customers fill the answer, so Item has no room.
    const [cust, account, item] = r.json.CDCResponse[0].QueryResponse;
    expect(cust.Customer).toHaveLength(2);
    expect(account).toEqual({});
    expect(item).toEqual({});
  });

  it('a later changedSince (the last LastUpdatedTime seen) picks up what the saturated answer left out', async () => {
    now = T0;
    const c = await company(2);
    const since = new Date(now).toISOString();
    const ids = await customers(c, ['W1', 'W2', 'W3', 'W4']);
    const seen: string[] = [];
    let from = since;
    for (let round = 0; round < 4; round++) {
      const page = (await cdc(c, 'Customer', from)).json.CDCResponse[0].QueryResponse[0].Customer ?? [];
      for (const x of page) if (!seen.includes(x.Id)) seen.push(x.Id);
      if (page.length < 2) break;
      from = page[page.length - 1].MetaData.LastUpdatedTime;
    }
    expect(seen).toEqual(ids);
  });

  it("the cap is the realm's own: another company still answers up to 1000", async () => {
    now = T0;
    const small = await company(1);
    const big = await connect(sb.base);
    const since = new Date(now).toISOString();
    await customers(small, ['Small A', 'Small B']);
    await customers(big, ['Big A', 'Big B']);
    expect((await cdc(small, 'Customer', since)).json.CDCResponse[0].QueryResponse[0].Customer).toHaveLength(1);
    expect((await cdc(big, 'Customer', since)).json.CDCResponse[0].QueryResponse[0].Customer).toHaveLength(2);
  });
});
