import type { Db } from '../database.js';
import type { LogLevel, NewSyncLogEntry, SyncLogEntry } from '../schema.js';
import { page, type Page } from './paging.js';

/**
 * Writes an entry once: an entry with an event_key that is already there (a retried activity) is dropped.
 * Outside a transaction, entries that arrive while an earlier write is in flight go out together in the
 * next one (a bulk job's passes log concurrently), so a busy worker pays one round trip per write rather
 * than per entry, and an idle one waits for nothing. Each caller's promise settles with its own entry.
 */
export async function appendSyncLog(db: Db, entry: NewSyncLogEntry): Promise<void> {
  if (db.isTransaction) return insertEntries(db, [entry]);
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new GroupWriter(db)));
  return writer.append(entry);
}

function insertEntries(db: Db, entries: NewSyncLogEntry[]): Promise<void> {
  return db
    .insertInto('sync_log')
    .values(entries)
    .onConflict((oc) => oc.columns(['firm_id', 'event_key']).doNothing())
    .execute()
    .then(() => undefined);
}

interface Pending {
  entry: NewSyncLogEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const writers = new WeakMap<Db, GroupWriter>();

/** Rows per statement, well under PostgreSQL's 65,535 bind parameters (ten per entry). */
const MAX_GROUP = 500;

class GroupWriter {
  private queue: Pending[] = [];
  private writing = false;

  constructor(private readonly db: Db) {}

  append(entry: NewSyncLogEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    // Entries logged in the same turn of the event loop join the first write.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_GROUP);
      await this.write(group);
    }
    this.writing = false;
  }

  private async write(group: Pending[]): Promise<void> {
    try {
      await insertEntries(
        this.db,
        group.map((p) => p.entry),
      );
      for (const p of group) p.resolve();
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      // One bad entry must not fail the others' steps: each is written alone, and only it fails.
      await Promise.all(group.map((p) => insertEntries(this.db, [p.entry]).then(p.resolve, p.reject)));
    }
  }
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
