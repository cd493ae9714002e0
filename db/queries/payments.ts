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
  return db.selectFrom('payments').selectAll().where('firm_id', '=', firmId).where('invoice_id', '=', invoiceId).orderBy('received_at').orderBy('id').execute();
}

export class PaymentExceedsBalance extends Error {}

/**
 * Records a payment against the invoice's balance. The invoice row is locked meanwhile, so two payments
 * recorded at once cannot together pay more than the invoice is owed.
 */
export async function recordPayment(db: Db, firmId: string, invoiceId: string, input: PaymentInput) {
  return db.transaction().execute(async (trx) => {
    const invoice = await trx.selectFrom('invoices').select('total_cents').where('firm_id', '=', firmId).where('id', '=', invoiceId).forUpdate().executeTakeFirstOrThrow();
    const paid = await trx.selectFrom('payments').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.lit(0)).as('cents')).where('invoice_id', '=', invoiceId).executeTakeFirstOrThrow();
    if (Number(paid.cents) + input.amountCents > invoice.total_cents) throw new PaymentExceedsBalance();
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
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
