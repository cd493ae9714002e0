import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { Firm, Role } from '../schema.js';

// API keys are shown once and stored only as a SHA-256 hash: they are long random values, so a fast hash
// is enough and lookups stay an index hit.

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export function generateApiKey(): string {
  return `qbs_${randomBytes(24).toString('base64url')}`;
}

export async function createFirm(db: Db, name: string): Promise<Firm> {
  return db.insertInto('firms').values({ id: newId(), name }).returningAll().executeTakeFirstOrThrow();
}

export async function getFirm(db: Db, firmId: string): Promise<Firm | undefined> {
  return db.selectFrom('firms').selectAll().where('id', '=', firmId).executeTakeFirst();
}

/** Stores a key (generated unless given, e.g. DEMO_API_KEY) and returns it in the clear, once. */
export async function issueApiKey(db: Db, firmId: string, role: Role, key = generateApiKey()): Promise<string> {
  await db
    .insertInto('api_keys')
    .values({ id: newId(), firm_id: firmId, key_hash: hashApiKey(key), key_prefix: key.slice(0, 8), role })
    .execute();
  return key;
}

export async function findApiKey(db: Db, key: string): Promise<{ firmId: string; role: Role } | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['firm_id', 'role'])
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { firmId: row.firm_id, role: row.role };
}

/** Until the setup flow exists everywhere, seeding turns sync on directly. */
export async function setFirmSyncSettings(
  db: Db,
  firmId: string,
  settings: { subscribed?: boolean; syncModel?: 1 | 2; active?: boolean; activatedAt?: Date },
): Promise<void> {
  await db
    .updateTable('firms')
    .set({
      ...(settings.subscribed !== undefined && { subscribed: settings.subscribed, subscribed_at: settings.subscribed ? new Date() : null }),
      ...(settings.syncModel !== undefined && { sync_model: settings.syncModel }),
      ...(settings.active !== undefined && { active: settings.active, activated_at: settings.active ? (settings.activatedAt ?? new Date()) : null }),
    })
    .where('id', '=', firmId)
    .execute();
}
