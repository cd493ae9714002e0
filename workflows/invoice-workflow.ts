import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { ACTIVITY_OPTIONS, LOCAL_ACTIVITY_OPTIONS } from './activity-options.js';
import { passAction } from './pass-action.js';
import type { SyncStatus } from '../domain/sync-status.js';
import {
  invoiceChanged,
  lastOutcome,
  mappingsChanged,
  paymentPosted,
  recentPaymentQuery,
  requestSync,
} from './messages.js';
import { describeFailure } from './failures.js';
import { InvoiceNumberKey, SyncStatusKey } from './search-attributes.js';
import type {
  InvoiceFacts,
  InvoiceWorkflowInput,
  PostedInvoice,
  PostInvoiceInput,
  Resolution,
  SyncActivities,
  SyncOutcome,
} from './types.js';

const activities = proxyActivities<SyncActivities>(ACTIVITY_OPTIONS);
const localActivities = proxyLocalActivities<SyncActivities>(LOCAL_ACTIVITY_OPTIONS);

/**
 * Passes recorded before this patch ran every step as an activity task; later passes run all but the QBO
 * writes as local activities (the same steps, with the payer and fee items resolved together), which
 * takes most of a pass's round trips through the Temporal server away.
 */
const LOCAL_STEPS_PATCH = 'local-bookkeeping-steps';

/**
 * Passes since this patch begin inside loadInvoice (the syncing state and its sync-log entry written with
 * the read) instead of in a markSyncing step of their own: one local activity fewer per pass.
 */
const LEAN_PASS_PATCH = 'lean-pass-start';

/**
 * Bulk-job passes since this patch write to QBO in a local activity too, so that a whole pass is one
 * workflow task: no activity task and its round trips through the Temporal server, the larger part of what
 * a pass cost it. Sync Now keeps the activity: while a local activity runs, its workflow task stays open,
 * and a request that arrives meanwhile is taken in only at the task's next heartbeat, seconds later.
 */
const LOCAL_WRITE_PATCH = 'local-qbo-write';

type Steps = typeof activities;

/**
 * One invoice's life in QuickBooks. The workflow is long-lived and idle between requests: each Sync Now
 * (an update) queues a sync pass; passes run one at a time, and every request is answered by the first
 * pass that started after it. The story of a pass: load the invoice, resolve its payer to a QBO customer
 * and its fee items to QBO items, post the invoice, record the result.
 */
export async function invoiceWorkflow(input: InvoiceWorkflowInput): Promise<void> {
  const { firmId, invoiceId } = input;
  const workflowId = workflowInfo().workflowId;
  let outcome: SyncOutcome | null = input.lastOutcome ?? null;
  let requested = 0;
  let served = 0;
  let mapped = false;
  // Asked by a request not yet covered by a pass; the pass that covers it takes it.
  let overwrite = false;
  // Batch writes only when every request the pass covers came from a bulk job: a Sync Now keeps its latency.
  let batchOnly: boolean | null = null;
  let passViaBatch = false;
  let startedAt = 0;
  const held = () => outcome?.status === 'needs_mapping';

  setHandler(lastOutcome, () => outcome);
  setHandler(mappingsChanged, () => {
    mapped = true;
  });
  // The cue itself (sync.recentPayment) is read from the database; the workflow keeps the latest for ops.
  let latestPayment: { qboPaymentId: string; amountCents: number } | null = null;
  setHandler(paymentPosted, (payment) => {
    latestPayment = payment;
  });
  setHandler(recentPaymentQuery, () => latestPayment);
  setHandler(invoiceChanged, () => {
    if (outcome?.status === 'synced') setStatus('out_of_date');
  });
  setHandler(requestSync, async (request) => {
    if (request?.overwrite) overwrite = true;
    batchOnly = (batchOnly ?? true) && request?.viaBatch === true;
    const ticket = ++requested;
    await condition(() => served >= ticket);
    return outcome!;
  });

  // Idle until someone asks for a sync, or a mapping arrives for an invoice held for one.
  for (;;) {
    await condition(() => requested > served || (held() && mapped) || workflowInfo().continueAsNewSuggested);
    if (requested === served && !(held() && mapped)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof invoiceWorkflow>({ firmId, invoiceId, lastOutcome: outcome });
    }
    mapped = false;
    const covering = requested;
    const overwriting = overwrite;
    overwrite = false;
    passViaBatch = batchOnly === true;
    batchOnly = null;
    outcome = await syncPass(overwriting);
    served = covering;
  }

  async function syncPass(overwriting: boolean): Promise<SyncOutcome> {
    // Workflow time is deterministic: the pass's duration is measured from its start in history.
    startedAt = Date.now();
    const local = patched(LOCAL_STEPS_PATCH);
    const steps: Steps = local ? localActivities : activities;
    const lean = local && patched(LEAN_PASS_PATCH);
    const writes: Steps = lean && passViaBatch && patched(LOCAL_WRITE_PATCH) ? localActivities : activities;
    const facts = await steps.loadInvoice({
      firmId,
      invoiceId,
      ...(lean && { syncing: { workflowId }, resolving: { overwriting } }),
    });
    if (!facts)
      return {
        status: 'failed',
        qboInvoiceId: null,
        revision: null,
        error: { code: 'invoice_missing', message: 'The invoice no longer exists' },
      };
    setStatus('syncing', facts.number);
    if (!lean)
      await steps.markSyncing({ firmId, invoiceId, workflowId, number: facts.number, revision: facts.revision });
    try {
      const posted = await postOrConfirm(facts, steps, writes, local, overwriting);
      if ('waitingFor' in posted) {
        await steps.markNeedsMapping({
          firmId,
          invoiceId,
          number: facts.number,
          reasons: posted.waitingFor,
          startedAt,
        });
        setStatus('needs_mapping');
        return {
          status: 'needs_mapping',
          qboInvoiceId: facts.qboInvoiceId,
          revision: facts.syncedRevision,
          error: null,
        };
      }
      if (facts.paymentWork > 0 && facts.status === 'open')
        await activities.pushPayments({ firmId, invoiceId, qboInvoiceId: posted.qboInvoiceId });
      setStatus('synced');
      return { status: 'synced', qboInvoiceId: posted.qboInvoiceId, revision: posted.revision, error: null };
    } catch (error) {
      const failure = describeFailure(error);
      await steps.markFailed({
        firmId,
        invoiceId,
        number: facts.number,
        error: failure,
        createFailed: !facts.qboInvoiceId && refusedOutright(error),
        startedAt,
      });
      setStatus('failed');
      return { status: 'failed', qboInvoiceId: facts.qboInvoiceId, revision: facts.syncedRevision, error: failure };
    }
  }

  async function postOrConfirm(
    facts: InvoiceFacts,
    steps: Steps,
    writes: Steps,
    local: boolean,
    overwriting: boolean,
  ): Promise<{ qboInvoiceId: string; revision: number } | { waitingFor: string[] }> {
    const { qboInvoiceId, generation } = facts;
    // Overwriting starts from QuickBooks' current SyncToken (null: the activity reads it), not the stored one.
    const syncToken = overwriting ? null : facts.qboSyncToken;
    const action = passAction(facts, overwriting);
    if (qboInvoiceId && action === 'unchanged') {
      await steps.markSynced({
        firmId,
        invoiceId,
        number: facts.number,
        qboInvoiceId,
        revision: facts.revision,
        unchanged: true,
        startedAt,
      });
      return { qboInvoiceId, revision: facts.revision };
    }
    if (qboInvoiceId && action === 'void') {
      const voided = await writes.voidQboInvoice({ firmId, invoiceId, qboInvoiceId, syncToken });
      await steps.markSynced({ firmId, invoiceId, number: facts.number, ...voided, unchanged: false, startedAt });
      return voided;
    }
    const { customer, items } = await resolveReferences(firmId, facts, steps, local);
    const mappedItems = items.filter(isMapped);
    if (!isMapped(customer) || mappedItems.length < items.length) {
      return { waitingFor: [customer, ...items].flatMap((r) => (isMapped(r) ? [] : [r.reason])) };
    }
    const refs = {
      firmId,
      invoiceId,
      customerId: customer.qboId,
      itemIds: Object.fromEntries(facts.feeItemIds.map((id, i) => [id, mappedItems[i]!.qboId])),
      generation,
      ...(passViaBatch && { viaBatch: true }),
      ...(facts.interrupted && { mayExist: true }),
      recordSynced: { number: facts.number, startedAt },
    };
    const posted = qboInvoiceId
      ? await updateOrRecreate(writes, refs, qboInvoiceId, syncToken, overwriting)
      : await writes.createQboInvoice(refs);
    // Writes in histories recorded before recordSynced left the pass's end to a step of its own.
    if (!posted.recorded)
      await steps.markSynced({ firmId, invoiceId, number: facts.number, ...posted, unchanged: false, startedAt });
    return posted;
  }
}

