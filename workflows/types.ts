// The contract between workflows and activities, types only: workflows proxy `SyncActivities`, the
// activities implement it (activities/index.ts checks that they do), and neither imports the other's code.
import type { SyncError } from '../db/schema.js';
import type { SyncPassStatus } from '../domain/sync-status.js';

export interface InvoiceWorkflowInput {
  firmId: string;
  invoiceId: string;
  /** Carried across continue-as-new. */
  lastOutcome?: SyncOutcome | null;
}

export type SyncFailure = SyncError;

/** What Sync Now may ask beyond a plain pass. */
export interface SyncRequest {
  /** Write QuickBooks from billing even when it holds the latest revision (its copy was edited there). */
  overwrite?: boolean;
  /** A bulk job's request: the pass may write through a QuickBooks batch, which trades latency for rate. */
  viaBatch?: boolean;
}

/** What a sync pass ended in, as Sync Now answers it. */
export interface SyncOutcome {
  status: SyncPassStatus;
  qboInvoiceId: string | null;
  revision: number | null;
  error: SyncFailure | null;
}

/** The ids and versions the workflow decides on; no names, amounts or addresses enter workflow history. */
export interface InvoiceFacts {
  found: boolean;
  number: string;
  revision: number;
  status: 'open' | 'void';
  eligible: boolean;
  payerId: string;
  feeItemIds: string[];
  qboInvoiceId: string | null;
  qboSyncToken: string | null;
  syncedRevision: number | null;
  generation: number;
  /** Model 1 payments still to post to QBO, or to void there. */
  paymentWork: number;
  /**
   * An earlier pass began and recorded no end (its worker was lost mid-pass): its write may have reached
   * QBO. Absent in histories recorded before it was added.
   */
  interrupted?: boolean;
  /**
   * The payer's customer and each fee item's item (in feeItemIds' order) when the pass's first step could
   * resolve them from its own read (mapped in the connected company); null ones are left to the resolvers.
   * Present only when asked for (`resolving`) and the pass will post; absent in older histories.
   */
  references?: { customer: Resolution | null; items: (Resolution | null)[] };
}

/** A payer's QBO customer or a fee item's QBO item, or why the invoice waits for a mapping. */
export type Resolution =
  { qboId: string; via: 'mapped' | 'found' | 'created'; note?: string } | { needsMapping: true; reason: string };

export interface PostInvoiceInput {
  firmId: string;
  invoiceId: string;
  customerId: string;
  itemIds: Record<string, string>;
  generation: number;
  /** Sent as an item of a batch request shared with other invoices of the realm (a bulk job's pass). */
  viaBatch?: boolean;
  /** An interrupted pass may have created it already: look for it before creating. */
  mayExist?: boolean;
  /** The write also ends the pass synced (what markSynced does), in the statement that logs the write. */
  recordSynced?: { number: string; startedAt: number };
}

export interface PostedInvoice {
  qboInvoiceId: string;
  syncToken: string;
  revision: number;
  /** The pass's synced state is recorded already (asked by recordSynced); absent in older histories. */
  recorded?: boolean;
}

/** A change QBO announced (a webhook event): which entity, which record, what happened, when. */
export interface QboChange {
  realmId: string;
  entity: string;
  id: string;
  operation: string;
  occurredAt: string;
}

