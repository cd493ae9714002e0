import type { PayerSnapshot } from '../../domain/snapshots.js';
import type { Db } from '../database.js';
import { newId } from '../ids.js';
import type { Address, BillingPerson, Payer, PayerType } from '../schema.js';
import { page, type Page } from './paging.js';

export interface PayerInput {
  type: PayerType;
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: Address | null;
  billingPerson?: BillingPerson | null;
}

const columns = (input: PayerInput) => ({
  type: input.type,
  first_name: input.firstName ?? null,
  last_name: input.lastName ?? null,
  company_name: input.companyName ?? null,
  email: input.email ?? null,
  phone: input.phone ?? null,
  address: input.address ? JSON.stringify(input.address) : null,
  billing_person: input.billingPerson ? JSON.stringify(input.billingPerson) : null,
});

export async function createPayer(db: Db, firmId: string, input: PayerInput): Promise<Payer> {
  return db
    .insertInto('payers')
    .values({ id: newId(), firm_id: firmId, ...columns(input) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updatePayer(
  db: Db,
  firmId: string,
  payerId: string,
  input: PayerInput,
): Promise<Payer | undefined> {
  return db
    .updateTable('payers')
    .set({ ...columns(input), updated_at: new Date() })
    .where('firm_id', '=', firmId)
    .where('id', '=', payerId)
    .returningAll()
    .executeTakeFirst();
}

export async function getPayer(db: Db, firmId: string, payerId: string): Promise<Payer | undefined> {
  return db.selectFrom('payers').selectAll().where('firm_id', '=', firmId).where('id', '=', payerId).executeTakeFirst();
}

export async function listPayers(
  db: Db,
  firmId: string,
  cursor: string | undefined,
  limit: number,
): Promise<Page<Payer>> {
  let query = db.selectFrom('payers').selectAll().where('firm_id', '=', firmId);
  if (cursor) query = query.where('id', '>', cursor);
  return page(
    await query
      .orderBy('id')
      .limit(limit + 1)
      .execute(),
    limit,
  );
}

export function payerSnapshot(
  row: Pick<
    Payer,
    'id' | 'type' | 'first_name' | 'last_name' | 'company_name' | 'email' | 'phone' | 'address' | 'billing_person'
  >,
): PayerSnapshot {
  return {
    id: row.id,
    type: row.type,
    firstName: row.first_name,
    lastName: row.last_name,
    companyName: row.company_name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    billingPerson: row.billing_person,
  };
}

export async function allPayers(db: Db, firmId: string): Promise<Payer[]> {
  return db.selectFrom('payers').selectAll().where('firm_id', '=', firmId).orderBy('id').execute();
}
