import { sql, type Kysely } from 'kysely';

// A connection whose grant QBO refused is not "expired" but waiting for the firm to reconnect, and
// says so. API keys are looked up by their public prefix and then compared in constant time.

// Migrations take Kysely<any>: they must keep working when today's schema types move on.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table qbo_connections drop constraint if exists qbo_connections_status_check`.execute(db);
  await db.updateTable('qbo_connections').set({ status: 'needs_reconnect' }).where('status', '=', 'expired').execute();
  await sql`alter table qbo_connections add constraint qbo_connections_status_check check (status in ('connected', 'disconnected', 'needs_reconnect'))`.execute(
    db,
  );
  await db.schema.createIndex('api_keys_prefix_idx').on('api_keys').column('key_prefix').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_keys_prefix_idx').execute();
  await sql`alter table qbo_connections drop constraint if exists qbo_connections_status_check`.execute(db);
  await db.updateTable('qbo_connections').set({ status: 'expired' }).where('status', '=', 'needs_reconnect').execute();
  await sql`alter table qbo_connections add constraint qbo_connections_status_check check (status in ('connected', 'disconnected', 'expired'))`.execute(
    db,
  );
}
