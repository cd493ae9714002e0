import type pg from 'pg';
import { createPool, type Db } from '../db/database.js';
import type { SealedTokens } from '../db/queries/connections.js';
import { recordSyncLog } from '../domain/sync-log-events.js';
import { recordQboCall, type Metrics } from '../observability/metrics.js';
import { QboClient, type AccessTokenSource, type QboCallFailure, type RealmGate } from '../quickbooks/client.js';
import type { CompanyInfo } from '../quickbooks/wire-types.js';
import { authorizeUrl, exchangeCode, revokeToken } from './oauth.js';
import { createRealmGate, type RealmLimits } from './realm-gate.js';
import type { QboSettings } from './settings.js';
import type { TokenCipher } from './token-cipher.js';
import { ConnectionLostError, TokenStore } from './token-store.js';

export interface QuickBooksAccessOptions {
  db: Db;
  settings: QboSettings;
  cipher: TokenCipher;
  metrics: Metrics;
  /**
   * The realm gate shared with every other process calling QBO (realmLimitsFromEnv), over a pool of its
   * own: each call in flight holds one of its connections for as long as the call lasts, so the pool gets
   * `callsInFlight` + 2 (see realm-gate.ts).
   */
  gate: RealmLimits & { databaseUrl: string; callsInFlight: number };
  /** Failed calls, with only what is safe to log (never a token or a body). */
  onFailure?: (failure: QboCallFailure & { firmId: string }) => void;
}

export interface FirmQbo {
  qbo: QboClient;
  realmId: string;
}

/**
 * The one way anything reaches QuickBooks: built once per process, it hands out a firm's client with
 * token refresh, the realm gate and call metrics always on, and runs the OAuth steps of connecting.
 */
export class QuickBooksAccess {
  readonly tokens: TokenStore;
  readonly settings: QboSettings;
  private readonly pool: pg.Pool;
  private readonly gate: RealmGate;

  constructor(private readonly options: QuickBooksAccessOptions) {
    this.settings = options.settings;
    this.tokens = new TokenStore(options.db, options.cipher, options.settings);
    const { databaseUrl, callsInFlight, ...limits } = options.gate;
    this.pool = createPool(databaseUrl, callsInFlight + 2);
    this.gate = createRealmGate({
      pool: this.pool,
      ...limits,
      backoff: { firstMs: options.settings.throttleFirstPauseMs, maxMs: options.settings.throttlePauseMs },
    });
  }

  /** The firm's connected company (NotConnectedError when there is none). */
  async forFirm(firmId: string): Promise<FirmQbo> {
    const connection = await this.tokens.connection(firmId);
    const { onFailure } = this.options;
    return {
      qbo: this.client(
        connection.realmId,
        this.recordingLostConnection(firmId, connection.tokens),
        onFailure && ((failure) => onFailure({ ...failure, firmId })),
      ),
      realmId: connection.realmId,
    };
  }

  /** Intuit's consent URL for a state this service issued. */
  authorizeUrl(state: string): string {
    return authorizeUrl(this.settings, state);
  }

  /**
   * The callback's code exchanged for tokens (OAuthFailure when Intuit refuses it), and the company they
   * open, read with the new tokens before anything is saved.
   */
  async exchangeCode(callbackUrl: string, realmId: string): Promise<{ tokens: SealedTokens; company: CompanyInfo }> {
    const issued = await exchangeCode(this.settings, callbackUrl);
    const accessToken = async () => issued.accessToken;
    const company = await this.client(realmId, { current: accessToken, refreshed: accessToken }).companyInfo();
    return { tokens: this.tokens.seal(issued), company };
  }

  /** Revokes the firm's grant at Intuit (OAuthFailure when Intuit refuses); nothing happens without one. */
  async revoke(firmId: string): Promise<void> {
    const refreshToken = await this.tokens.refreshTokenOf(firmId);
    if (refreshToken) await revokeToken(this.settings, refreshToken);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private client(realmId: string, tokens: AccessTokenSource, onFailure?: (failure: QboCallFailure) => void): QboClient {
    const { metrics } = this.options;
    return new QboClient({
      baseUrl: this.settings.apiBaseUrl,
      realmId,
      tokens,
      gate: this.gate,
      onCall: (call) => recordQboCall(metrics, call),
      onFailure,
    });
  }

  /** A connection the token store reports lost (a refused refresh token) is recorded in the sync log. */
  private recordingLostConnection(firmId: string, tokens: AccessTokenSource): AccessTokenSource {
    const record = async (error: unknown): Promise<never> => {
      if (error instanceof ConnectionLostError)
        await recordSyncLog(this.options.db, { kind: 'connection_lost', firmId, intuitTid: error.refreshIntuitTid });
      throw error;
    };
    return {
      current: () => tokens.current().catch(record),
      refreshed: (refused) => tokens.refreshed(refused).catch(record),
    };
  }
}
