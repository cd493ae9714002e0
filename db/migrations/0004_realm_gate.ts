import { sql, type Kysely } from 'kysely';

// What every process calling QBO shares about a realm: its request count in the current window, its call
// slots (one row each, locked while a call is in flight) and how long QBO asked to be left alone.
// qbo_rate_limits is rate-limiter-flexible's table, made here exactly as the library would make it, so
// no process creates tables at run time.

// Migrations take Kysely<any>: they must keep working when today's schema types move on.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('qbo_rate_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
  await db.schema
    .createTable('qbo_realm_slots')
    .addColumn('realm_id', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('qbo_realm_slots_pkey', ['realm_id', 'slot'])
    .execute();
  await db.schema
    .createTable('qbo_realm_pauses')
    .addColumn('realm_id', 'text', (c) => c.primaryKey())
    .addColumn('paused_until', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('qbo_realm_pauses').execute();
  await db.schema.dropTable('qbo_realm_slots').execute();
  await db.schema.dropTable('qbo_rate_limits').execute();
}
