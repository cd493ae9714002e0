import type { Db } from '../database.js';
import type { LogLevel, NewSyncLogEntry, SyncLogEntry } from '../schema.js';
import { page, type Page } from './paging.js';

/** Writes an entry once: an entry with an event_key that is already there (a retried activity) is dropped. */
export async function appendSyncLog(db: Db, entry: NewSyncLogEntry): Promise<void> {
  await db
    .insertInto('sync_log')
    .values(entry)
    .onConflict((oc) => oc.columns(['firm_id', 'event_key']).doNothing())
    .execute();
}

export interface SyncLogFilter {
  invoiceId?: string;
  level?: LogLevel;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

export async function listSyncLog(db: Db, firmId: string, filter: SyncLogFilter): Promise<Page<SyncLogEntry>> {
  let query = db.selectFrom('sync_log').selectAll().where('firm_id', '=', firmId);
  if (filter.invoiceId) query = query.where('entity_id', '=', filter.invoiceId);
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.cursor) query = query.where('id', '>', Number(filter.cursor));
  return page(
    await query
      .orderBy('id')
      .limit(filter.limit + 1)
      .execute(),
    filter.limit,
  );
}
