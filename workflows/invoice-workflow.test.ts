import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { describe, expect, it, vi } from 'vitest';
import type { SyncActivities } from './types.js';
import {
  createTestWorker,
  invoiceFacts,
  deferred,
  type Deferred,
  recordingActivities,
  runChain,
  runInput,
  workflowTestServerForFile,
  uniqueTaskQueue,
} from '../test/workflow-env.js';
import { requestSyncPass } from '../temporal/invoice-sync.js';
import { invoiceWorkflowId } from './ids.js';
import type { invoiceWorkflow } from './invoice-workflow.js';
import { invoiceChanged, lastOutcome, mappingsChanged, paymentPosted, recentPaymentQuery } from './messages.js';
import { FirmIdKey, InvoiceIdKey, InvoiceNumberKey, SyncStatusKey } from './search-attributes.js';
import type { InvoiceWorkflowInput, PostedInvoice, PostInvoiceInput, SyncOutcome } from './types.js';

// The invoice workflow on a real (dev) server with stub activities: Sync Now queueing, holding for a
// mapping, revisions and voids, failures, and continue-as-new. The server suggests continue-as-new after
// a few dozen events, so long-lived invoices here continue as new whenever they are idle, as live ones do
// after thousands; every test addresses the workflow by id, which reaches its latest run.

const SUGGEST_CONTINUE_AS_NEW_AFTER = 40;
const firmId = 'firm-1';

const file = workflowTestServerForFile({ suggestContinueAsNewAfterEvents: SUGGEST_CONTINUE_AS_NEW_AFTER });

type InvoiceFacts = NonNullable<Awaited<ReturnType<SyncActivities['loadInvoice']>>>;
type HeldStep = 'resolveCustomer' | 'createQboInvoice';

/**
 * One invoice's rows as the activities would see them, and stub activities that read and write them: the
 * payer and fee items resolve to QBO ids when mapped, QBO writes hand out ids and sync tokens.
 */
function fakeInvoice(invoiceId: string, overrides: Partial<InvoiceFacts> = {}) {
  const facts = invoiceFacts(invoiceId, { feeItemIds: ['fee-1', 'fee-2'], ...overrides });
  const unmapped = new Set<string>();
  let qboSyncToken = 0;
  let deleted = false;
  let refuse: ApplicationFailure | null = null;
  /** The next call of each of these steps tells `entered`, then waits for `release`. */
  const holds = new Map<HeldStep, { entered: Deferred; release: Deferred }>();
  const held = async (step: HeldStep) => {
    const hold = holds.get(step);
    holds.delete(step);
    hold?.entered.resolve();
    await hold?.release.promise;
  };

  const resolve = (localId: string) =>
    unmapped.has(localId)
      ? { needsMapping: true as const, reason: `${localId} is not mapped` }
      : { qboId: `qbo-${localId}`, via: 'mapped' as const };
  const synced = ({
    qboInvoiceId,
    syncToken,
    revision,
  }: Pick<PostedInvoice, 'qboInvoiceId' | 'revision'> & { syncToken?: string }) => {
    Object.assign(facts, {
      qboInvoiceId,
      qboSyncToken: syncToken ?? facts.qboSyncToken,
      syncedRevision: revision,
      paymentWork: 0,
    });
  };
  // As the write activities do: asked to, they record the pass synced themselves.
  const written = (input: PostInvoiceInput, posted: PostedInvoice): PostedInvoice => {
    if (!input.recordSynced) return posted;
    synced(posted);
    return { ...posted, recorded: true };
  };
  const stubs = recordingActivities({
    loadInvoice: () => (deleted ? null : { ...facts, feeItemIds: [...facts.feeItemIds] }),
    markSyncing: () => undefined,
    resolveCustomer: async ({ payerId }) => {
      const resolution = resolve(payerId);
      await held('resolveCustomer');
      return resolution;
    },
    resolveItem: ({ feeItemId }) => resolve(feeItemId),
    createQboInvoice: async (input) => {
      const revision = facts.revision;
      await held('createQboInvoice');
      if (refuse) throw refuse;
      return written(input, { qboInvoiceId: `qbo-${invoiceId}`, syncToken: String(qboSyncToken), revision });
    },
    updateQboInvoice: (input) =>
      written(input, { qboInvoiceId: input.qboInvoiceId, syncToken: String(++qboSyncToken), revision: facts.revision }),
    voidQboInvoice: ({ qboInvoiceId }) => ({
      qboInvoiceId,
      syncToken: String(++qboSyncToken),
      revision: facts.revision,
    }),
    pushPayments: () => ({ posted: facts.paymentWork, voided: 0, refused: 0 }),
    markSynced: (posted) => synced(posted),
    markNeedsMapping: () => undefined,
    markFailed: () => undefined,
  });
  return {
    invoiceId,
    facts,
    ...stubs,
    unmapped,
    hold(step: HeldStep) {
      const hold = { entered: deferred(), release: deferred() };
      holds.set(step, hold);
      return hold;
    },
    refuseCreate(failure: ApplicationFailure) {
      refuse = failure;
    },
    delete() {
      deleted = true;
    },
  };
}
type FakeInvoice = ReturnType<typeof fakeInvoice>;

