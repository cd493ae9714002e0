import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, control, query, startSandbox, type Company, type Sandbox } from './helpers.js';

// A company with 2,500 customers: more than two full pages and more than one CDC answer can hold.

const CUSTOMERS = 2500;

let sb: Sandbox;
let c: Company;
let createdIds: string[];
let since: string;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  since = new Date(Date.now() - 1000).toISOString();
  // Seeded through the bookkeeper route, in parallel: setup speed is not what these tests are about.
  createdIds = [];
  for (let from = 0; from < CUSTOMERS; from += 250) {
    const made = await Promise.all(
      Array.from({ length: 250 }, (_, k) =>
        control(sb.base, 'POST', `/realms/${c.realmId}/Customer`, {
          DisplayName: `Payer ${String(from + k).padStart(4, '0')}`,
        }),
      ),
    );
    for (const r of made) {
      expect(r.status).toBe(201);
      createdIds.push(r.json.Id);
    }
  }
});
afterAll(async () => {
  await sb.close();
});

describe('paging 2,500 customers', () => {
  it('STARTPOSITION/MAXRESULTS 1000 pages ORDERBY Id see every customer exactly once, in Id order', async () => {
    const seen: string[] = [];
    const pages: number[] = [];
    for (let start = 1; ; start += 1000) {
      const r = await query(sb.base, c, `SELECT * FROM Customer ORDERBY Id STARTPOSITION ${start} MAXRESULTS 1000`);
      expect(r.status).toBe(200);
      const page = r.json.QueryResponse.Customer ?? [];
      if (page.length === 0) {
        expect(r.json.QueryResponse).toEqual({});
        break;
      }
      expect(r.json.QueryResponse).toMatchObject({ startPosition: start, maxResults: page.length });
      pages.push(page.length);
      seen.push(...page.map((x: any) => x.Id));
    }
    expect(pages).toEqual([1000, 1000, 500]);
    expect(seen).toHaveLength(CUSTOMERS);
    expect(new Set(seen).size).toBe(CUSTOMERS);
    const numeric = (ids: string[]) => ids.map(Number);
    expect(numeric(seen)).toEqual(numeric(createdIds).sort((a, b) => a - b));
  });

  it('COUNT(*) gives 2500', async () => {
    const r = await query(sb.base, c, 'SELECT COUNT(*) FROM Customer');
    expect(r.status).toBe(200);
    expect(r.json.QueryResponse).toEqual({ totalCount: CUSTOMERS });
  });

  it('STARTPOSITION is 1-based, MAXRESULTS is capped at 1000, and leaving it out gives 100', async () => {
    const first = await query(sb.base, c, 'SELECT * FROM Customer ORDERBY DisplayName STARTPOSITION 1 MAXRESULTS 2');
    expect(first.json.QueryResponse.Customer.map((x: any) => x.DisplayName)).toEqual(['Payer 0000', 'Payer 0001']);
    const second = await query(sb.base, c, 'SELECT * FROM Customer ORDERBY DisplayName STARTPOSITION 2 MAXRESULTS 1');
    expect(second.json.QueryResponse.Customer.map((x: any) => x.DisplayName)).toEqual(['Payer 0001']);
    const capped = await query(sb.base, c, 'SELECT * FROM Customer MAXRESULTS 5000');
    expect(capped.json.QueryResponse.Customer).toHaveLength(1000);
    expect(capped.json.QueryResponse.maxResults).toBe(1000);
    expect((await query(sb.base, c, 'SELECT * FROM Customer')).json.QueryResponse.Customer).toHaveLength(100);
  });
});

describe('CDC of a busy company', () => {
  it('answers at most 1000 objects, the cap shared across the entities asked for', async () => {
    const one = await api(sb.base, c, 'GET', '/cdc', undefined, { entities: 'Customer', changedSince: since });
    expect(one.status).toBe(200);
    const [customers] = one.json.CDCResponse[0].QueryResponse;
    expect(customers.Customer).toHaveLength(1000);
    expect(customers).toMatchObject({ startPosition: 1, maxResults: 1000 });

    const accounts = await api(sb.base, c, 'GET', '/cdc', undefined, { entities: 'Account', changedSince: since });
    expect(accounts.json.CDCResponse[0].QueryResponse[0].Account.length).toBeGreaterThan(0);
    const two = await api(sb.base, c, 'GET', '/cdc', undefined, { entities: 'Customer,Account', changedSince: since });
    const total = two.json.CDCResponse[0].QueryResponse.reduce(
      (n: number, qr: any) => n + (qr.Customer?.length ?? 0) + (qr.Account?.length ?? 0),
      0,
    );
    expect(total).toBe(1000);
  });
});
