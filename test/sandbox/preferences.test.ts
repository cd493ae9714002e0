import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, startSandbox, type Sandbox } from './helpers.js';

// Each company's preferences: set when the realm is made, read and changed later, checked for sense.

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const DEFAULTS = {
  duplicateDocNumbers: 'warn',
  requestIdReplay: 'always',
  requestIdTtlSeconds: 3600,
  cdcMaxObjects: 1000,
};

describe('realm preferences', () => {
  it('default to the behaviour of a plain sandbox company', async () => {
    const made = await control(sb.base, 'POST', '/realms', { companyName: 'Defaults Ltd' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ companyName: 'Defaults Ltd', preferences: DEFAULTS });
    expect((await control(sb.base, 'GET', `/realms/${made.json.realmId}/preferences`)).json).toEqual(DEFAULTS);
  });

  it('are set at creation, next to the company name', async () => {
    const made = await control(sb.base, 'POST', '/realms', {
      companyName: 'Loose Numbers LLC',
      duplicateDocNumbers: 'allow',
      requestIdReplay: 'expires',
      requestIdTtlSeconds: 90,
    });
    expect(made.status).toBe(201);
    expect(made.json.preferences).toEqual({
      ...DEFAULTS,
      duplicateDocNumbers: 'allow',
      requestIdReplay: 'expires',
      requestIdTtlSeconds: 90,
    });
    expect((await control(sb.base, 'GET', '/realms')).json).toContainEqual({
      realmId: made.json.realmId,
      companyName: 'Loose Numbers LLC',
    });
  });

  it('PUT changes only what the body names, and GET shows the result', async () => {
    const { realmId } = (await control(sb.base, 'POST', '/realms', {})).json;
    const put = await control(sb.base, 'PUT', `/realms/${realmId}/preferences`, {
      requestIdReplay: 'ignored',
      cdcMaxObjects: 5,
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ ...DEFAULTS, requestIdReplay: 'ignored', cdcMaxObjects: 5 });
    const again = await control(sb.base, 'PUT', `/realms/${realmId}/preferences`, { duplicateDocNumbers: 'allow' });
    expect(again.json).toEqual({
      ...DEFAULTS,
      requestIdReplay: 'ignored',
      cdcMaxObjects: 5,
      duplicateDocNumbers: 'allow',
    });
    expect((await control(sb.base, 'GET', `/realms/${realmId}/preferences`)).json).toEqual(again.json);
  });

  it.each([
    [{ duplicateDocNumbers: 'off' }, /duplicateDocNumbers must be one of warn, allow/],
    [{ requestIdReplay: 'never' }, /requestIdReplay must be one of always, expires, failures-too, ignored/],
    [{ requestIdTtlSeconds: 0 }, /requestIdTtlSeconds/],
    [{ requestIdTtlSeconds: '60' }, /requestIdTtlSeconds/],
    [{ cdcMaxObjects: 1001 }, /cdcMaxObjects must be an integer from 1 to 1000/],
  ])('refuses %j with 400 and changes nothing', async (body, message) => {
    const { realmId } = (await control(sb.base, 'POST', '/realms', {})).json;
    const put = await control(sb.base, 'PUT', `/realms/${realmId}/preferences`, {
      requestIdReplay: 'expires',
      ...body,
    });
    expect(put.status).toBe(400);
    expect(put.json).toMatchObject({ error: 'invalid_preference' });
    expect(put.json.message).toMatch(message);
    expect((await control(sb.base, 'GET', `/realms/${realmId}/preferences`)).json).toEqual(DEFAULTS);
    const made = await control(sb.base, 'POST', '/realms', body);
    expect(made.status).toBe(400);
  });

  it('answer 404 for a realm that does not exist', async () => {
    expect((await control(sb.base, 'GET', '/realms/1/preferences')).status).toBe(404);
    expect((await control(sb.base, 'PUT', '/realms/1/preferences', { requestIdReplay: 'ignored' })).status).toBe(404);
  });
});
