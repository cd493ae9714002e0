import type { QboEntityFacts, QboInvoiceFacts, QboPaymentFacts } from '../domain/drift.js';
import { qboAmountToCents } from '../domain/money.js';
import type { PayerSnapshot, FeeItemSnapshot } from '../domain/snapshots.js';
import type { QboClient } from './client.js';
import { customerDisplayName, itemName, toQboCustomer } from './mappers.js';
import { quoteLiteral } from './query.js';
import type { Customer, DeletedStub, EntityMap, Invoice, Item, Payment } from './wire-types.js';

// QuickBooks records reduced to what the drift report compares, and read in bulk: the comparison itself
// (domain/drift.ts) never sees a wire shape.

/** QBO keeps a voided transaction with its amounts zeroed and "Voided" in front of its note. */
export const isVoidedTxn = (txn: { TotalAmt: number; PrivateNote?: string }): boolean =>
  txn.TotalAmt === 0 && /^Voided/i.test(txn.PrivateNote ?? '');

export const isDeletedStub = (record: object): record is DeletedStub =>
  'status' in record && (record as DeletedStub).status === 'Deleted';

export function invoiceFacts(invoice: Invoice): QboInvoiceFacts {
  return {
    qboId: invoice.Id,
    voided: isVoidedTxn(invoice),
    customer: { qboId: invoice.CustomerRef.value, name: invoice.CustomerRef.name ?? null },
    totalCents: qboAmountToCents(invoice.TotalAmt),
    txnDate: invoice.TxnDate,
    dueDate: invoice.DueDate ?? null,
    lines: invoice.Line.flatMap((line) =>
      line.DetailType === 'SalesItemLineDetail'
        ? [
            {
              qboItemId: line.SalesItemLineDetail.ItemRef.value,
              itemName: line.SalesItemLineDetail.ItemRef.name ?? null,
              quantity: line.SalesItemLineDetail.Qty ?? null,
              amountCents: qboAmountToCents(line.Amount),
            },
          ]
        : [],
    ),
  };
}

export function paymentFacts(payment: Payment): QboPaymentFacts {
  const appliedByInvoice: Record<string, number> = {};
  for (const line of payment.Line)
    for (const link of line.LinkedTxn.filter((l) => l.TxnType === 'Invoice'))
      appliedByInvoice[link.TxnId] = (appliedByInvoice[link.TxnId] ?? 0) + qboAmountToCents(line.Amount);
  return { qboId: payment.Id, voided: isVoidedTxn(payment), appliedByInvoice };
}

export const customerFacts = (customer: Customer): QboEntityFacts => ({
  qboId: customer.Id,
  name: customer.DisplayName,
  email: customer.PrimaryEmailAddr?.Address ?? null,
  active: customer.Active,
});

export const itemFacts = (item: Item): QboEntityFacts => ({ qboId: item.Id, name: item.Name, active: item.Active });

/** What the product would write into the payer's customer: the name and email billing holds, as QBO takes them. */
export function expectedCustomer(payer: PayerSnapshot): { name: string; email: string | null } {
  return { name: customerDisplayName(payer), email: toQboCustomer(payer).PrimaryEmailAddr?.Address ?? null };
}

export const expectedItemName = (feeItem: Pick<FeeItemSnapshot, 'name'>): string => itemName(feeItem);

/** Ids per IN query: well inside QBO's statement length, and a page of results QBO answers whole. */
export const IDS_PER_QUERY = 200;

type ById = 'Invoice' | 'Payment' | 'Customer' | 'Item';

/**
 * The records with these ids, in as few requests as QBO's limits allow (an `Id IN (...)` per page of ids,
 * inactive customers and items included). An id missing from the answer is a record QBO no longer has.
 */
export async function readByIds<K extends ById>(
  qbo: QboClient,
  entity: K,
  ids: readonly string[],
): Promise<Map<string, EntityMap[K]>> {
  const found = new Map<string, EntityMap[K]>();
  const unique = [...new Set(ids)];
  const active = entity === 'Customer' || entity === 'Item' ? ' AND Active IN (true, false)' : '';
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const page = unique.slice(i, i + IDS_PER_QUERY);
    const list = page.map(quoteLiteral).join(', ');
    const rows = await qbo.query(
      entity,
      `SELECT * FROM ${entity} WHERE Id IN (${list})${active} MAXRESULTS ${IDS_PER_QUERY}`,
    );
    for (const row of rows) found.set(row.Id, row);
  }
  return found;
}