/** Runs `body` with a worker for the invoice's stubs on a task queue of its own. */
async function withWorker<T>(invoice: FakeInvoice, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = uniqueTaskQueue('invoice');
  const worker: Worker = await createTestWorker(file.server, { taskQueue, activities: invoice.activities });
  return worker.runUntil(body(taskQueue));
}

/** Sync Now exactly as the product asks for it, on the test's task queue. */
const syncNow = (taskQueue: string, invoice: FakeInvoice, options: { workflowTaskTimeout?: string } = {}) =>
  requestSyncPass(
    { client: file.client, taskQueue },
    { firmId, invoiceId: invoice.invoiceId, number: invoice.facts.number },
    options,
  );

const syncNowOutcome = async (taskQueue: string, invoice: FakeInvoice): Promise<SyncOutcome> =>
  (await syncNow(taskQueue, invoice)).result();

/** The invoice's workflow, whichever run is current. */
const handleOf = (invoice: FakeInvoice): WorkflowHandle<typeof invoiceWorkflow> =>
  file.client.workflow.getHandle(invoiceWorkflowId(firmId, invoice.invoiceId));

const currentRunId = async (invoice: FakeInvoice) => (await handleOf(invoice).describe()).runId;

async function searchAttributes(invoice: FakeInvoice) {
  const { typedSearchAttributes } = await handleOf(invoice).describe();
  return {
    firmId: typedSearchAttributes.get(FirmIdKey),
    invoiceId: typedSearchAttributes.get(InvoiceIdKey),
    number: typedSearchAttributes.get(InvoiceNumberKey),
    status: typedSearchAttributes.get(SyncStatusKey),
  };
}

const syncStatus = async (invoice: FakeInvoice) => (await searchAttributes(invoice)).status;

/**
 * Signals the current run and waits until it has finished the workflow task that took the signal in, so
 * whatever the signal starts has started. A run that continued as new just before is signaled anew.
 */
async function signalAndSettle(invoice: FakeInvoice, signal: typeof mappingsChanged): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const run = file.client.workflow.getHandle(
      invoiceWorkflowId(firmId, invoice.invoiceId),
      await currentRunId(invoice),
    );
    try {
      await run.signal(signal);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError && attempt < 3) continue;
      throw error;
    }
    await vi.waitFor(
      async () => {
        const events = (await run.fetchHistory()).events ?? [];
        const signaled = events.findLastIndex((e) => e.workflowExecutionSignaledEventAttributes);
        expect(signaled).toBeGreaterThanOrEqual(0);
        expect(events.slice(signaled).some((e) => e.workflowTaskCompletedEventAttributes)).toBe(true);
      },
      { timeout: 10_000, interval: 50 },
    );
    return;
  }
}

const synced = (qboInvoiceId: string, revision: number): SyncOutcome => ({
  status: 'synced',
  qboInvoiceId,
  revision,
  error: null,
});

