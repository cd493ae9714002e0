import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewSyncLogEntry } from '../../db/schema.js';
import { appendSyncLog } from '../../db/queries/sync-log.js';
import { loadInvoiceSnapshot } from '../../db/queries/invoices.js';
import { saveMapping } from '../../db/queries/mappings.js';
import { changeSyncState, loadSyncFacts } from '../../db/queries/sync-state.js';
import { startHarness, type Harness } from './harness.js';

// The sync pass's own database writes, which save round trips: the pass's facts in one query, a state
// change and its sync-log entry in one statement, and sync-log entries written together under load.

let h: Harness;
let firm: { firmId: string; key: string; realmId: string };
let invoice: { id: string; number: string };
let payerId: string;
let fees: { a: string; b: string };
const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });

const entry = (key: string, overrides: Partial<NewSyncLogEntry> = {}): NewSyncLogEntry => ({
  firm_id: firm.firmId,
  level: 'info',
  action: 'test_entry',
  entity_type: 'invoice',
  entity_id: invoice.id,
  message: `entry ${key}`,
  qbo_id: null,
  workflow_id: null,
  intuit_tid: null,
  event_key: key,
  ...overrides,
});

const logged = async (keys: string[]) =>
  (
    await h.db
      .selectFrom('sync_log')
      .select(['event_key', 'message'])
      .where('firm_id', '=', firm.firmId)
      .where('event_key', 'in', keys)
      .orderBy('id')
      .execute()
  ).map((r) => r.event_key);

beforeAll(async () => {
  h = await startHarness();
  firm = await h.connectedFirm('Round Trip Counsel');
  const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Ana', lastName: 'Lima' })).body;
  payerId = payer.id;
  fees = {
    a: (await as('POST', '/v1/fee-items', { name: 'Filing', unitPrice: '100.00' })).body.id,
    b: (await as('POST', '/v1/fee-items', { name: 'Hours', unitPrice: '200.00' })).body.id,
  };
  invoice = (
    await as('POST', '/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-11-25',
      dueDate: '2026-12-25',
      lines: [
        { feeItemId: fees.b, quantity: 1 },
        { feeItemId: fees.a, quantity: 1 },
        { feeItemId: fees.b, quantity: 2 },
      ],
    })
  ).body;
});

afterAll(() => h?.close());

describe('a sync pass in few round trips', () => {
  it('loads what the pass decides on in one query: fee items once each, in line order', async () => {
    const facts = await loadSyncFacts(h.db, firm.firmId, invoice.id);
    expect(facts).toMatchObject({
      number: invoice.number,
      revision: 1,
      status: 'open',
      eligible: true,
      fee_item_ids: [fees.b, fees.a],
      qbo_invoice_id: null,
      synced_revision: null,
      generation: 0,
      payment_work: 0,
    });
    expect(await loadSyncFacts(h.db, firm.firmId, randomUUID())).toBeUndefined();
  });

  it('reads the payer and fee items with the facts, with their QBO ids once mapped in the connected company', async () => {
    const refs = async () => {
      const facts = (await loadSyncFacts(h.db, firm.firmId, invoice.id))!;
      return { payer: facts.payer_ref, items: [...facts.fee_item_refs].sort((x, y) => x.name.localeCompare(y.name)) };
    };
    expect(await refs()).toEqual({
      payer: { type: 'individual', first_name: 'Ana', last_name: 'Lima', company_name: null, qbo_id: null },
      items: [
        { id: fees.a, name: 'Filing', qbo_id: null },
        { id: fees.b, name: 'Hours', qbo_id: null },
      ],
    });
    const mapping = (localId: string, qboId: string) => ({ localId, qboId, qboName: null, source: 'manual' as const });
    // A mapping kept for a company the firm is no longer connected to is not this pass's.
    await saveMapping(
      h.db,
      'fee_item_mappings',
      { firmId: firm.firmId, realmId: 'another-realm' },
      mapping(fees.a, '7'),
    );
    const connected = { firmId: firm.firmId, realmId: firm.realmId };
    await saveMapping(h.db, 'fee_item_mappings', connected, mapping(fees.b, '8'));
    await saveMapping(h.db, 'payer_mappings', connected, mapping(payerId, '9'));
    expect(await refs()).toMatchObject({
      payer: { qbo_id: '9' },
      items: [{ qbo_id: null }, { qbo_id: '8' }],
    });
  });

  it("reads an invoice's snapshot in one statement: its payer, its lines in order with their decimal quantities, its fee items", async () => {
    const snapshot = (await loadInvoiceSnapshot(h.db, firm.firmId, invoice.id))!;
    expect(snapshot).toMatchObject({
      id: invoice.id,
      number: invoice.number,
      revision: 1,
      totalCents: 70000,
      payer: { id: payerId, type: 'individual', firstName: 'Ana', lastName: 'Lima', address: null },
    });
    expect(snapshot.lines.map((l) => [l.lineNo, l.feeItemId, l.quantity, l.unitPriceCents, l.amountCents])).toEqual([
      [1, fees.b, '1.0000', 20000, 20000],
      [2, fees.a, '1.0000', 10000, 10000],
      [3, fees.b, '2.0000', 20000, 40000],
    ]);
    expect(snapshot.feeItems.map((f) => [f.name, f.unitPriceCents]).sort()).toEqual([
      ['Filing', 10000],
      ['Hours', 20000],
    ]);
    expect(await loadInvoiceSnapshot(h.db, firm.firmId, randomUUID())).toBeUndefined();
  });

  it('writes a state change with its entry, and a retried step bumps the generation once', async () => {
    const key = `run/${randomUUID()}/sync_failed`;
    const fail = () =>
      changeSyncState(
        h.db,
        firm.firmId,
        invoice.id,
        { status: 'failed', last_error: JSON.stringify({ code: 'x', message: 'refused' }) },
        [entry(key)],
        { bumpGeneration: true },
      );
    await fail();
    await fail();
    const state = await h.db
      .selectFrom('invoice_sync_state')
      .select(['status', 'generation', 'last_error'])
      .where('invoice_id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    expect(state).toEqual({ status: 'failed', generation: 1, last_error: { code: 'x', message: 'refused' } });
    expect(await logged([key])).toEqual([key]);
  });

  it('writes entries logged at once together, each once, and a bad entry fails only its own caller', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `group/${randomUUID()}/${i}`);
    const bad = `group/${randomUUID()}/bad`;
    const results = await Promise.allSettled([
      ...keys.map((key) => appendSyncLog(h.db, entry(key))),
      appendSyncLog(h.db, entry(keys[0]!)),
      appendSyncLog(h.db, entry(bad, { level: 'warning' as never })),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results.at(-1)!.status).toBe('rejected');
    expect((await logged([...keys, bad])).sort()).toEqual([...keys].sort());
  });

  it('keeps the order of entries one caller writes one after another', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `order/${randomUUID()}/${i}`);
    const other = Array.from({ length: 20 }, (_, i) => `noise/${randomUUID()}/${i}`);
    await Promise.all([
      (async () => {
        for (const key of keys) await appendSyncLog(h.db, entry(key));
      })(),
      ...other.map((key) => appendSyncLog(h.db, entry(key))),
    ]);
    expect(await logged(keys)).toEqual(keys);
  });
});
