import type { Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { ConnectionStatus, Database, QboConnection } from '../schema.js';

/** Tokens arrive here already encrypted; this module never sees them in the clear. */
export interface SealedTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string;
  accessTokenExpiresAt: Date;
  refreshTokenExpiresAt: Date;
}

export async function getConnection(db: Db, firmId: string): Promise<QboConnection | undefined> {
  return db.selectFrom('qbo_connections').selectAll().where('firm_id', '=', firmId).executeTakeFirst();
}

/** Takes the firm's connection row lock for the rest of the transaction: one refresh at a time, across workers. */
export async function lockConnection(trx: Transaction<Database>, firmId: string): Promise<QboConnection | undefined> {
  return trx.selectFrom('qbo_connections').selectAll().where('firm_id', '=', firmId).forUpdate().executeTakeFirst();
}

export async function saveConnection(
  db: Db,
  firmId: string,
  realmId: string,
  companyName: string | null,
  tokens: SealedTokens,
): Promise<void> {
  const values = {
    realm_id: realmId,
    company_name: companyName,
    status: 'connected' as const,
    access_token_enc: tokens.accessTokenEnc,
    refresh_token_enc: tokens.refreshTokenEnc,
    access_token_expires_at: tokens.accessTokenExpiresAt,
    refresh_token_expires_at: tokens.refreshTokenExpiresAt,
    connected_at: new Date(),
    updated_at: new Date(),
  };
  await db
    .insertInto('qbo_connections')
    .values({ firm_id: firmId, ...values })
    .onConflict((oc) => oc.column('firm_id').doUpdateSet(values))
    .execute();
}

export async function saveRefreshedTokens(
  trx: Transaction<Database> | Db,
  firmId: string,
  tokens: SealedTokens,
): Promise<void> {
  await trx
    .updateTable('qbo_connections')
    .set({
      access_token_enc: tokens.accessTokenEnc,
      refresh_token_enc: tokens.refreshTokenEnc,
      access_token_expires_at: tokens.accessTokenExpiresAt,
      refresh_token_expires_at: tokens.refreshTokenExpiresAt,
      updated_at: new Date(),
    })
    .where('firm_id', '=', firmId)
    .execute();
}

export async function setConnectionStatus(
  db: Transaction<Database> | Db,
  firmId: string,
  status: ConnectionStatus,
): Promise<void> {
  await db
    .updateTable('qbo_connections')
    .set({ status, updated_at: new Date() })
    .where('firm_id', '=', firmId)
    .execute();
}

/** Disconnect: the tokens are gone for good; the realm, mappings and sync history stay for a reconnect. */
export async function dropTokens(db: Db, firmId: string): Promise<void> {
  await db
    .updateTable('qbo_connections')
    .set({
      status: 'disconnected',
      access_token_enc: null,
      refresh_token_enc: null,
      access_token_expires_at: null,
      refresh_token_expires_at: null,
      updated_at: new Date(),
    })
    .where('firm_id', '=', firmId)
    .execute();
}

/**
 * A different QBO company: the old company's invoice ids mean nothing there, so every invoice is to be
 * posted afresh (a new generation, so no requestid of the old company is reused). Mappings are kept per
 * company, so the old ones simply stop applying.
 */
export async function forgetOldRealm(db: Db, firmId: string): Promise<void> {
  await db
    .updateTable('invoice_sync_state')
    .set((eb) => ({
      status: 'not_synced',
      qbo_invoice_id: null,
      qbo_sync_token: null,
      synced_revision: null,
      last_error: null,
      generation: eb('generation', '+', 1),
      updated_at: new Date(),
    }))
    .where('firm_id', '=', firmId)
    .execute();
}

/** Firms whose QBO company this is and whose payments come from QBO (Model 2, active, connected). */
export async function model2FirmsForRealm(db: Db, realmId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('qbo_connections as c')
    .innerJoin('firms as f', 'f.id', 'c.firm_id')
    .select('f.id')
    .where('c.realm_id', '=', realmId)
    .where('c.status', '=', 'connected')
    .where('f.sync_model', '=', 2)
    .where('f.active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

export async function saveCdcCursor(db: Db, firmId: string, cursor: string): Promise<void> {
  await db.updateTable('qbo_connections').set({ cdc_cursor: cursor }).where('firm_id', '=', firmId).execute();
}