/** Every activity a workflow can schedule, by name. */
export interface SyncActivities {
  /** With `syncing`, also begins the pass as markSyncing would (passes since the lean-pass patch). */
  loadInvoice(input: {
    firmId: string;
    invoiceId: string;
    syncing?: { workflowId: string };
    /** Resolve the mapped payer and fee items too, when the pass (overwriting or not) will post. */
    resolving?: { overwriting: boolean };
  }): Promise<InvoiceFacts | null>;
  resolveCustomer(input: { firmId: string; payerId: string }): Promise<Resolution>;
  resolveItem(input: { firmId: string; feeItemId: string }): Promise<Resolution>;
  createQboInvoice(input: PostInvoiceInput): Promise<PostedInvoice>;
  updateQboInvoice(
    input: PostInvoiceInput & { qboInvoiceId: string; syncToken: string | null },
  ): Promise<PostedInvoice>;
  voidQboInvoice(input: {
    firmId: string;
    invoiceId: string;
    qboInvoiceId: string;
    syncToken: string | null;
  }): Promise<PostedInvoice>;
  pushPayments(input: {
    firmId: string;
    invoiceId: string;
    qboInvoiceId: string;
  }): Promise<{ posted: number; voided: number; refused: number }>;
  markSyncing(input: {
    firmId: string;
    invoiceId: string;
    workflowId: string;
    number: string;
    revision: number;
  }): Promise<void>;
  markSynced(input: {
    firmId: string;
    invoiceId: string;
    number: string;
    qboInvoiceId: string;
    syncToken?: string;
    revision: number;
    unchanged: boolean;
    startedAt: number;
  }): Promise<void>;
  markNeedsMapping(input: {
    firmId: string;
    invoiceId: string;
    number: string;
    reasons: string[];
    startedAt: number;
  }): Promise<void>;
  /** `createFailed`: QBO refused to create the invoice, so the next attempt may use a fresh requestid. */
  markFailed(input: {
    firmId: string;
    invoiceId: string;
    number: string;
    error: SyncFailure;
    createFailed: boolean;
    startedAt: number;
  }): Promise<void>;
  jobInvoicePage(input: { jobId: string; after: string | null; limit: number }): Promise<string[]>;
  syncJobPage(input: { firmId: string; jobId: string; invoiceIds: string[]; window: number }): Promise<void>;
  syncInvoiceInJob(input: { firmId: string; jobId: string; invoiceId: string }): Promise<void>;
  completeJob(input: { jobId: string }): Promise<void>;
  /** The drift report's row (`reportId` when the API made it); null when another report of the firm is running. */
  beginDriftReport(input: { firmId: string; reportId: string | null }): Promise<{ reportId: string } | null>;
  collectDrift(input: { firmId: string; reportId: string }): Promise<{ findings: number; full: boolean }>;
  failDriftReport(input: { firmId: string; reportId: string; error: string }): Promise<void>;
  pollQboChanges(input: {
    firmId: string;
    since: string | null;
  }): Promise<{ active: boolean; cursor: string | null; applied: number }>;
  applyQboChanges(input: { firmId: string; changes: QboChange[] }): Promise<{ applied: number }>;
  inspectEntity(input: EntityTarget): Promise<EntityFacts>;
  /** Sparse-updates the mapped QBO record to billing's values and records the outcome; answers the fields sent. */
  updateQboEntity(input: EntityTarget & { qboId: string }): Promise<{ fields: string[] }>;
  recordEntityOutcome(input: EntityTarget & { outcome: EntityOutcome }): Promise<void>;
}

/** What an activity takes, as the contract above says: activities name it instead of restating it. */
export type ActivityInput<K extends keyof SyncActivities> = Parameters<SyncActivities[K]>[0];

/** A billing record that follows billing into QuickBooks under Model 1: a payer (customer) or a fee item (item). */
export type EntityKind = 'payer' | 'fee_item';

export interface EntityWorkflowInput {
  firmId: string;
  kind: EntityKind;
  localId: string;
  /** Carried across continue-as-new: a request not yet served when the run ended. */
  pending?: { overwrite: boolean } | null;
}

/**
 * What an entity pass decides on: the QBO id and SyncToken, whether the mapping links to a record the
 * product did not create (and whether the firm lets it update those), and which fields differ, by name only.
 */
export type EntityFacts =
  | { follows: false }
  | {
      follows: true;
      qboId: string;
      syncToken: string;
      linked: boolean;
      updateLinked: boolean;
      active: boolean;
      differs: string[];
    };

/** How an entity pass ended, when it did not write (a write records its own entry). */
export type EntityOutcome =
  | { result: 'unchanged' }
  | { result: 'differs'; fields: string[] }
  | { result: 'inactive' }
  | { result: 'failed'; error: SyncFailure };

export interface EntityTarget {
  firmId: string;
  kind: EntityKind;
  localId: string;
}
