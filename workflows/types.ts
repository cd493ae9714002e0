import type { SyncError, SyncStatus } from '../db/schema.js';

export interface InvoiceWorkflowInput {
  firmId: string;
  invoiceId: string;
  /** Carried across continue-as-new. */
  lastOutcome?: SyncOutcome | null;
}

export type SyncFailure = SyncError;

export interface SyncOutcome {
  status: Extract<SyncStatus, 'synced' | 'failed' | 'needs_mapping'>;
  qboInvoiceId: string | null;
  revision: number | null;
  error: SyncFailure | null;
}
