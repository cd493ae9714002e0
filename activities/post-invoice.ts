import { activityInfo } from '@temporalio/activity';
import { loadInvoiceSnapshot } from '../db/queries/invoices.js';
import { beginCreate, forgetQboInvoice } from '../db/queries/sync-state.js';
import type { InvoiceSnapshot } from '../domain/snapshots.js';
import { recordSyncLog, type SyncLogEvent } from '../domain/sync-log-events.js';
import type { QboClient } from '../quickbooks/client.js';
import { QboError } from '../quickbooks/errors.js';
import { carriesOriginMarker, toQboInvoice } from '../quickbooks/mappers.js';
import { quoteLiteral } from '../quickbooks/query.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import { isVoidedTxn } from '../quickbooks/drift-facts.js';
import type { Invoice, SparseUpdate } from '../quickbooks/wire-types.js';
import type { PostedInvoice, PostInvoiceInput, ActivityInput } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import { InvoiceBatcher } from './invoice-batcher.js';
import { activityOrigin } from './sync-log-origin.js';
import { recordSynced } from './sync-state.js';

const isKind = (error: unknown, kind: QboError['kind']) => error instanceof QboError && error.kind === kind;

/**
 * Runs a write that needs the record's current SyncToken: first with the one we stored, and once more with
 * a fresh one if QBO says it is stale (5010: e.g. a payment was applied in QBO meanwhile). A record read on
 * the way that is already `done` (e.g. voided in QBO too) is taken as it is, unwritten.
 */
async function withCurrentSyncToken(
  qbo: QboClient,
  qboInvoiceId: string,
  stored: string | null,
  write: (syncToken: string) => Promise<Invoice>,
  done: (current: Invoice) => boolean = () => false,
): Promise<Invoice> {
  const fresh = async (): Promise<Invoice> => {
    const current = await qbo.read('Invoice', qboInvoiceId);
    return done(current) ? current : write(current.SyncToken);
  };
  if (stored === null) return fresh();
  try {
    return await write(stored);
  } catch (error) {
    if (!isKind(error, 'stale')) throw error;
    return fresh();
  }
}

/** QBO's invoices with this number (more than one only in a company that accepts duplicate numbers). */
const numbered = (qbo: QboClient, number: string): Promise<Invoice[]> =>
  qbo.query('Invoice', `SELECT * FROM Invoice WHERE DocNumber = ${quoteLiteral(number)}`);

/** The invoice an earlier attempt created for this billing invoice: its number, its customer and its mark. */
async function earlierCreate(
  qbo: QboClient,
  invoice: InvoiceSnapshot,
  customerId: string,
): Promise<Invoice | undefined> {
  return (await numbered(qbo, invoice.number)).find(
    (c) => c.CustomerRef.value === customerId && carriesOriginMarker(c.PrivateNote, 'invoice', invoice.id),
  );
}

/** How an invoice write reaches QBO: a request of its own (Sync Now), or an item of a batch (a bulk job). */
interface InvoiceWriter {
  create(fields: Partial<Invoice>, requestId: string): Promise<Invoice>;
  update(fields: SparseUpdate<Partial<Invoice>>, requestId: string): Promise<Invoice>;
}

