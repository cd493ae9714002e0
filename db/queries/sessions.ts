import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../database.js';

// The browser sessions' store. A session id is a bearer credential, so only its SHA-256 is kept (a long
// random value needs no slow hash); an expired row is never read back and is swept away now and then.

const digest = (sessionId: string): string => createHash('sha256').update(sessionId).digest('hex');

export async function readSession(db: Db, sessionId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('data')
    .where('id_hash', '=', digest(sessionId))
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.data;
}

export async function writeSession(
  db: Db,
  sessionId: string,
  session: { userId: string | null; data: Record<string, unknown>; expiresAt: Date },
): Promise<void> {
  const values = { user_id: session.userId, data: JSON.stringify(session.data), expires_at: session.expiresAt };
  await db
    .insertInto('sessions')
    .values({ id_hash: digest(sessionId), ...values })
    .onConflict((oc) => oc.column('id_hash').doUpdateSet(values))
    .execute();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', digest(sessionId)).execute();
}

/** Signs a user out everywhere, except (optionally) on the session making the request. */
export async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id_hash', '<>', digest(exceptSessionId));
  await query.execute();
}

export async function deleteExpiredSessions(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
