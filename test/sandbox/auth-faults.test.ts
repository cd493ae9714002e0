import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { api, connect, control, startSandbox, type Company, type Sandbox } from './helpers.js';

// The shapes QBO refuses credentials in, injected through POST /__sandbox/faults so a client can be
// tested against each: the `Fault` JSON, the lower-case `fault` envelope, XML to a JSON client, and
// 403 3100 when the app is not authorized for the company.

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

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

async function injected(
  mode: string,
): Promise<{ status: number; json: any; text: string; contentType: string | null }> {
  expect((await control(sb.base, 'POST', '/faults', { mode, realmId: c.realmId, count: 1 })).status).toBe(201);
  const r = await api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`);
  return { status: r.status, json: r.json, text: r.text, contentType: r.headers.get('content-type') };
}

const LOWERCASE_ENVELOPE_KEYS = [
  'warnings',
  'intuitObject',
  'fault',
  'report',
  'queryResponse',
  'batchItemResponse',
  'attachableResponse',
  'syncErrorResponse',
  'requestId',
  'time',
  'status',
  'cdcresponse',
];

describe('injected credential failures', () => {
  it('auth401: the Fault JSON of an expired token, code 3200', async () => {
    const r = await injected('auth401');
    expect(r.status).toBe(401);
    expect(r.json.Fault).toMatchObject({
      type: 'AuthenticationFault',
      Error: [{ code: '3200', Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401' }],
    });
    expect(r.json.Fault.Error[0].Detail).toMatch(/^Token expired: /);
  });

  it('auth401Lowercase: the lower-case `fault` envelope with type AUTHENTICATION and epoch-millisecond time', async () => {
    const r = await injected('auth401Lowercase');
    expect(r.status).toBe(401);
    expect(r.contentType).toContain('application/json');
    expect(Object.keys(r.json)).toEqual(LOWERCASE_ENVELOPE_KEYS);
    expect(r.json.Fault).toBeUndefined();
    expect(r.json.fault).toEqual({
      error: [
        {
          message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
          detail: expect.stringMatching(/^Token expired: /),
          code: '3200',
          element: null,
        },
      ],
      type: 'AUTHENTICATION',
    });
    expect(typeof r.json.time).toBe('number');
    expect(r.json).toMatchObject({ warnings: null, batchItemResponse: [], cdcresponse: [] });
  });

  it('auth401Xml: XML to a JSON client, Fault type AuthenticationFault, code 100', async () => {
    const r = await injected('auth401Xml');
    expect(r.status).toBe(401);
    expect(r.contentType).toContain('xml');
    expect(r.json).toBeNull();
    const fault = xml.parse(r.text).IntuitResponse.Fault;
    expect(fault.type).toBe('AuthenticationFault');
    expect(fault.Error).toEqual({
      code: '100',
      Message: 'General Authentication Error',
      Detail: 'AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401',
    });
  });

  it('auth403Lowercase: 403 3100 ApplicationAuthorizationFailed in the lower-case envelope, type SERVICE, no detail', async () => {
    const r = await injected('auth403Lowercase');
    expect(r.status).toBe(403);
    expect(Object.keys(r.json)).toEqual(LOWERCASE_ENVELOPE_KEYS);
    expect(r.json.fault).toEqual({
      error: [
        {
          message: 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
          detail: null,
          code: '3100',
          element: null,
        },
      ],
      type: 'SERVICE',
    });
  });

  it('auth403Xml: 403 3100 AuthorizationFailed as XML, type SERVICE', async () => {
    const r = await injected('auth403Xml');
    expect(r.status).toBe(403);
    expect(r.contentType).toContain('xml');
    const doc = xml.parse(r.text).IntuitResponse;
    expect(typeof doc.time).toBe('string');
    expect(doc.Fault).toEqual({
      type: 'SERVICE',
      Error: {
        code: '3100',
        Message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403',
        Detail: 'The access token does not have sufficient scope',
      },
    });
  });

  it('hits only the next count matching requests of the realm asked for, and does no work', async () => {
    await control(sb.base, 'POST', '/faults', {
      mode: 'auth403Lowercase',
      realmId: c.realmId,
      pathContains: '/customer',
      count: 2,
    });
    const other = await connect(sb.base);
    expect((await api(sb.base, other, 'POST', '/customer', { DisplayName: 'Elsewhere' })).status).toBe(200);
    expect((await api(sb.base, c, 'POST', '/customer', { DisplayName: 'Refused 1' })).status).toBe(403);
    expect((await api(sb.base, c, 'POST', '/customer', { DisplayName: 'Refused 2' })).status).toBe(403);
    expect((await api(sb.base, c, 'POST', '/customer', { DisplayName: 'Accepted' })).status).toBe(200);
    const names = (await control(sb.base, 'GET', `/realms/${c.realmId}/Customer`)).json.map((x: any) => x.DisplayName);
    expect(names).toEqual(['Accepted']);
  });

  it('with rate 1 and no count, every request of the realm is refused until DELETE /__sandbox/faults', async () => {
    await control(sb.base, 'POST', '/faults', { mode: 'auth403Xml', realmId: c.realmId, rate: 1 });
    for (let i = 0; i < 3; i++) expect((await api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`)).status).toBe(403);
    await control(sb.base, 'DELETE', '/faults');
    expect((await api(sb.base, c, 'GET', `/companyinfo/${c.realmId}`)).status).toBe(200);
  });

  it('an unknown mode is refused, naming the new ones', async () => {
    const r = await control(sb.base, 'POST', '/faults', { mode: 'auth418' });
    expect(r.status).toBe(400);
    expect(r.json.message).toContain('auth401, auth401Lowercase, auth401Xml, auth403Lowercase, auth403Xml');
  });
});
