import type { Address, BillingPerson, PayerType } from '../db/schema.js';

// What a sync works from: a consistent copy of the billing records, read in one transaction by an
// activity and handed to the workflow, so every later step sees the same revision.

export interface PayerSnapshot {
  id: string;
  type: PayerType;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  address: Address | null;
  billingPerson: BillingPerson | null;
}

export interface FeeItemSnapshot {
  id: string;
  name: string;
  description: string | null;
  unitPriceCents: number;
}

export interface InvoiceLineSnapshot {
  lineNo: number;
  feeItemId: string;
  description: string | null;
  /** Decimal string, e.g. "1.5". */
  quantity: string;
  unitPriceCents: number;
  amountCents: number;
}

export interface InvoiceSnapshot {
  id: string;
  firmId: string;
  number: string;
  invoiceDate: string;
  dueDate: string;
  memo: string | null;
  caseReference: string | null;
  revision: number;
  totalCents: number;
  status: 'open' | 'void';
  payer: PayerSnapshot;
  feeItems: FeeItemSnapshot[];
  lines: InvoiceLineSnapshot[];
}
