import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { User } from '../schema.js';
import { deleteUserSessions } from './sessions.js';
import { setPasswordHash } from './users.js';

// One-time links to set a password: a random token shown once (in the link), stored as its SHA-256, valid
// for 72 hours, and used at most once. A user has one live link at a time: a new one replaces the last.

export const SET_PASSWORD_TTL_HOURS = 72;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new link's token, in the clear, once; the user's earlier links (and any expired ones) stop working. */
export async function issueSetPasswordToken(db: Db, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('set_password_tokens')
      .where((eb) => eb.or([eb('user_id', '=', userId), eb('expires_at', '<=', sql<Date>`now()`)]))
      .execute();
    await trx
      .insertInto('set_password_tokens')
      .values({
        token_hash: digest(token),
        user_id: userId,
        expires_at: sql<Date>`now() + make_interval(hours => ${SET_PASSWORD_TTL_HOURS})`,
      })
      .execute();
  });
  return token;
}

/** Whether a token could still be used (a cheap check before the slow password hash). */
export async function setPasswordTokenIsLive(db: Db, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('set_password_tokens')
    .select('user_id')
    .where('token_hash', '=', digest(token))
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Spends the token and sets the password in one transaction: the token works once (two racing uses cannot
 * both win), and the user's other sessions end. Undefined when the token is unknown, used or expired.
 */
export async function useSetPasswordToken(
  db: Db,
  token: string,
  passwordHash: string,
  keepSessionId?: string,
): Promise<User | undefined> {
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .deleteFrom('set_password_tokens')
      .where('token_hash', '=', digest(token))
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id')
      .executeTakeFirst();
    if (!spent) return undefined;
    const user = await setPasswordHash(trx, spent.user_id, passwordHash);
    await deleteUserSessions(trx, user.id, keepSessionId);
    return user;
  });
}
