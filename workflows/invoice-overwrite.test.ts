import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  createTestWorker,
  invoiceFacts,
  recordingActivities,
  uniqueTaskQueue,
  workflowTestServerForFile,
} from '../test/workflow-env.js';
import { requestSyncPass } from '../temporal/invoice-sync.js';
import type { SyncOutcome } from './types.js';

// Sync Again with `overwrite` (the drift report's fix for an invoice edited or deleted in QuickBooks), on a
// real dev server with stub activities: it writes even when QuickBooks holds the latest revision, from
// QuickBooks' current SyncToken, and creates the invoice again in the same pass when QuickBooks lost it.

const file = workflowTestServerForFile();
const firmId = 'firm-ow';

/** An invoice already posted at its latest revision; `deletedInQbo` makes the update find it gone. */
function postedInvoice(invoiceId: string, options: { deletedInQbo?: boolean } = {}) {
  const facts = invoiceFacts(invoiceId, {
    revision: 3,
    qboInvoiceId: `qbo-${invoiceId}`,
    qboSyncToken: '7',
    syncedRevision: 3,
    generation: 2,
  });
  const stubs = recordingActivities({
    loadInvoice: () => ({ ...facts }),
    markSyncing: () => undefined,
    resolveCustomer: () => ({ qboId: 'qbo-payer-1', via: 'mapped' as const }),
    resolveItem: () => ({ qboId: 'qbo-fee-1', via: 'mapped' as const }),
    updateQboInvoice: ({ qboInvoiceId }) => {
      if (options.deletedInQbo)
        throw ApplicationFailure.create({
          message: 'deleted in QuickBooks',
          type: 'Billing.qbo_invoice_deleted',
          nonRetryable: true,
          details: [{ code: 'qbo_invoice_deleted', message: 'deleted in QuickBooks' }],
        });
      return { qboInvoiceId, syncToken: '8', revision: facts.revision };
    },
    createQboInvoice: () => ({ qboInvoiceId: `qbo-new-${invoiceId}`, syncToken: '0', revision: facts.revision }),
    markSynced: ({ qboInvoiceId, syncToken, revision }) => {
      Object.assign(facts, { qboInvoiceId, qboSyncToken: syncToken ?? facts.qboSyncToken, syncedRevision: revision });
    },
    markFailed: () => undefined,
  });
  return { invoiceId, facts, ...stubs };
}

async function syncAgain(
  invoice: ReturnType<typeof postedInvoice>,
  request: { overwrite?: boolean } = {},
): Promise<SyncOutcome> {
  const taskQueue = uniqueTaskQueue('overwrite');
  const worker = await createTestWorker(file.server, { taskQueue, activities: invoice.activities });
  return worker.runUntil(async () => {
    const update = await requestSyncPass(
      { client: file.client, taskQueue },
      { firmId, invoiceId: invoice.invoiceId, number: invoice.facts.number },
      {},
      request,
    );
    return update.result();
  });
}

describe('Sync Again with overwrite', () => {
  it('confirms without writing when not asked to overwrite', async () => {
    const invoice = postedInvoice('o1');
    expect(await syncAgain(invoice)).toMatchObject({ status: 'synced', qboInvoiceId: 'qbo-o1', revision: 3 });
    expect(invoice.names()).toEqual(['loadInvoice', 'markSynced']);
  });

  it('writes the latest revision over QuickBooks from its current SyncToken', async () => {
    const invoice = postedInvoice('o2');
    expect(await syncAgain(invoice, { overwrite: true })).toMatchObject({ status: 'synced', qboInvoiceId: 'qbo-o2' });
    expect(invoice.of('updateQboInvoice')).toHaveLength(1);
    // null: the activity reads QuickBooks' SyncToken instead of trusting the one stored before the edit there.
    expect(invoice.of('updateQboInvoice')[0]!.input).toMatchObject({ qboInvoiceId: 'qbo-o2', syncToken: null });
    expect(invoice.of('markSynced')[0]!.input).toMatchObject({ syncToken: '8', unchanged: false });
    expect(invoice.of('createQboInvoice')).toEqual([]);
  });

  it('creates the invoice again in the same pass, under the next generation, when QuickBooks lost it', async () => {
    const invoice = postedInvoice('o3', { deletedInQbo: true });
    expect(await syncAgain(invoice, { overwrite: true })).toMatchObject({
      status: 'synced',
      qboInvoiceId: 'qbo-new-o3',
    });
    expect(invoice.of('createQboInvoice')[0]!.input).toMatchObject({ generation: 3, customerId: 'qbo-payer-1' });
    expect(invoice.of('markFailed')).toEqual([]);
  });
});
