import type { FastifyInstance } from 'fastify';
import { buildSandbox, type SandboxOptions } from '../../sandbox/server.js';

export const CLIENT_ID = 'quickbooks-sync-local';
export const CLIENT_SECRET = 'quickbooks-sync-local-secret';
export const REDIRECT = 'http://127.0.0.1:9/callback';
export const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

export interface Sandbox {
  app: FastifyInstance;
  base: string;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const app = buildSandbox(options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { app, base: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export async function authorize(base: string, extra: Record<string, string> = {}): Promise<URL> {
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting openid',
    redirect_uri: REDIRECT,
    state: 'st-1',
    ...extra,
  });
  const res = await fetch(`${base}/connect/oauth2?${params}`, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location') ?? '');
}

export async function tokenRequest(
  base: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${base}/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: {
      authorization: basic,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
}

export interface Company {
  realmId: string;
  accessToken: string;
  refreshToken: string;
}

/** Connects a new (or the given) company through the real OAuth flow. */
export async function connect(base: string, realmId?: string): Promise<Company> {
  const callback = await authorize(base, realmId ? { realmId } : {});
  const code = callback.searchParams.get('code') ?? '';
  const res = await tokenRequest(base, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  if (res.status !== 200) throw new Error(`token exchange answered ${res.status}`);
  const json = (await res.json()) as { access_token: string; refresh_token: string };
  return {
    realmId: callback.searchParams.get('realmId') ?? '',
    accessToken: json.access_token,
    refreshToken: json.refresh_token,
  };
}

export interface ApiResult {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

/** A data-API call the way the product's client makes it: Bearer, JSON, minorversion=75. */
export async function api(
  base: string,
  company: Company,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  query: Record<string, string> = {},
): Promise<ApiResult> {
  const params = new URLSearchParams({ minorversion: '75', ...query });
  const res = await fetch(`${base}/v3/company/${company.realmId}${path}?${params}`, {
    method,
    headers: {
      authorization: `Bearer ${company.accessToken}`,
      accept: 'application/json',
      ...(body === undefined
        ? {}
        : { 'content-type': typeof body === 'string' ? 'application/text' : 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export function query(base: string, company: Company, statement: string): Promise<ApiResult> {
  return api(base, company, 'GET', '/query', undefined, { query: statement });
}

export function faultCode(r: ApiResult): string | undefined {
  return r.json?.Fault?.Error?.[0]?.code;
}

export async function control(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** The seeded income account, for items. */
export async function servicesAccountId(base: string, company: Company): Promise<string> {
  const r = await query(base, company, "SELECT * FROM Account WHERE Name = 'Services'");
  return r.json.QueryResponse.Account[0].Id;
}

/** Creates a Service item on the seeded income account and returns its Id, for invoice lines. */
export async function serviceItemId(base: string, company: Company, name: string): Promise<string> {
  const income = await servicesAccountId(base, company);
  return (
    await api(base, company, 'POST', '/item', { Name: name, Type: 'Service', IncomeAccountRef: { value: income } })
  ).json.Item.Id;
}
