import type { InvoiceRow } from '../../db/queries/invoices.js';
import type { InvoiceLine } from '../../db/schema.js';
import { centsToMoney } from '../../domain/money.js';
import { syncAction } from '../../domain/sync-status.js';

export function presentSync(row: InvoiceRow) {
  return {
    status: row.sync_status,
    action: syncAction(row.sync_status, row.qbo_invoice_id, row.status),
    qboInvoiceId: row.qbo_invoice_id,
    syncedRevision: row.synced_revision,
    lastSyncedAt: row.last_synced_at?.toISOString() ?? null,
    lastError: row.last_error,
    recentPayment:
      row.recent_payment_cents !== null && row.recent_payment_at
        ? { amount: centsToMoney(row.recent_payment_cents), receivedAt: row.recent_payment_at.toISOString() }
        : null,
  };
}

export function presentInvoiceSummary(row: InvoiceRow) {
  return {
    id: row.id,
    payerId: row.payer_id,
    payerName: row.payer_name,
    number: row.number,
    invoiceDate: row.invoice_date,
    dueDate: row.due_date,
    memo: row.memo,
    caseReference: row.case_reference,
    status: row.status,
    revision: row.revision,
    total: centsToMoney(row.total_cents),
    amountPaid: centsToMoney(row.paid_cents),
    balance: centsToMoney(row.total_cents - row.paid_cents),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sync: presentSync(row),
  };
}

export function presentInvoice(row: InvoiceRow, lines: InvoiceLine[]) {
  return {
    ...presentInvoiceSummary(row),
    lines: lines.map((line) => ({
      lineNo: line.line_no,
      feeItemId: line.fee_item_id,
      description: line.description,
      quantity: Number(line.quantity),
      unitPrice: centsToMoney(line.unit_price_cents),
      amount: centsToMoney(line.amount_cents),
    })),
  };
}
