import { sql } from 'kysely';
import type { Db } from '../database.js';

// What a drift fix changes in billing itself (the rest goes through the invoice and entity workflows).

/**
 * A billing payment QuickBooks lost goes back to waiting to be posted, under a new generation so its
 * requestid is new (QBO would otherwise replay the first create's answer: the deleted payment).
 */
export async function requeueLostPayment(db: Db, firmId: string, paymentId: string): Promise<string | undefined> {
  const row = await db
    .updateTable('payments')
    .set((eb) => ({
      qbo_payment_id: null,
      qbo_sync_status: 'pending',
      applied_cents: null,
      qbo_generation: eb('qbo_generation', '+', 1),
    }))
    .where('firm_id', '=', firmId)
    .where('id', '=', paymentId)
    .where('source', '=', 'billing')
    .where('voided_at', 'is', null)
    .returning('invoice_id')
    .executeTakeFirst();
  return row?.invoice_id;
}

/** Takes QuickBooks' email into billing: the billing person's of a corporation that has one, else the payer's. */
export async function acceptPayerEmail(db: Db, firmId: string, payerId: string, email: string): Promise<boolean> {
  const row = await db
    .updateTable('payers')
    .set({
      email: sql<
        string | null
      >`case when type = 'corporation' and billing_person is not null then email else ${email} end`,
      billing_person: sql<
        string | null
      >`case when type = 'corporation' and billing_person is not null then jsonb_set(billing_person, '{email}', to_jsonb(${email}::text)) else billing_person end`,
      updated_at: new Date(),
    })
    .where('firm_id', '=', firmId)
    .where('id', '=', payerId)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}
