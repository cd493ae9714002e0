import { randomBytes } from 'node:crypto';
import type { TokenResponse } from '../quickbooks/wire-types.js';

export const REFRESH_TTL_SECONDS = 8_726_400;
/** Intuit's 2025 policy: every refresh chain dies five years after consent, whatever the rolling expiry. */
export const HARD_TTL_SECONDS = 5 * 365 * 24 * 3600;

interface Grant {
  id: string;
  realmId: string;
  clientId: string;
  revoked: boolean;
  refreshToken: string;
  refreshExpiresMs: number;
  hardExpiresMs: number;
  accessTokens: Set<string>;
  /** Successful refreshes, so tests can tell one refresh from two. */
  refreshes: number;
}

export interface GrantSummary {
  realmId: string;
  revoked: boolean;
  refreshes: number;
}

interface AuthCode {
  realmId: string;
  clientId: string;
  redirectUri: string;
  expiresMs: number;
  used: boolean;
  grantId?: string;
}

interface AccessToken {
  grantId: string;
  realmId: string;
  expiresMs: number;
}

export type GrantError = { error: 'invalid_grant'; error_description: string };

function opaque(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Authorization codes, grants (one per consent), and the tokens hanging off each grant. */
export class TokenStore {
  private readonly codes = new Map<string, AuthCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly refreshIndex = new Map<string, string>();
  private readonly accessIndex = new Map<string, AccessToken>();

  constructor(
    private readonly accessTtlSeconds: number,
    private readonly codeTtlSeconds: number,
  ) {}

  issueCode(realmId: string, clientId: string, redirectUri: string, nowMs: number): string {
    const code = opaque('AB11', 30);
    this.codes.set(code, {
      realmId,
      clientId,
      redirectUri,
      expiresMs: nowMs + this.codeTtlSeconds * 1000,
      used: false,
    });
    return code;
  }

  exchangeCode(
    code: string,
    clientId: string,
    redirectUri: string | undefined,
    nowMs: number,
    withHard: boolean,
  ): TokenResponse | GrantError {
    const entry = this.codes.get(code);
    if (!entry || entry.clientId !== clientId)
      return { error: 'invalid_grant', error_description: 'Invalid authorization code' };
    if (entry.used) {
      // Intuit treats a replayed code as theft: the tokens it already issued die with it.
      if (entry.grantId) this.revokeGrant(entry.grantId);
      return { error: 'invalid_grant', error_description: 'Authorization code has already been used' };
    }
    if (entry.expiresMs <= nowMs)
      return { error: 'invalid_grant', error_description: 'Authorization code has expired' };
    if (redirectUri !== entry.redirectUri)
      return { error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' };
    entry.used = true;
    const grant: Grant = {
      id: opaque('g', 12),
      realmId: entry.realmId,
      clientId,
      revoked: false,
      refreshToken: '',
      refreshExpiresMs: 0,
      hardExpiresMs: nowMs + HARD_TTL_SECONDS * 1000,
      accessTokens: new Set(),
      refreshes: 0,
    };
    this.grants.set(grant.id, grant);
    entry.grantId = grant.id;
    return this.issue(grant, nowMs, withHard);
  }

  refresh(refreshToken: string, clientId: string, nowMs: number, withHard: boolean): TokenResponse | GrantError {
    const grantId = this.refreshIndex.get(refreshToken);
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (!grant || grant.clientId !== clientId || grant.revoked || grant.refreshToken !== refreshToken) {
      return { error: 'invalid_grant', error_description: 'Incorrect or invalid refresh token' };
    }
    if (grant.refreshExpiresMs <= nowMs || grant.hardExpiresMs <= nowMs) {
      return { error: 'invalid_grant', error_description: 'Refresh token has expired' };
    }
    grant.refreshes += 1;
    return this.issue(grant, nowMs, withHard);
  }

  private issue(grant: Grant, nowMs: number, withHard: boolean): TokenResponse {
    // Each refresh rotates: the previous refresh token stops working at once.
    grant.refreshToken = opaque('AB11', 36);
    grant.refreshExpiresMs = Math.min(nowMs + REFRESH_TTL_SECONDS * 1000, grant.hardExpiresMs);
    this.refreshIndex.set(grant.refreshToken, grant.id);
    const accessToken = opaque('eyJ', 96);
    this.accessIndex.set(accessToken, {
      grantId: grant.id,
      realmId: grant.realmId,
      expiresMs: nowMs + this.accessTtlSeconds * 1000,
    });
    grant.accessTokens.add(accessToken);
    const response: TokenResponse = {
      token_type: 'bearer',
      access_token: accessToken,
      refresh_token: grant.refreshToken,
      expires_in: this.accessTtlSeconds,
      x_refresh_token_expires_in: Math.floor((grant.refreshExpiresMs - nowMs) / 1000),
    };
    if (withHard) response.x_refresh_token_hard_expires_in = Math.floor((grant.hardExpiresMs - nowMs) / 1000);
    return response;
  }

  /** Revoking either token of a grant disconnects the app: the whole grant dies. Unknown tokens are a no-op. */
  revoke(token: string, clientId: string): void {
    const grantId = this.refreshIndex.get(token) ?? this.accessIndex.get(token)?.grantId;
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (grant && grant.clientId === clientId) this.revokeGrant(grant.id);
  }

  private revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  /** Why an access token may not call this realm, or null when it may. */
  check(accessToken: string | undefined, realmId: string, nowMs: number): string | null {
    if (!accessToken) return 'Token expired: no access token supplied';
    const short = `${accessToken.slice(0, 12)}...`;
    const entry = this.accessIndex.get(accessToken);
    if (!entry) return `Token expired: ${short}`;
    const grant = this.grants.get(entry.grantId);
    if (!grant || grant.revoked) return `Token revoked: ${short}`;
    if (entry.expiresMs <= nowMs) return `Token expired: ${short}`;
    if (entry.realmId !== realmId) return `Token is not authorized for realm ${realmId}: ${short}`;
    return null;
  }

  /** Ages every access token (of one realm) past its expiry, as an hour passing would. */
  expireAccessTokens(realmId: string | undefined, nowMs: number): number {
    let n = 0;
    for (const t of this.accessIndex.values()) {
      if (realmId === undefined || t.realmId === realmId) {
        t.expiresMs = Math.min(t.expiresMs, nowMs - 1);
        n += 1;
      }
    }
    return n;
  }

  /** The grants (consents) given for a realm, oldest first: never any token. */
  grantsOf(realmId: string): GrantSummary[] {
    return [...this.grants.values()]
      .filter((g) => g.realmId === realmId)
      .map((g) => ({ realmId: g.realmId, revoked: g.revoked, refreshes: g.refreshes }));
  }

  /** Intuit only sends webhooks for companies connected to the app. */
  isConnected(realmId: string): boolean {
    for (const g of this.grants.values()) if (g.realmId === realmId && !g.revoked) return true;
    return false;
  }

  clear(): void {
    this.codes.clear();
    this.grants.clear();
    this.refreshIndex.clear();
    this.accessIndex.clear();
  }
}
