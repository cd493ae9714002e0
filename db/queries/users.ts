import { sql } from 'kysely';
import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { Role, User } from '../schema.js';

// A firm's people. Emails are unique across all firms whatever their case (one email, one sign-in), and a
// firm never loses its last admin: changes that could do so run one at a time per firm, under its row lock.

export interface NewUser {
  firmId: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
}

/** The new user, or undefined when the email is taken (in any firm). */
export async function createUser(db: Db, user: NewUser): Promise<User | undefined> {
  return db
    .insertInto('users')
    .values({
      id: newId(),
      firm_id: user.firmId,
      email: user.email,
      name: user.name,
      role: user.role,
      password_hash: user.passwordHash,
    })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function listUsers(db: Db, firmId: string): Promise<User[]> {
  return db.selectFrom('users').selectAll().where('firm_id', '=', firmId).orderBy('id').execute();
}

export async function getUser(db: Db, firmId: string, userId: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('firm_id', '=', firmId).where('id', '=', userId).executeTakeFirst();
}

/** For signing in: any firm's user with this email, whatever its case. */
export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/** A signed-in user as of now, with their firm: read on every request, so a removal or new role counts at once. */
export async function findUserWithFirm(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('firms', 'firms.id', 'users.firm_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.firm_id', 'firms.name as firm_name'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

export type AdminChange<T> = T | 'not_found' | 'last_admin';

/**
 * Runs a change to one of the firm's users with the firm's row locked, refusing it when the user is an
 * admin, `keepsAdmin` says they would stop being one, and no other admin is left.
 */
async function changeUser<T>(
  db: Db,
  firmId: string,
  userId: string,
  keepsAdmin: boolean,
  change: (trx: Db) => Promise<T>,
): Promise<AdminChange<T>> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('firms').select('id').where('id', '=', firmId).forUpdate().executeTakeFirst();
    const user = await getUser(trx, firmId, userId);
    if (!user) return 'not_found';
    if (user.role === 'admin' && !keepsAdmin) {
      const others = await trx
        .selectFrom('users')
        .select('id')
        .where('firm_id', '=', firmId)
        .where('role', '=', 'admin')
        .where('id', '<>', userId)
        .limit(1)
        .execute();
      if (others.length === 0) return 'last_admin';
    }
    return change(trx);
  });
}

export async function updateUser(
  db: Db,
  firmId: string,
  userId: string,
  update: { role?: Role; name?: string },
): Promise<AdminChange<User>> {
  return changeUser(db, firmId, userId, update.role === undefined || update.role === 'admin', (trx) =>
    trx
      .updateTable('users')
      .set({
        ...(update.role && { role: update.role }),
        ...(update.name !== undefined && { name: update.name }),
        updated_at: new Date(),
      })
      .where('firm_id', '=', firmId)
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** Removing a user ends their sessions and set-password links with them (the rows cascade). */
export async function deleteUser(db: Db, firmId: string, userId: string): Promise<AdminChange<'deleted'>> {
  return changeUser(db, firmId, userId, false, async (trx) => {
    await trx.deleteFrom('users').where('firm_id', '=', firmId).where('id', '=', userId).execute();
    return 'deleted' as const;
  });
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<User> {
  return db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Frees an email for a new user by removing whoever has it now, in any firm (the demo re-creates its people). */
export async function releaseEmail(db: Db, email: string): Promise<void> {
  await db
    .deleteFrom('users')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .execute();
}