/**
 * Sync Again. When overwriting (a drift fix) finds the QBO invoice deleted, the update activity has
 * forgotten it and moved its generation on; the same pass creates it again under that generation instead
 * of failing and waiting for another Sync Now.
 */
async function updateOrRecreate(
  writes: Steps,
  refs: PostInvoiceInput,
  qboInvoiceId: string,
  syncToken: string | null,
  overwriting: boolean,
): Promise<PostedInvoice> {
  try {
    return await writes.updateQboInvoice({ ...refs, qboInvoiceId, syncToken });
  } catch (error) {
    if (!overwriting || describeFailure(error).code !== 'qbo_invoice_deleted') throw error;
    return writes.createQboInvoice({ ...refs, generation: refs.generation + 1 });
  }
}

/**
 * Passes before the local-steps patch resolved the payer first, then the fee items; later ones do all at once,
 * each with a resolver of its own unless the pass's first step resolved it already (mapped).
 */
async function resolveReferences(
  firmId: string,
  facts: InvoiceFacts,
  steps: Steps,
  together: boolean,
): Promise<{ customer: Resolution; items: Resolution[] }> {
  const { payerId, feeItemIds, references } = facts;
  const resolveCustomer = async () => references?.customer ?? steps.resolveCustomer({ firmId, payerId });
  const resolveItems = () =>
    Promise.all(
      feeItemIds.map(async (feeItemId, i) => references?.items[i] ?? steps.resolveItem({ firmId, feeItemId })),
    );
  if (together) {
    const [customer, items] = await Promise.all([resolveCustomer(), resolveItems()]);
    return { customer, items };
  }
  const customer = await resolveCustomer();
  return { customer, items: await resolveItems() };
}

const isMapped = (r: Resolution): r is Extract<Resolution, { qboId: string }> => !('needsMapping' in r);

function setStatus(status: SyncStatus, number?: string): void {
  upsertSearchAttributes([
    { key: SyncStatusKey, value: status },
    ...(number ? [{ key: InvoiceNumberKey, value: number }] : []),
  ]);
}

/**
 * A refusal (validation, duplicate name...) means QBO created nothing, so the next attempt may use a fresh
 * requestid. Retries that ran out (timeouts, lost answers) may have created the invoice: keep the requestid,
 * so the next Sync Now replays it instead of creating a second one.
 */
function refusedOutright(error: unknown): boolean {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.nonRetryable === true;
}
