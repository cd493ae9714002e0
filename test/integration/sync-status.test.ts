import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, type Db } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import { createFirm, setActive } from '../../db/queries/firms.js';
import { listInvoices, syncableInvoices } from '../../db/queries/invoices.js';
import { createPayer } from '../../db/queries/payers.js';
import { SHOWN_SYNC_STATUSES } from '../../domain/sync-status.js';
import { SYNC_STATUS_CASES } from '../fixtures/sync-status-cases.js';

// The SQL that lists invoices by status against the same table of cases as the domain's functions
// (domain/sync-status.test.ts): one invoice per case in a fresh firm, listed with each status filter.

let db: Db;
const firmCase = new Map<string, (typeof SYNC_STATUS_CASES)[number]>();
let firmId: string;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), 2);
  firmId = (await createFirm(db, 'Sync status cases')).id;
  const { activated_at: activatedAt } = await setActive(db, firmId, true);
  const before = new Date(activatedAt!.getTime() - 24 * 3600_000);
  const payer = await createPayer(db, firmId, { type: 'corporation', companyName: 'Case Payer' });
  for (const [n, c] of SYNC_STATUS_CASES.entries()) {
    const id = newId();
    firmCase.set(id, c);
    await db
      .insertInto('invoices')
      .values({
        id,
        firm_id: firmId,
        payer_id: payer.id,
        number: `CASE-${n + 1}`,
        invoice_date: '2026-01-15',
        due_date: '2026-02-15',
        memo: null,
        case_reference: null,
        total_cents: 1000,
        revision: c.invoice.revision,
        status: c.invoice.status,
        ...(c.invoice.eligible ? {} : { created_at: before }),
      })
      .execute();
    if (c.sync) {
      await db
        .insertInto('invoice_sync_state')
        .values({
          invoice_id: id,
          firm_id: firmId,
          status: c.sync.status,
          qbo_invoice_id: c.sync.qboInvoiceId,
          synced_revision: c.sync.syncedRevision,
          last_error: null,
        })
        .execute();
    }
  }
});

afterAll(async () => {
  await db?.destroy();
});

const named = (ids: Iterable<string>) => [...ids].map((id) => firmCase.get(id)!.name).sort();
const casesWhere = (keep: (c: (typeof SYNC_STATUS_CASES)[number]) => boolean) =>
  SYNC_STATUS_CASES.filter(keep)
    .map((c) => c.name)
    .sort();

describe('the SQL agrees with the sync state machine', () => {
  it.each(SHOWN_SYNC_STATUSES)('lists exactly the cases shown as %s', async (status) => {
    const { rows } = await listInvoices(db, firmId, { syncStatus: status, limit: 100 });
    expect(named(rows.map((r) => r.id))).toEqual(casesWhere((c) => c.shown === status));
  });

  it('shows each case its status and eligibility', async () => {
    const { rows } = await listInvoices(db, firmId, { limit: 100 });
    expect(rows).toHaveLength(SYNC_STATUS_CASES.length);
    for (const row of rows) {
      const c = firmCase.get(row.id)!;
      expect({ name: c.name, shown: row.sync_status, eligible: row.eligible }).toEqual({
        name: c.name,
        shown: c.shown,
        eligible: c.invoice.eligible,
      });
    }
  });

  it('takes the syncable cases for a bulk job, and marks those with a button', async () => {
    const syncable = await syncableInvoices(db, firmId);
    expect(named(syncable.map((r) => r.id))).toEqual(casesWhere((c) => c.syncable));
    expect(named(syncable.filter((r) => r.action).map((r) => r.id))).toEqual(
      casesWhere((c) => c.syncable && c.action !== null),
    );
    const listed = await syncableInvoices(db, firmId, [...firmCase.keys()]);
    expect(listed.map((r) => r.id)).toEqual(syncable.map((r) => r.id));
  });
});
