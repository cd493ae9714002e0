import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { dropTokens, forgetOldRealm, getConnection, saveConnection } from '../../db/queries/connections.js';
import { consumeOauthState, createOauthState } from '../../db/queries/oauth-states.js';
import { recordSyncLog } from '../../domain/sync-log-events.js';
import { OAuthFailure } from '../../qbo-connection/oauth.js';
import type { QuickBooksAccess } from '../../qbo-connection/quickbooks-access.js';
import { QboError } from '../../quickbooks/errors.js';
import { ApiError, badRequest, conflict } from '../http-errors.js';
import { requireEarlierSteps } from './setup-order.js';

export const STATE_TTL_MS = 10 * 60_000;

export interface ConnectionDeps {
  db: Db;
  quickbooks: QuickBooksAccess;
}

/** Step 1: Intuit's consent URL, with a random state bound to this firm, usable once, for ten minutes. */
export async function startConnect(deps: ConnectionDeps, firmId: string): Promise<string> {
  await requireEarlierSteps(deps.db, firmId, 'connect');
  const state = randomBytes(24).toString('base64url');
  await createOauthState(deps.db, firmId, state, STATE_TTL_MS);
  return deps.quickbooks.authorizeUrl(state);
}

/**
 * Step 2, Intuit's redirect back. The state is used up before the code is exchanged, so a callback fired
 * twice exchanges the code once (Intuit revokes the tokens of a code exchanged twice) and the second
 * answer is a 400 that changes nothing.
 */
export async function completeConnect(
  deps: ConnectionDeps,
  callback: { url: string; state: string; realmId: string },
): Promise<void> {
  const check = await consumeOauthState(deps.db, callback.state);
  if (!check.ok) {
    const why = { unknown: 'is not one this service issued', used: 'was already used', expired: 'has expired' }[
      check.reason
    ];
    throw new ApiError(400, 'invalid_state', `The authorization state ${why}; start the connection again`, 'state');
  }
  const firmId = check.firmId;
  const previous = await getConnection(deps.db, firmId);
  if (previous?.status === 'connected' && previous.realm_id !== callback.realmId) {
    throw conflict(
      'disconnect_first',
      `This firm is connected to QuickBooks company ${previous.realm_id}; disconnect it before connecting another company`,
    );
  }

  const { tokens, company } = await deps.quickbooks
    .exchangeCode(callback.url, callback.realmId)
    .catch((error: unknown) => {
      if (error instanceof OAuthFailure)
        throw badRequest(
          'code',
          `QuickBooks did not accept the authorization (${error.error}); start the connection again`,
        );
      if (error instanceof QboError)
        throw new ApiError(
          502,
          'quickbooks_unavailable',
          `Connected, but QuickBooks did not return the company details: ${error.message}`,
        );
      throw error;
    });

  if (previous && previous.realm_id !== callback.realmId) await forgetOldRealm(deps.db, firmId);
  await saveConnection(deps.db, firmId, callback.realmId, company.CompanyName, tokens);
  await recordSyncLog(deps.db, {
    kind: 'quickbooks_connected',
    firmId,
    realmId: callback.realmId,
    companyName: company.CompanyName,
  });
}

/** Revokes the grant at Intuit and forgets the tokens; mappings and sync history stay for a reconnect. */
export async function disconnect(deps: ConnectionDeps, firmId: string): Promise<void> {
  const connection = await getConnection(deps.db, firmId);
  if (!connection || connection.status === 'disconnected') return;
  await deps.quickbooks.revoke(firmId).catch((error: unknown) =>
    recordSyncLog(deps.db, {
      kind: 'revoke_failed',
      firmId,
      realmId: connection.realm_id,
      reason: (error as Error).message,
    }),
  );
  await dropTokens(deps.db, firmId);
  await recordSyncLog(deps.db, {
    kind: 'quickbooks_disconnected',
    firmId,
    realmId: connection.realm_id,
    companyName: connection.company_name,
  });
}
