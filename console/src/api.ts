// Every call to the API goes through here: same-origin cookies, JSON both ways, the CSRF token on every
// state-changing request, and one error type carrying the API's {error, message, field}.

import { friendlyValidation } from './messages';
import type { FeeItem, FeeItemList, Payer, PayerList, SessionInfo } from './types';

let csrfToken = '';
let onSignedOut: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request answers 401: the session has ended (signed out elsewhere, expired, user removed). */
export function whenSignedOut(handler: (() => void) | null): void {
  onSignedOut = handler;
}

/** Some refusals name no field but plainly belong to one. */
const FIELD_OF_CODE: Record<string, string> = {
  duplicate_name: 'name',
  duplicate_number: 'number',
  email_taken: 'email',
  invalid_token: 'token',
};

export class ApiError extends Error {
  readonly field: string | undefined;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    field?: string,
  ) {
    super(message);
    this.field = field ?? FIELD_OF_CODE[code];
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check the connection and try again.');
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  let data: { error?: unknown; message?: unknown; field?: unknown } = {};
  try {
    data = (await response.json()) as typeof data;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const code = typeof data.error === 'string' ? data.error : `http_${response.status}`;
  const field = typeof data.field === 'string' ? data.field : undefined;
  const said =
    typeof data.message === 'string'
      ? data.message
      : `The server answered ${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, code, code === 'validation' ? friendlyValidation(said, field) : said, field);
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response = await send(method, path, body);
  if (response.status === 403 && method !== 'GET') {
    const error = await errorOf(response.clone());
    if (error.code === 'csrf_invalid') {
      // The token went stale (a new session elsewhere): fetch a fresh one and try once more.
      const session = await fetch('/v1/session', {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
      if (session.ok) setCsrfToken(((await session.json()) as SessionInfo).csrfToken);
      response = await send(method, path, body);
    }
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (error.status === 401 && !path.startsWith('/v1/session') && onSignedOut) onSignedOut();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};

/** Every payer, for the screens that show or pick them all (500 is the API's largest page). */
export const loadPayers = async (): Promise<Payer[]> => (await api.get<PayerList>('/v1/payers?limit=500')).payers;

/** Every fee item, likewise. */
export const loadFeeItems = async (): Promise<FeeItem[]> =>
  (await api.get<FeeItemList>('/v1/fee-items?limit=500')).feeItems;

/** `?a=1&b=x` from the values that are set (empty strings, null, undefined and false are left out). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The message to show for anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
