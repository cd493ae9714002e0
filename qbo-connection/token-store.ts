import type { Db } from '../db/database.js';
import {
  getConnection,
  lockConnection,
  saveRefreshedTokens,
  setConnectionStatus,
  type SealedTokens,
} from '../db/queries/connections.js';
import type { AccessTokenSource } from '../quickbooks/client.js';
import { QboError } from '../quickbooks/errors.js';
import { OAuthFailure, refreshTokens, type IssuedTokens } from './oauth.js';
import type { QboSettings } from './settings.js';
import type { TokenCipher } from './token-cipher.js';

/** Refresh a little before expiry so a token never runs out mid-request. */
const EXPIRY_MARGIN_MS = 120_000;

export class NotConnectedError extends QboError {
  constructor(reason: string) {
    super(
      401,
      'AuthenticationFault',
      [{ Message: 'QuickBooks is not connected', Detail: reason, code: 'not_connected' }],
      null,
      'auth_revoked',
    );
  }
}

/**
 * QuickBooks refused the firm's refresh token for good: the connection is now `needs_reconnect`. The token
 * store only reports it; whoever asked for the token records it in the sync log.
 */
export class ConnectionLostError extends NotConnectedError {
  constructor(
    /** intuit_tid of the refused refresh. */
    readonly refreshIntuitTid: string | null,
  ) {
    super('QuickBooks refused the refresh token; reconnect the company');
  }
}

export interface FirmConnection {
  realmId: string;
  tokens: AccessTokenSource;
}

/**
 * One place that hands out valid access tokens for a firm. A refresh happens under the firm's connection
 * row lock, and the rotated refresh token is committed before the new access token is used, so two
 * workers refreshing at once cannot leave each other holding a dead refresh token.
 */
export class TokenStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: TokenCipher,
    private readonly settings: QboSettings,
  ) {}

  seal(tokens: IssuedTokens): SealedTokens {
    return {
      accessTokenEnc: this.cipher.encrypt(tokens.accessToken),
      refreshTokenEnc: this.cipher.encrypt(tokens.refreshToken),
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    };
  }

  /** For revocation on disconnect; never leaves the server. */
  async refreshTokenOf(firmId: string): Promise<string | null> {
    const row = await getConnection(this.db, firmId);
    return row?.refresh_token_enc ? this.cipher.decrypt(row.refresh_token_enc) : null;
  }

  async connection(firmId: string): Promise<FirmConnection> {
    const row = await getConnection(this.db, firmId);
    if (!row || row.status !== 'connected')
      throw new NotConnectedError(row ? `the connection is ${row.status}` : 'no QuickBooks company is connected');
    // The row just read serves the first call; later calls read it again, so they see any refresh.
    let fresh: typeof row | undefined = row;
    return {
      realmId: row.realm_id,
      tokens: {
        current: () => {
          const known = fresh;
          fresh = undefined;
          return this.current(firmId, known);
        },
        refreshed: (refused) => this.refresh(firmId, refused),
      },
    };
  }

  private async current(firmId: string, known?: Awaited<ReturnType<typeof getConnection>>): Promise<string> {
    const row = known ?? (await getConnection(this.db, firmId));
    if (!row || row.status !== 'connected' || !row.access_token_enc)
      throw new NotConnectedError('the connection was removed');
    if (row.access_token_expires_at && row.access_token_expires_at.getTime() - EXPIRY_MARGIN_MS > Date.now()) {
      return this.cipher.decrypt(row.access_token_enc);
    }
    return this.refresh(firmId, null);
  }

  /**
   * `refused` is the token QBO just turned away (null when it merely expired): a different stored token means
   * another worker already refreshed. The row is read under its lock, so what is read is what the last
   * refresh committed: an invalid_grant on that refresh token is final, not a race with another worker.
   */
  private async refresh(firmId: string, refused: string | null): Promise<string> {
    // The status change must commit even though the caller gets an error, so the outcome leaves the transaction first.
    const outcome = await this.db
      .transaction()
      .execute(async (trx): Promise<{ token: string } | { lost: true; intuitTid: string | null }> => {
        const row = await lockConnection(trx, firmId);
        if (!row || row.status !== 'connected' || !row.refresh_token_enc || !row.access_token_enc)
          throw new NotConnectedError('the connection was removed');
        const stored = this.cipher.decrypt(row.access_token_enc);
        const storedFresh =
          row.access_token_expires_at !== null && row.access_token_expires_at.getTime() - EXPIRY_MARGIN_MS > Date.now();
        if (storedFresh && stored !== refused) return { token: stored };
        try {
          const issued = await refreshTokens(this.settings, this.cipher.decrypt(row.refresh_token_enc));
          await saveRefreshedTokens(trx, firmId, this.seal(issued));
          return { token: issued.accessToken };
        } catch (error) {
          if (!(error instanceof OAuthFailure && error.grantLost)) throw error;
          await setConnectionStatus(trx, firmId, 'needs_reconnect');
          return { lost: true, intuitTid: error.intuitTid };
        }
      });
    if ('lost' in outcome) throw new ConnectionLostError(outcome.intuitTid);
    return outcome.token;
  }
}