describe('invoice workflow', () => {
  it('Sync Now starts the workflow, runs one pass with the bookkeeping steps as local activities, and answers with its outcome', async () => {
    const invoice = fakeInvoice('a1');
    await withWorker(invoice, async (taskQueue) => {
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual(synced('qbo-a1', 1));

      const names = invoice.names();
      // The pass begins inside loadInvoice (syncing state and its sync-log entry): no markSyncing step.
      expect(names[0]).toBe('loadInvoice');
      expect(names.slice(1, 4).sort()).toEqual(['resolveCustomer', 'resolveItem', 'resolveItem']);
      // The write records the pass's end itself: no markSynced step after it.
      expect(names.slice(4)).toEqual(['createQboInvoice']);
      // Only the QBO write is an activity task; every other step runs inside the workflow task.
      expect(invoice.calls.filter((c) => !c.local).map((c) => c.name)).toEqual(['createQboInvoice']);
      expect(invoice.of('loadInvoice')[0]!.input).toEqual({
        firmId,
        invoiceId: 'a1',
        syncing: { workflowId: invoiceWorkflowId(firmId, 'a1') },
        resolving: { overwriting: false },
      });
      expect(invoice.of('resolveCustomer')[0]!.input).toEqual({ firmId, payerId: 'payer-1' });
      expect(
        invoice
          .of('resolveItem')
          .map((c) => c.input.feeItemId)
          .sort(),
      ).toEqual(['fee-1', 'fee-2']);
      expect(invoice.of('createQboInvoice')[0]!.input).toEqual({
        firmId,
        invoiceId: 'a1',
        customerId: 'qbo-payer-1',
        itemIds: { 'fee-1': 'qbo-fee-1', 'fee-2': 'qbo-fee-2' },
        generation: 0,
        recordSynced: { number: 'INV-a1', startedAt: expect.any(Number) },
      });
      expect(invoice.facts).toMatchObject({ qboInvoiceId: 'qbo-a1', qboSyncToken: '0', syncedRevision: 1 });

      expect(await searchAttributes(invoice)).toEqual({ firmId, invoiceId: 'a1', number: 'INV-a1', status: 'synced' });
      expect(await handleOf(invoice).query(lastOutcome)).toEqual(synced('qbo-a1', 1));

      // Sync Again with nothing changed confirms the invoice without resolving or writing anything.
      const before = invoice.calls.length;
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual(synced('qbo-a1', 1));
      expect(invoice.names().slice(before)).toEqual(['loadInvoice', 'markSynced']);
      expect(invoice.of('markSynced')[0]!.input).toMatchObject({
        qboInvoiceId: 'qbo-a1',
        revision: 1,
        unchanged: true,
      });
    });
  });

  it('asks a resolver only for the references the first step could not resolve from its own read', async () => {
    const invoice = fakeInvoice('a1r', {
      references: {
        customer: { qboId: 'qbo-payer-9', via: 'mapped' },
        items: [null, { qboId: 'qbo-fee-9', via: 'mapped' }],
      },
    });
    await withWorker(invoice, async (taskQueue) => {
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual(synced('qbo-a1r', 1));
      expect(invoice.names()).toEqual(['loadInvoice', 'resolveItem', 'createQboInvoice']);
      expect(invoice.of('resolveItem')[0]!.input).toEqual({ firmId, feeItemId: 'fee-1' });
      expect(invoice.of('createQboInvoice')[0]!.input).toMatchObject({
        customerId: 'qbo-payer-9',
        itemIds: { 'fee-1': 'qbo-fee-1', 'fee-2': 'qbo-fee-9' },
      });
    });
  });

  it('requests that arrive while a pass runs wait for the next pass, and one pass answers them all', async () => {
    const invoice = fakeInvoice('a2');
    await withWorker(invoice, async (taskQueue) => {
      const hold = invoice.hold('createQboInvoice');
      const first = await syncNow(taskQueue, invoice);
      await hold.entered.promise;
      // The invoice is revised while QuickBooks is creating it; two more Sync Nows come in.
      invoice.facts.revision = 2;
      await handleOf(invoice).signal(invoiceChanged);
      const second = await syncNow(taskQueue, invoice);
      const third = await syncNow(taskQueue, invoice);
      expect(invoice.of('loadInvoice')).toHaveLength(1);
      hold.release.resolve();

      // The first request gets the pass it started (revision 1); the later two share the one after it.
      expect(await first.result()).toEqual(synced('qbo-a2', 1));
      expect(await second.result()).toEqual(synced('qbo-a2', 2));
      expect(await third.result()).toEqual(synced('qbo-a2', 2));
      expect(invoice.of('loadInvoice')).toHaveLength(2);
      expect(invoice.of('createQboInvoice')).toHaveLength(1);
      expect(invoice.of('updateQboInvoice').map((c) => c.input)).toEqual([
        {
          firmId,
          invoiceId: 'a2',
          customerId: 'qbo-payer-1',
          itemIds: { 'fee-1': 'qbo-fee-1', 'fee-2': 'qbo-fee-2' },
          generation: 0,
          recordSynced: { number: 'INV-a2', startedAt: expect.any(Number) },
          qboInvoiceId: 'qbo-a2',
          syncToken: '0',
        },
      ]);
      expect(await syncStatus(invoice)).toBe('synced');
    });
  });

  it('an unmapped payer under the hold policy parks the invoice in needs_mapping until its mapping arrives', async () => {
    const invoice = fakeInvoice('a3');
    invoice.unmapped.add('payer-1');
    await withWorker(invoice, async (taskQueue) => {
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual({
        status: 'needs_mapping',
        qboInvoiceId: null,
        revision: null,
        error: null,
      });
      expect(invoice.of('markNeedsMapping').map((c) => c.input)).toEqual([
        expect.objectContaining({ firmId, invoiceId: 'a3', number: 'INV-a3', reasons: ['payer-1 is not mapped'] }),
      ]);
      expect(invoice.of('createQboInvoice')).toHaveLength(0);
      expect(await syncStatus(invoice)).toBe('needs_mapping');

      // Another payer of the firm is mapped: the invoice tries again by itself, and stays parked.
      await handleOf(invoice).signal(mappingsChanged);
      await vi.waitFor(() => expect(invoice.of('markNeedsMapping')).toHaveLength(2), { timeout: 10_000 });
      expect(invoice.of('loadInvoice')).toHaveLength(2);

      // Its own payer is mapped: the wake-up alone (no Sync Now) posts the invoice.
      invoice.unmapped.delete('payer-1');
      await handleOf(invoice).signal(mappingsChanged);
      await vi.waitFor(() => expect(invoice.of('createQboInvoice')).toHaveLength(1), { timeout: 10_000 });
      expect(invoice.of('createQboInvoice').map((c) => c.input.customerId)).toEqual(['qbo-payer-1']);
      await vi.waitFor(async () => expect(await handleOf(invoice).query(lastOutcome)).toEqual(synced('qbo-a3', 1)), {
        timeout: 10_000,
      });
      expect(await syncStatus(invoice)).toBe('synced');

      // A mapping for an invoice that is not held starts no pass.
      const loads = invoice.of('loadInvoice').length;
      await signalAndSettle(invoice, mappingsChanged);
      expect(invoice.of('loadInvoice')).toHaveLength(loads);
    });
  });

  it('a mapping delivered while the pass that parks the invoice is still running wakes it all the same', async () => {
    const invoice = fakeInvoice('a9');
    invoice.unmapped.add('payer-1');
    await withWorker(invoice, async (taskQueue) => {
      // A slow payer lookup (unmapped, e.g. waiting at the realm gate) outlasts the workflow task, which the
      // worker then heartbeats: the next workflow task hands the workflow the mapping signal mid-pass. A
      // short task timeout makes that happen within a second.
      const hold = invoice.hold('resolveCustomer');
      const first = syncNow(taskQueue, invoice, { workflowTaskTimeout: '1 second' });
      await hold.entered.promise;
      invoice.unmapped.delete('payer-1');
      await handleOf(invoice).signal(mappingsChanged);
      await vi.waitFor(
        async () => {
          const events = (await handleOf(invoice).fetchHistory()).events ?? [];
          const signaled = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
          expect(signaled).toBeGreaterThanOrEqual(0);
          expect(events.slice(signaled).some((e) => e.workflowTaskStartedEventAttributes)).toBe(true);
        },
        { timeout: 10_000, interval: 50 },
      );
      expect(invoice.of('markNeedsMapping')).toHaveLength(0);
      hold.release.resolve();

      // The pass still ends parked (its lookup said unmapped), and the mapping that came during it starts another.
      expect(await (await first).result()).toEqual({
        status: 'needs_mapping',
        qboInvoiceId: null,
        revision: null,
        error: null,
      });
      await vi.waitFor(() => expect(invoice.of('createQboInvoice')).toHaveLength(1), { timeout: 10_000 });
      expect(invoice.of('loadInvoice')).toHaveLength(2);
      expect(invoice.of('createQboInvoice')).toHaveLength(1);
      await vi.waitFor(async () => expect(await syncStatus(invoice)).toBe('synced'), { timeout: 10_000 });
    });
  });

  it('an invoice deleted from billing answers Sync Now with invoice_missing and touches nothing else', async () => {
    const invoice = fakeInvoice('a10');
    invoice.delete();
    await withWorker(invoice, async (taskQueue) => {
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual({
        status: 'failed',
        qboInvoiceId: null,
        revision: null,
        error: { code: 'invoice_missing', message: 'The invoice no longer exists' },
      });
      expect(invoice.names()).toEqual(['loadInvoice']);
    });
  });

  it('a revision shows the invoice out of date; Sync Again updates it in QuickBooks and a void voids it there', async () => {
    const invoice = fakeInvoice('a4');
    await withWorker(invoice, async (taskQueue) => {
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual(synced('qbo-a4', 1));

      invoice.facts.revision = 2;
      await handleOf(invoice).signal(invoiceChanged);
      await vi.waitFor(async () => expect(await syncStatus(invoice)).toBe('out_of_date'), { timeout: 10_000 });
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual(synced('qbo-a4', 2));
      expect(invoice.of('updateQboInvoice').map((c) => c.input)).toEqual([
        expect.objectContaining({ qboInvoiceId: 'qbo-a4', syncToken: '0', customerId: 'qbo-payer-1' }),
      ]);
      expect(await syncStatus(invoice)).toBe('synced');

      // A void: QuickBooks voids its copy with the latest sync token; nothing is resolved for it.
      Object.assign(invoice.facts, { revision: 3, status: 'void' });
      const before = invoice.calls.length;
      await handleOf(invoice).signal(invoiceChanged);
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual(synced('qbo-a4', 3));
      expect(invoice.names().slice(before)).toEqual(['loadInvoice', 'voidQboInvoice', 'markSynced']);
      expect(invoice.of('voidQboInvoice')[0]!.input).toEqual({
        firmId,
        invoiceId: 'a4',
        qboInvoiceId: 'qbo-a4',
        syncToken: '1',
      });
      expect(invoice.of('voidQboInvoice')[0]!.local).toBe(false);
      expect(invoice.of('markSynced').at(-1)!.input).toMatchObject({
        qboInvoiceId: 'qbo-a4',
        revision: 3,
        unchanged: false,
      });
    });
  });

  it('payments still to push go to QuickBooks after the invoice; a payment from QuickBooks is kept for ops', async () => {
    const invoice = fakeInvoice('a5', { paymentWork: 2 });
    await withWorker(invoice, async (taskQueue) => {
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual(synced('qbo-a5', 1));
      expect(invoice.names().slice(-2)).toEqual(['createQboInvoice', 'pushPayments']);
      expect(invoice.of('pushPayments').map((c) => [c.input, c.local])).toEqual([
        [{ firmId, invoiceId: 'a5', qboInvoiceId: 'qbo-a5' }, false],
      ]);

      expect(await handleOf(invoice).query(recentPaymentQuery)).toBeNull();
      await handleOf(invoice).signal(paymentPosted, { qboPaymentId: 'pay-9', amountCents: 12_345 });
      await vi.waitFor(
        async () =>
          expect(await handleOf(invoice).query(recentPaymentQuery)).toEqual({
            qboPaymentId: 'pay-9',
            amountCents: 12_345,
          }),
        { timeout: 10_000 },
      );
      // A payment alone starts no pass.
      expect(invoice.of('loadInvoice')).toHaveLength(1);
    });
  });

  it('a refusal from QuickBooks fails the pass at once with the details the activity gave', async () => {
    const invoice = fakeInvoice('a6');
    const details = {
      code: 'qbo_validation',
      message: 'Amount is invalid',
      hint: 'Check the lines',
      intuitTid: 'tid-1',
    };
    invoice.refuseCreate(
      ApplicationFailure.create({
        message: 'Amount is invalid',
        type: 'QuickBooks.validation',
        nonRetryable: true,
        details: [details],
      }),
    );
    await withWorker(invoice, async (taskQueue) => {
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual({
        status: 'failed',
        qboInvoiceId: null,
        revision: null,
        error: details,
      });
      expect(invoice.of('createQboInvoice')).toHaveLength(1);
      expect(invoice.of('markFailed').map((c) => c.input)).toEqual([
        expect.objectContaining({ firmId, invoiceId: 'a6', number: 'INV-a6', error: details, createFailed: true }),
      ]);
      expect(invoice.of('markSynced')).toHaveLength(0);
      expect(await syncStatus(invoice)).toBe('failed');
    });
  });

  it('continues as new when idle and the server suggests it, carrying the last outcome and its search attributes', async () => {
    const invoice = fakeInvoice('a7');
    await withWorker(invoice, async (taskQueue) => {
      const firstRunId = (await syncNow(taskQueue, invoice)).workflowRunId!;
      // Sync Agains grow the history until the server suggests continuing as new.
      let outcome: SyncOutcome | undefined;
      for (let i = 0; i < 20 && (await currentRunId(invoice)) === firstRunId; i++)
        outcome = await syncNowOutcome(taskQueue, invoice);
      await vi.waitFor(async () => expect(await currentRunId(invoice)).not.toBe(firstRunId), { timeout: 10_000 });
      const [first, second, ...rest] = await runChain(file.client, invoiceWorkflowId(firmId, 'a7'), firstRunId);
      expect(rest).toEqual([]);
      expect(first!.events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
      expect(second).toBeDefined();
      expect(outcome).toEqual(synced('qbo-a7', 1));
      expect(runInput<InvoiceWorkflowInput>(second!.events)).toEqual({ firmId, invoiceId: 'a7', lastOutcome: outcome });
      expect(await handleOf(invoice).query(lastOutcome)).toEqual(outcome);
      expect(await searchAttributes(invoice)).toEqual({ firmId, invoiceId: 'a7', number: 'INV-a7', status: 'synced' });

      // The new run answers Sync Now as the old one did.
      invoice.facts.revision = 2;
      expect(await syncNowOutcome(taskQueue, invoice)).toEqual(synced('qbo-a7', 2));
    });
  });

  it('an invoice held for a mapping stays held across continue-as-new and is still woken by the mapping', async () => {
    const invoice = fakeInvoice('a8');
    invoice.unmapped.add('fee-2');
    await withWorker(invoice, async (taskQueue) => {
      const firstRunId = (await syncNow(taskQueue, invoice)).workflowRunId!;
      await vi.waitFor(() => expect(invoice.of('markNeedsMapping')).toHaveLength(1), { timeout: 10_000 });
      // Mappings of other records wake it again and again, until the server suggests continuing as new.
      for (let i = 0; i < 20 && (await currentRunId(invoice)) === firstRunId; i++)
        await signalAndSettle(invoice, mappingsChanged);
      await vi.waitFor(async () => expect(await currentRunId(invoice)).not.toBe(firstRunId), { timeout: 10_000 });
      const runs = await runChain(file.client, invoiceWorkflowId(firmId, 'a8'), firstRunId);
      expect(runs.length).toBeGreaterThan(1);
      expect(runInput<InvoiceWorkflowInput>(runs[1]!.events).lastOutcome).toEqual({
        status: 'needs_mapping',
        qboInvoiceId: null,
        revision: null,
        error: null,
      });
      expect(await syncStatus(invoice)).toBe('needs_mapping');
      expect(invoice.of('createQboInvoice')).toHaveLength(0);

      invoice.unmapped.delete('fee-2');
      await handleOf(invoice).signal(mappingsChanged);
      await vi.waitFor(() => expect(invoice.of('createQboInvoice')).toHaveLength(1), { timeout: 10_000 });
      await vi.waitFor(async () => expect(await syncStatus(invoice)).toBe('synced'), { timeout: 10_000 });
      expect(invoice.of('markNeedsMapping').every((c) => c.input.reasons.join() === 'fee-2 is not mapped')).toBe(true);
    });
  });
});
