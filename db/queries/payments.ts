import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { PaymentSource } from '../schema.js';

export interface PaymentInput {
  amountCents: number;
  date: string;
  method: string | null;
  reference: string | null;
  source: PaymentSource;
  qboPaymentId?: string | null;
}

export async function listPayments(db: Db, firmId: string, invoiceId: string) {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/**
 * Records a billing payment (Model 1). More than the balance is allowed: the excess becomes QBO unapplied
 * credit on the customer, as a bookkeeper would record an overpayment.
 */
export async function recordPayment(db: Db, firmId: string, invoiceId: string, input: PaymentInput) {
  return db.transaction().execute(async (trx) => {
    return trx
      .insertInto('payments')
      .values({
        id: newId(),
        firm_id: firmId,
        invoice_id: invoiceId,
        amount_cents: input.amountCents,
        payment_date: input.date,
        method: input.method,
        reference: input.reference,
        source: input.source,
        qbo_payment_id: input.qboPaymentId ?? null,
        qbo_sync_status: input.source === 'billing' ? 'pending' : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function voidBillingPayment(
  db: Db,
  firmId: string,
  invoiceId: string,
  paymentId: string,
): Promise<'voided' | 'already' | 'missing'> {
  const row = await db
    .updateTable('payments')
    .set({ voided_at: new Date() })
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .where('id', '=', paymentId)
    .where('source', '=', 'billing')
    .where('voided_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (row) return 'voided';
  const exists = await db
    .selectFrom('payments')
    .select('id')
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .where('id', '=', paymentId)
    .executeTakeFirst();
  return exists ? 'already' : 'missing';
}

/** Model 1 work left for an invoice: payments to post to QBO, and posted ones voided since. */
export async function paymentsToPush(db: Db, firmId: string, invoiceId: string) {
  return paymentsToPushQuery(db, firmId, invoiceId).execute();
}

/** Model 1 payments still to post to QBO, or to void there (a sync pass counts them in the query that loads it). */
export function paymentsToPushQuery(db: Db, firmId: string, invoiceId: string) {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .where('source', '=', 'billing')
    .where((eb) =>
      eb.or([
        eb.and([eb('qbo_payment_id', 'is', null), eb('voided_at', 'is', null), eb('qbo_sync_status', '=', 'pending')]),
        eb.and([
          eb('qbo_payment_id', 'is not', null),
          eb('voided_at', 'is not', null),
          eb('qbo_sync_status', '=', 'synced'),
        ]),
      ]),
    )
    .orderBy('received_at')
    .orderBy('id');
}

export async function setPaymentSync(
  db: Db,
  paymentId: string,
  change: { qboPaymentId?: string; appliedCents?: number; status: 'synced' | 'voided' | 'failed' },
): Promise<void> {
  await db
    .updateTable('payments')
    .set({
      qbo_sync_status: change.status,
      ...(change.qboPaymentId && { qbo_payment_id: change.qboPaymentId }),
      ...(change.appliedCents !== undefined && { applied_cents: change.appliedCents }),
    })
    .where('id', '=', paymentId)
    .execute();
}

export interface QboPaymentShare {
  firmId: string;
  invoiceId: string;
  qboPaymentId: string;
  amountCents: number;
  date: string;
  reference: string | null;
}

/** A QBO payment's share of one invoice, stored once however often it is announced; 'changed' when it moved. */
export async function upsertQboPayment(db: Db, share: QboPaymentShare): Promise<'created' | 'changed' | 'unchanged'> {
  const existing = await db
    .selectFrom('payments')
    .select(['id', 'amount_cents', 'payment_date', 'reference'])
    .where('firm_id', '=', share.firmId)
    .where('qbo_payment_id', '=', share.qboPaymentId)
    .where('invoice_id', '=', share.invoiceId)
    .executeTakeFirst();
  if (existing) {
    if (
      existing.amount_cents === share.amountCents &&
      existing.payment_date === share.date &&
      existing.reference === share.reference
    )
      return 'unchanged';
    await db
      .updateTable('payments')
      .set({ amount_cents: share.amountCents, payment_date: share.date, reference: share.reference })
      .where('id', '=', existing.id)
      .execute();
    return 'changed';
  }
  const inserted = await db
    .insertInto('payments')
    .values({
      id: newId(),
      firm_id: share.firmId,
      invoice_id: share.invoiceId,
      amount_cents: share.amountCents,
      payment_date: share.date,
      method: null,
      reference: share.reference,
      source: 'quickbooks',
      qbo_payment_id: share.qboPaymentId,
    })
    .onConflict((oc) =>
      oc.columns(['firm_id', 'qbo_payment_id', 'invoice_id']).where('qbo_payment_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return inserted ? 'created' : 'unchanged';
}

/** Removes a QBO payment's shares (voided or deleted in QBO), except on the invoices it still pays. */
export async function removeQboPayment(
  db: Db,
  firmId: string,
  qboPaymentId: string,
  keepInvoiceIds: readonly string[] = [],
): Promise<string[]> {
  let query = db
    .deleteFrom('payments')
    .where('firm_id', '=', firmId)
    .where('qbo_payment_id', '=', qboPaymentId)
    .where('source', '=', 'quickbooks');
  if (keepInvoiceIds.length) query = query.where('invoice_id', 'not in', keepInvoiceIds);
  return (await query.returning('invoice_id').execute()).map((r) => r.invoice_id);
}
