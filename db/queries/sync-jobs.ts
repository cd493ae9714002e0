import { sql } from 'kysely';
import type { Db } from '../database.js';
import { newId } from '../ids.js';

// A type alias, not an interface: the route's JSON-schema response type needs its implicit index signature.
export type JobProgress = {
  id: string;
  status: 'running' | 'completed';
  total: number;
  succeeded: number;
  failed: number;
  pending: number;
};

const INSERT_CHUNK = 1000;

export async function createSyncJob(
  db: Db,
  firmId: string,
  invoiceIds: readonly string[],
): Promise<{ id: string; total: number }> {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sync_jobs')
      .values({ id, firm_id: firmId, status: 'running', total: invoiceIds.length })
      .execute();
    for (let i = 0; i < invoiceIds.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('sync_job_items')
        .values(
          invoiceIds.slice(i, i + INSERT_CHUNK).map((invoiceId) => ({
            job_id: id,
            invoice_id: invoiceId,
            firm_id: firmId,
            status: 'pending' as const,
            error: null,
          })),
        )
        .execute();
    }
  });
  return { id, total: invoiceIds.length };
}

export async function getJobProgress(db: Db, firmId: string, jobId: string): Promise<JobProgress | undefined> {
  const job = await db
    .selectFrom('sync_jobs')
    .select(['id', 'status', 'total'])
    .where('firm_id', '=', firmId)
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!job) return undefined;
  const counts = await db
    .selectFrom('sync_job_items')
    .select([
      sql<string>`count(*) filter (where status = 'succeeded')`.as('succeeded'),
      sql<string>`count(*) filter (where status = 'failed')`.as('failed'),
      sql<string>`count(*) filter (where status = 'pending')`.as('pending'),
    ])
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  return {
    ...job,
    succeeded: Number(counts.succeeded),
    failed: Number(counts.failed),
    pending: Number(counts.pending),
  };
}

/** The job's invoices in a stable order, a page at a time after `after`. */
export async function jobInvoicePage(db: Db, jobId: string, after: string | null, limit: number): Promise<string[]> {
  let query = db.selectFrom('sync_job_items').select('invoice_id').where('job_id', '=', jobId);
  if (after) query = query.where('invoice_id', '>', after);
  return (await query.orderBy('invoice_id').limit(limit).execute()).map((r) => r.invoice_id);
}

export async function jobItemStatus(
  db: Db,
  jobId: string,
  invoiceId: string,
): Promise<'pending' | 'succeeded' | 'failed' | undefined> {
  return (
    await db
      .selectFrom('sync_job_items')
      .select('status')
      .where('job_id', '=', jobId)
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst()
  )?.status;
}

/**
 * Of these invoices of the job, the ones not settled yet, with their number (null: the invoice is gone).
 * A page retried after some of its invoices settled picks up only the rest.
 */
export async function pendingJobItems(
  db: Db,
  jobId: string,
  invoiceIds: readonly string[],
): Promise<Array<{ invoiceId: string; number: string | null }>> {
  if (invoiceIds.length === 0) return [];
  const rows = await db
    .selectFrom('sync_job_items as item')
    .leftJoin('invoices', (join) =>
      join.onRef('invoices.id', '=', 'item.invoice_id').onRef('invoices.firm_id', '=', 'item.firm_id'),
    )
    .select(['item.invoice_id', 'invoices.number'])
    .where('item.job_id', '=', jobId)
    .where('item.invoice_id', 'in', invoiceIds)
    .where('item.status', '=', 'pending')
    .orderBy('item.invoice_id')
    .execute();
  return rows.map((r) => ({ invoiceId: r.invoice_id, number: r.number }));
}

export async function settleJobItem(
  db: Db,
  jobId: string,
  invoiceId: string,
  status: 'succeeded' | 'failed',
  error: string | null,
): Promise<void> {
  await db
    .updateTable('sync_job_items')
    .set({ status, error })
    .where('job_id', '=', jobId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

export async function completeSyncJob(db: Db, jobId: string): Promise<void> {
  await db
    .updateTable('sync_jobs')
    .set({ status: 'completed', completed_at: new Date() })
    .where('id', '=', jobId)
    .where('status', '=', 'running')
    .execute();
}
