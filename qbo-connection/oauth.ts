import OAuthClient from 'intuit-oauth';
import type { QboSettings } from './settings.js';

// intuit-oauth does the token-endpoint work (Basic auth, form bodies, its own retries). Its endpoints are
// static properties, so they are pointed at this deployment's OAuth server once per process.

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  refreshTokenExpiresAt: Date;
  realmId?: string;
}

export class OAuthFailure extends Error {
  override readonly name = 'OAuthFailure';
  constructor(
    readonly error: string,
    readonly intuitTid: string | null,
  ) {
    super(`QuickBooks OAuth failed: ${error}`);
  }

  /** The grant is gone for good (revoked, rotated away, expired): the firm must reconnect. */
  get grantLost(): boolean {
    return this.error === 'invalid_grant';
  }
}

function client(settings: QboSettings): OAuthClient {
  OAuthClient.authorizeEndpoint = settings.authorizeUrl;
  OAuthClient.tokenEndpoint = settings.tokenUrl;
  OAuthClient.revokeEndpoint = settings.revokeUrl;
  return new OAuthClient({
    environment: settings.environment === 'production' ? 'production' : 'sandbox',
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: settings.redirectUri,
    logging: false,
  });
}

function issued(json: Record<string, unknown>, now = Date.now()): IssuedTokens {
  return {
    accessToken: String(json.access_token),
    refreshToken: String(json.refresh_token),
    accessTokenExpiresAt: new Date(now + Number(json.expires_in ?? 3600) * 1000),
    refreshTokenExpiresAt: new Date(now + Number(json.x_refresh_token_expires_in ?? 8_726_400) * 1000),
  };
}

function failure(error: unknown): OAuthFailure {
  const e = error as { error?: string; message?: string; intuit_tid?: string };
  return new OAuthFailure(e.error || e.message || 'unknown error', e.intuit_tid || null);
}

export function authorizeUrl(settings: QboSettings, state: string): string {
  return client(settings).authorizeUri({ scope: [ACCOUNTING_SCOPE], state });
}

/** Exchanges the callback's code. `callbackUrl` is the full URL Intuit redirected to (code, state, realmId). */
export async function exchangeCode(settings: QboSettings, callbackUrl: string): Promise<IssuedTokens> {
  try {
    const response = await client(settings).createToken(callbackUrl);
    const realmId = new URL(callbackUrl, 'http://x').searchParams.get('realmId') ?? undefined;
    return { ...issued(response.json as Record<string, unknown>), realmId };
  } catch (error) {
    throw failure(error);
  }
}

export async function refreshTokens(settings: QboSettings, refreshToken: string): Promise<IssuedTokens> {
  try {
    const response = await client(settings).refreshUsingToken(refreshToken);
    return issued(response.json as Record<string, unknown>);
  } catch (error) {
    throw failure(error);
  }
}

export async function revokeToken(settings: QboSettings, token: string): Promise<void> {
  try {
    await client(settings).revoke({ refresh_token: token });
  } catch (error) {
    throw failure(error);
  }
}