export function postInvoiceActivities(deps: ActivityDeps) {
  // One per worker process: every bulk-job write of a realm this worker runs shares its batches.
  const batcher = new InvoiceBatcher();

  async function writerFor(
    firmId: string,
    viaBatch: boolean | undefined,
  ): Promise<{ qbo: QboClient; writer: InvoiceWriter }> {
    const { qbo, realmId } = await deps.quickbooks.forFirm(firmId);
    const writer: InvoiceWriter = viaBatch
      ? {
          // A batch carries a requestid of its own, not its items' (see invoice-batcher.ts). Each firm's writes
          // batch apart, under its own token, even when two firms keep their books in one company.
          create: (fields) => batcher.write(`${firmId}/${realmId}`, qbo, 'create', fields),
          update: (fields) => batcher.write(`${firmId}/${realmId}`, qbo, 'update', fields),
        }
      : {
          create: (fields, requestId) => qbo.create('Invoice', fields, requestId),
          update: (fields, requestId) => qbo.update('Invoice', fields, requestId),
        };
    return { qbo, writer };
  }

  async function snapshotOf(firmId: string, invoiceId: string): Promise<InvoiceSnapshot> {
    const invoice = await loadInvoiceSnapshot(deps.db, firmId, invoiceId);
    if (!invoice)
      throw billingDataFailure('invoice_missing', `Invoice ${invoiceId} no longer exists`, 'Nothing to sync.');
    return invoice;
  }

  /** QBO no longer has the invoice (deleted there): forget it, so the next Sync Now creates it afresh. */
  async function deletedInQbo(firmId: string, invoice: InvoiceSnapshot, qboInvoiceId: string): Promise<never> {
    await forgetQboInvoice(deps.db, firmId, invoice.id);
    throw billingDataFailure(
      'qbo_invoice_deleted',
      `QuickBooks invoice ${qboInvoiceId} for ${invoice.number} was deleted in QuickBooks`,
      'Sync Now creates it again.',
    );
  }

  async function update(
    qbo: QboClient,
    writer: InvoiceWriter,
    input: PostInvoiceInput & { qboInvoiceId: string; syncToken: string | null },
    invoice: InvoiceSnapshot,
  ): Promise<Invoice> {
    const body = toQboInvoice(invoice, input);
    return withCurrentSyncToken(qbo, input.qboInvoiceId, input.syncToken, (syncToken) =>
      writer.update(
        { ...body, Id: input.qboInvoiceId, SyncToken: syncToken, sparse: true },
        requestIdFor({
          firmId: input.firmId,
          entity: 'invoice',
          localId: invoice.id,
          operation: 'update',
          revision: invoice.revision,
          generation: input.generation,
          base: syncToken,
        }),
      ),
    );
  }

  /** The write's own sync-log entry; with `recordSynced`, the pass's synced state with it, in one statement. */
  async function recordWrite(
    input: PostInvoiceInput,
    event: SyncLogEvent,
    posted: PostedInvoice,
  ): Promise<PostedInvoice> {
    if (!input.recordSynced) {
      await recordSyncLog(deps.db, event, activityOrigin());
      return posted;
    }
    const { firmId, invoiceId } = input;
    const { number, startedAt } = input.recordSynced;
    await recordSynced(deps, { firmId, invoiceId, number, ...posted, unchanged: false, startedAt }, [event]);
    return { ...posted, recorded: true };
  }

  return {
    /**
     * Creates the QBO invoice. The requestid names the invoice and its generation, not the attempt, so an
     * attempt whose answer was lost is replayed by QBO rather than creating a second invoice. A DocNumber
     * QBO already has (6140) is ours when it belongs to this payer's customer: it is linked and brought up
     * to date, never duplicated.
     */
    async createQboInvoice(input: PostInvoiceInput): Promise<PostedInvoice> {
      const { firmId, invoiceId } = input;
      return withQboFailures(async () => {
        const invoice = await snapshotOf(firmId, invoiceId);
        const { qbo, writer } = await writerFor(firmId, input.viaBatch);
        // An earlier create may have reached QuickBooks without its answer coming back: a retry's, a lost
        // batch's, or one whose worker died mid-write (its local activity then starts again at attempt 1 on
        // the next worker, even within the same pass). The sync state says whether a create was sent; the
        // attempt and the interrupted pass cover creates sent before it kept that. A first create pays one
        // statement for this, and no QuickBooks query.
        const begunBefore = await beginCreate(deps.db, firmId, invoiceId);
        const mayExist = begunBefore || activityInfo().attempt > 1 || input.mayExist === true;
        const earlier = mayExist ? await earlierCreate(qbo, invoice, input.customerId) : undefined;
        let posted: Invoice;
        let linked = false;
        if (earlier) {
          posted = await update(
            qbo,
            writer,
            { ...input, qboInvoiceId: earlier.Id, syncToken: earlier.SyncToken },
            invoice,
          );
        } else {
          try {
            posted = await writer.create(
              toQboInvoice(invoice, input),
              requestIdFor({
                firmId,
                entity: 'invoice',
                localId: invoiceId,
                operation: 'create',
                generation: input.generation,
              }),
            );
          } catch (error) {
            if (!isKind(error, 'duplicate_docnum')) throw error;
            const [existing] = await numbered(qbo, invoice.number);
            if (!existing || existing.CustomerRef.value !== input.customerId) {
              throw billingDataFailure(
                'duplicate_docnum',
                `QuickBooks already has invoice number ${invoice.number}${existing ? ` (invoice ${existing.Id}) for another customer` : ''}`,
                'Renumber this invoice, or the one in QuickBooks, and sync again.',
              );
            }
            posted = await update(
              qbo,
              writer,
              { ...input, qboInvoiceId: existing.Id, syncToken: existing.SyncToken },
              invoice,
            );
            linked = true;
          }
        }
        const event: SyncLogEvent = linked
          ? {
              kind: 'invoice_linked',
              firmId,
              invoiceId,
              qboInvoiceId: posted.Id,
              number: invoice.number,
              revision: invoice.revision,
            }
          : {
              kind: 'invoice_created',
              firmId,
              invoiceId,
              qboInvoiceId: posted.Id,
              docNumber: posted.DocNumber ?? invoice.number,
              total: posted.TotalAmt,
              revision: invoice.revision,
            };
        return recordWrite(input, event, {
          qboInvoiceId: posted.Id,
          syncToken: posted.SyncToken,
          revision: invoice.revision,
        });
      });
    },

    /** Sync Again: a sparse update carrying the current lines (added, changed, removed), dates and memo. */
    async updateQboInvoice(
      input: PostInvoiceInput & { qboInvoiceId: string; syncToken: string | null },
    ): Promise<PostedInvoice> {
      const { firmId, invoiceId, qboInvoiceId } = input;
      return withQboFailures(async () => {
        const invoice = await snapshotOf(firmId, invoiceId);
        const { qbo, writer } = await writerFor(firmId, input.viaBatch);
        let updated: Invoice;
        try {
          updated = await update(qbo, writer, input, invoice);
        } catch (error) {
          if (isKind(error, 'not_found')) return deletedInQbo(firmId, invoice, qboInvoiceId);
          throw error;
        }
        return recordWrite(
          input,
          {
            kind: 'invoice_updated',
            firmId,
            invoiceId,
            qboInvoiceId: updated.Id,
            total: updated.TotalAmt,
            revision: invoice.revision,
          },
          { qboInvoiceId: updated.Id, syncToken: updated.SyncToken, revision: invoice.revision },
        );
      });
    },

    /** Carries a void across; QBO's refusal (e.g. payments applied) fails the pass with QBO's reason. */
    async voidQboInvoice(input: ActivityInput<'voidQboInvoice'>): Promise<PostedInvoice> {
      const { firmId, invoiceId, qboInvoiceId } = input;
      return withQboFailures(async () => {
        const invoice = await snapshotOf(firmId, invoiceId);
        const { qbo } = await deps.quickbooks.forFirm(firmId);
        let voided: Invoice;
        try {
          voided = await withCurrentSyncToken(
            qbo,
            qboInvoiceId,
            input.syncToken,
            (syncToken) =>
              qbo.operate(
                'Invoice',
                'void',
                { Id: qboInvoiceId, SyncToken: syncToken },
                requestIdFor({ firmId, entity: 'invoice', localId: invoiceId, operation: 'void', base: syncToken }),
              ),
            // Voided in QuickBooks already (a bookkeeper did, and billing accepted it): nothing to write.
            isVoidedTxn,
          );
        } catch (error) {
          if (isKind(error, 'not_found')) return deletedInQbo(firmId, invoice, qboInvoiceId);
          throw error;
        }
        await recordSyncLog(
          deps.db,
          { kind: 'invoice_voided', firmId, invoiceId, qboInvoiceId: voided.Id, number: invoice.number },
          activityOrigin(),
        );
        return { qboInvoiceId: voided.Id, syncToken: voided.SyncToken, revision: invoice.revision };
      });
    },
  };
}
