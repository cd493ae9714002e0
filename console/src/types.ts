// The API's shapes as the console reads and sends them, each made from the API's own JSON schema
// (api/schemas/*.ts), so the console cannot drift from what the API answers or accepts. The imports are
// type-only: esbuild erases them, and no schema reaches the browser bundle.
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { address } from '../../api/schemas/common.js';
import type { feeItemBody, feeItemListOut, feeItemOut } from '../../api/schemas/fee-items.js';
import type {
  invoiceBody,
  invoiceLineOut,
  invoiceListOut,
  invoiceOut,
  invoiceSummaryOut,
  syncOut,
} from '../../api/schemas/invoices.js';
import type {
  autoMatchOut,
  feeItemMappingListOut,
  feeItemMappingOut,
  mapFeeItemBody,
  mapPayerBody,
  payerMappingListOut,
  payerMappingOut,
} from '../../api/schemas/mappings.js';
import type { billingPerson, payerBody, payerListOut, payerOut } from '../../api/schemas/payers.js';
import type { paymentBody, paymentListOut, paymentOut } from '../../api/schemas/payments.js';
import type {
  connectOut,
  qboCustomerOut,
  qboCustomerPageOut,
  qboItemOut,
  qboItemPageOut,
  settingsBody,
  statusOut,
} from '../../api/schemas/quickbooks.js';
import type {
  syncFinishedOut,
  syncJobBody,
  syncJobDryRunOut,
  syncJobOut,
  syncJobStartedOut,
  syncLogEntryOut,
  syncLogPageOut,
  syncPendingOut,
} from '../../api/schemas/sync.js';
import type {
  createUserBody,
  firmOut,
  passwordLinkOut,
  sessionOut,
  setPasswordBody,
  signInBody,
  updateUserBody,
  userAnswerOut,
  userCreatedOut,
  userListItem,
  userListOut,
  userOut,
} from '../../api/schemas/users.js';

/**
 * FromSchema gives an object schema without `additionalProperties: false` an `[x: string]: unknown` index.
 * The API's serializer sends only the properties a schema lists, so the console reads them as closed
 * objects: a misspelt property is an error, and keyof and Omit work.
 */
type Closed<T> = T extends readonly (infer Item)[]
  ? Closed<Item>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : number extends K ? never : K]: Closed<T[K]> }
    : T;

/** The value a JSON schema describes, as the console handles it. */
type Shape<Schema extends JSONSchema> = Closed<FromSchema<Schema>>;

// People and sessions.
export type User = Shape<typeof userOut>;
export type Role = User['role'];
export type Firm = Shape<typeof firmOut>;
export type SessionInfo = Shape<typeof sessionOut>;
export type FirmUser = Shape<typeof userListItem>;
export type UserList = Shape<typeof userListOut>;
export type UserAnswer = Shape<typeof userAnswerOut>;
export type UserCreated = Shape<typeof userCreatedOut>;
export type PasswordLink = Shape<typeof passwordLinkOut>;
export type SignInInput = Shape<typeof signInBody>;
export type SetPasswordInput = Shape<typeof setPasswordBody>;
export type NewUserInput = Shape<typeof createUserBody>;
export type UserChange = Shape<typeof updateUserBody>;

// Invoices and their sync state.
export type SyncState = Shape<typeof syncOut>;
export type SyncStatus = SyncState['status'];
export type SyncAction = SyncState['action'];
export type SyncError = NonNullable<SyncState['lastError']>;
export type InvoiceSummary = Shape<typeof invoiceSummaryOut>;
export type InvoiceLine = Shape<typeof invoiceLineOut>;
export type Invoice = Shape<typeof invoiceOut>;
export type InvoiceList = Shape<typeof invoiceListOut>;
export type InvoiceInput = Shape<typeof invoiceBody>;

export type Payment = Shape<typeof paymentOut>;
export type PaymentList = Shape<typeof paymentListOut>;
export type PaymentInput = Shape<typeof paymentBody>;

// Payers and fee items.
export type Address = Shape<typeof address>;
export type BillingPerson = Shape<typeof billingPerson>;
export type Payer = Shape<typeof payerOut>;
export type PayerList = Shape<typeof payerListOut>;
export type PayerInput = Shape<typeof payerBody>;
export type FeeItem = Shape<typeof feeItemOut>;
export type FeeItemList = Shape<typeof feeItemListOut>;
export type FeeItemInput = Shape<typeof feeItemBody>;

// QuickBooks setup.
export type QuickBooksStatus = Shape<typeof statusOut>;
export type ConnectionStatus = NonNullable<QuickBooksStatus['connection']>['status'];
export type SettingsInput = Shape<typeof settingsBody>;
export type ConnectAnswer = Shape<typeof connectOut>;

// Mapping, and the QuickBooks records to map to.
export type PayerMappingOut = Shape<typeof payerMappingOut>;
export type FeeItemMappingOut = Shape<typeof feeItemMappingOut>;
export type PayerMappingList = Shape<typeof payerMappingListOut>;
export type FeeItemMappingList = Shape<typeof feeItemMappingListOut>;
export type MappingChoice = Shape<typeof mapPayerBody> | Shape<typeof mapFeeItemBody>;
export type AutoMatchResult = Shape<typeof autoMatchOut>;
export type MappingSource = PayerMappingOut['source'];
export type QboCustomer = Shape<typeof qboCustomerOut>;
export type QboItem = Shape<typeof qboItemOut>;
export type QboCustomerPage = Shape<typeof qboCustomerPageOut>;
export type QboItemPage = Shape<typeof qboItemPageOut>;

// Syncing.
/** Sync Now / Sync Again: the new sync state when the pass finished in time, else only its workflow. */
export type SyncAnswer = Shape<typeof syncFinishedOut> | Shape<typeof syncPendingOut>;
export type SyncJob = Shape<typeof syncJobOut>;
export type SyncJobStarted = Shape<typeof syncJobStartedOut>;
export type SyncJobInput = Shape<typeof syncJobBody>;
export type SyncJobDryRun = Shape<typeof syncJobDryRunOut>;
export type PreflightProblem = SyncJobDryRun['problems'][number];
export type LogEntry = Shape<typeof syncLogEntryOut>;
export type SyncLogPage = Shape<typeof syncLogPageOut>;

// The console's own shapes.

/** A suggested QuickBooks record, whichever kind (the API names its id qboCustomerId or qboItemId). */
export type Suggestion = Omit<NonNullable<PayerMappingOut['suggestion']>, 'qboCustomerId'> & { qboId: string };

/** One row of either mapping table, in one shape for both. */
export interface MappingRow {
  localId: string;
  localName: string;
  qboId: string | null;
  qboName: string | null;
  createNew: boolean;
  source: MappingSource;
  suggestion: Suggestion | null;
}
