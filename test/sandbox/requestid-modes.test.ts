import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  connect,
  control,
  faultCode,
  startSandbox,
  type ApiResult,
  type Company,
  type Sandbox,
} from './helpers.js';

// How a company answers a repeated requestid (`requestIdReplay`). Intuit documents the replay and no
// retention; a client has to survive a QBO that forgets, replays a fault, or ignores the id altogether.
// The clock is injected so `expires` can be crossed to the second.

let now = Date.UTC(2026, 10, 2, 17, 0, 0);
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ now: () => now });
});
afterAll(async () => {
  await sb.close();
});

async function company(preferences: Record<string, unknown>): Promise<Company> {
  const { realmId } = (await control(sb.base, 'POST', '/realms', preferences)).json;
  return connect(sb.base, realmId);
}

const createCustomer = (c: Company, body: unknown, requestid: string): Promise<ApiResult> =>
  api(sb.base, c, 'POST', '/customer', body, { requestid });

async function customerNames(c: Company): Promise<string[]> {
  return (await control(sb.base, 'GET', `/realms/${c.realmId}/Customer`)).json.map((x: any) => x.DisplayName);
}

describe("requestIdReplay: 'always' (the default)", () => {
  it('replays the first success however long after', async () => {
    const c = await company({});
    const first = await createCustomer(c, { DisplayName: 'Always Client' }, 'a-1');
    now += 30 * 24 * 3600 * 1000;
    // Tokens do not outlive a month; a fresh connection is the same company.
    const later = await connect(sb.base, c.realmId);
    const again = await createCustomer(later, { DisplayName: 'Always Client' }, 'a-1');
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(await customerNames(c)).toEqual(['Always Client']);
  });
});

describe("requestIdReplay: 'expires'", () => {
  it('replays within requestIdTtlSeconds and processes the request again once it has passed', async () => {
    const c = await company({ requestIdReplay: 'expires', requestIdTtlSeconds: 60 });
    const first = await createCustomer(c, { DisplayName: 'Expiring Client' }, 'e-1');
    now += 59_000;
    expect((await createCustomer(c, { DisplayName: 'Expiring Client' }, 'e-1')).text).toBe(first.text);
    now += 1_000;
    // Forgotten: the same write is new work, and QBO's own rules now see the name taken.
    const late = await createCustomer(c, { DisplayName: 'Expiring Client' }, 'e-1');
    expect(faultCode(late)).toBe('6240');
    const other = await createCustomer(c, { DisplayName: 'Expiring Again' }, 'e-1');
    expect(other.status).toBe(200);
    // The new success is remembered afresh.
    expect((await createCustomer(c, { DisplayName: 'Expiring Again' }, 'e-1')).text).toBe(other.text);
    expect(await customerNames(c)).toEqual(['Expiring Client', 'Expiring Again']);
  });
});

describe("requestIdReplay: 'failures-too'", () => {
  it('replays the first answer even when it was a fault, so a corrected retry under the same id still fails', async () => {
    const c = await company({ requestIdReplay: 'failures-too' });
    const bad = await createCustomer(c, { CompanyName: 'no display name' }, 'f-1');
    expect(faultCode(bad)).toBe('6080');
    const fixed = await createCustomer(c, { DisplayName: 'Fixed Client' }, 'f-1');
    expect(fixed.status).toBe(400);
    expect(fixed.text).toBe(bad.text);
    expect(await customerNames(c)).toEqual([]);
    // Successes replay as always.
    const ok = await createCustomer(c, { DisplayName: 'Fine Client' }, 'f-2');
    expect((await createCustomer(c, { DisplayName: 'Fine Client' }, 'f-2')).text).toBe(ok.text);
  });

  it('a write the default mode would let a retry redo', async () => {
    const c = await company({});
    expect(faultCode(await createCustomer(c, { CompanyName: 'no display name' }, 'f-1'))).toBe('6080');
    expect((await createCustomer(c, { DisplayName: 'Fixed Client' }, 'f-1')).status).toBe(200);
  });
});

describe("requestIdReplay: 'ignored'", () => {
  it('processes every repeat as new work: a create runs twice', async () => {
    const c = await company({ requestIdReplay: 'ignored' });
    const first = await createCustomer(c, { DisplayName: 'Twice Client' }, 'i-1');
    const second = await createCustomer(c, { DisplayName: 'Twice Client 2' }, 'i-1');
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.json.Customer.Id).not.toBe(first.json.Customer.Id);
    expect(await customerNames(c)).toEqual(['Twice Client', 'Twice Client 2']);
  });

  it('a company switched to ignored no longer replays the ids it remembered', async () => {
    const c = await company({});
    const first = await createCustomer(c, { DisplayName: 'Remembered Client' }, 'i-3');
    expect(first.status).toBe(200);
    await control(sb.base, 'PUT', `/realms/${c.realmId}/preferences`, { requestIdReplay: 'ignored' });
    const repeat = await createCustomer(c, { DisplayName: 'Remembered Client' }, 'i-3');
    expect(faultCode(repeat)).toBe('6240');
  });

  it('switching back to always does not bring back what was ignored, and later ids replay again', async () => {
    const c = await company({ requestIdReplay: 'ignored' });
    await createCustomer(c, { DisplayName: 'Ignored Once' }, 'i-2');
    await control(sb.base, 'PUT', `/realms/${c.realmId}/preferences`, { requestIdReplay: 'always' });
    expect((await createCustomer(c, { DisplayName: 'Ignored Twice' }, 'i-2')).status).toBe(200);
    const replayed = await createCustomer(c, { DisplayName: 'Ignored Thrice' }, 'i-2');
    expect(replayed.json.Customer.DisplayName).toBe('Ignored Twice');
    expect(await customerNames(c)).toEqual(['Ignored Once', 'Ignored Twice']);
  });
});
