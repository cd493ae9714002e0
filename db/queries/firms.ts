import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { Firm, Role } from '../schema.js';

// API keys are shown once and stored only as a SHA-256 hash: they are long random values, so a fast hash
// is enough. A key is found by its public prefix, then its hash is compared in constant time.

const PREFIX_LENGTH = 12;

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
    .values({ id: newId(), firm_id: firmId, key_hash: hashApiKey(key), key_prefix: key.slice(0, PREFIX_LENGTH), role })
    .execute();
  return key;
}

export async function findApiKey(db: Db, key: string): Promise<{ firmId: string; role: Role } | undefined> {
  const candidates = await db
    .selectFrom('api_keys')
    .select(['firm_id', 'role', 'key_hash'])
    .where('key_prefix', '=', key.slice(0, PREFIX_LENGTH))
    .where('revoked_at', 'is', null)
    .execute();
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const match = candidates.find((row) => timingSafeEqual(Buffer.from(row.key_hash, 'hex'), presented));
  return match && { firmId: match.firm_id, role: match.role };
}

export async function setSubscribed(db: Db, firmId: string, subscribed: boolean): Promise<Firm> {
  return (
    db
      .updateTable('firms')
      // Unsubscribing stops sync; nothing else is touched, so subscribing again picks up where it was.
      .set(subscribed ? { subscribed: true, subscribed_at: new Date() } : { subscribed: false, active: false })
      .where('id', '=', firmId)
      .returningAll()
      .executeTakeFirstOrThrow()
  );
}

export async function updateFirmSettings(
  db: Db,
  firmId: string,
  settings: {
    syncModel?: 1 | 2;
    unmappedPolicy?: 'create' | 'hold';
    autoSync?: boolean;
    updateLinkedRecords?: boolean;
  },
): Promise<Firm> {
  return db
    .updateTable('firms')
    .set({
      ...(settings.syncModel !== undefined && { sync_model: settings.syncModel }),
      ...(settings.unmappedPolicy !== undefined && { unmapped_policy: settings.unmappedPolicy }),
      ...(settings.autoSync !== undefined && { auto_sync: settings.autoSync }),
      ...(settings.updateLinkedRecords !== undefined && { update_linked_records: settings.updateLinkedRecords }),
    })
    .where('id', '=', firmId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The first activation is kept: invoices from an earlier active period stay eligible after a pause. */
export async function setActive(db: Db, firmId: string, active: boolean): Promise<Firm> {
  return db
    .updateTable('firms')
    .set((eb) =>
      active ? { active: true, activated_at: eb.fn.coalesce('activated_at', sql<Date>`now()`) } : { active: false },
    )
    .where('id', '=', firmId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
