import type { Db } from '../database.js';

export type StateCheck = { ok: true; firmId: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export async function createOauthState(db: Db, firmId: string, state: string, ttlMs: number): Promise<void> {
  await db
    .insertInto('oauth_states')
    .values({ state, firm_id: firmId, expires_at: new Date(Date.now() + ttlMs) })
    .execute();
}

/** Uses a state up, atomically: of two callbacks racing with the same state, exactly one gets the firm. */
export async function consumeOauthState(db: Db, state: string): Promise<StateCheck> {
  const used = await db
    .updateTable('oauth_states')
    .set({ used_at: new Date() })
    .where('state', '=', state)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('firm_id')
    .executeTakeFirst();
  if (used) return { ok: true, firmId: used.firm_id };
  const row = await db.selectFrom('oauth_states').select(['used_at']).where('state', '=', state).executeTakeFirst();
  return { ok: false, reason: !row ? 'unknown' : row.used_at ? 'used' : 'expired' };
}
