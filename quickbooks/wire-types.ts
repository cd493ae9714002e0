// QuickBooks Online Accounting API v3 JSON wire format (minorversion 75), as QBO sends and accepts it.
// The one description of QBO's shapes: the product's client and mappers and the local sandbox both use it.
// Money in QBO bodies is a JSON number with at most two decimals; it is converted exactly at the edges.

export interface Ref {
  value: string;
  name?: string;
}

export interface MetaData {
  CreateTime: string;
  LastUpdatedTime: string;
}

export interface PhysicalAddress {
  Id?: string;
  Line1?: string;
  Line2?: string;
  Line3?: string;
  Line4?: string;
  Line5?: string;
  City?: string;
  CountrySubDivisionCode?: string;
  PostalCode?: string;
  Country?: string;
}

export interface EmailAddress {
  Address?: string;
}

export interface TelephoneNumber {
  FreeFormNumber?: string;
}

/** Fields every stored entity carries. */
export interface EntityBase {
  Id: string;
  SyncToken: string;
  MetaData: MetaData;
  domain?: 'QBO';
  sparse?: boolean;
}

export interface CompanyInfo extends EntityBase {
  CompanyName: string;
  LegalName?: string;
  Country?: string;
  CompanyStartDate?: string;
}

export type AccountType = 'Income' | 'Bank' | 'Other Current Asset' | 'Accounts Receivable' | 'Expense';

export interface Account extends EntityBase {
  Name: string;
  FullyQualifiedName: string;
  AccountType: AccountType;
  AccountSubType?: string;
  Classification?: 'Revenue' | 'Asset' | 'Liability' | 'Expense' | 'Equity';
  CurrentBalance?: number;
  Active: boolean;
}

export interface CustomerFields {
  DisplayName?: string;
  Title?: string;
  GivenName?: string;
  MiddleName?: string;
  FamilyName?: string;
  Suffix?: string;
  CompanyName?: string;
  PrintOnCheckName?: string;
  PrimaryEmailAddr?: EmailAddress;
  PrimaryPhone?: TelephoneNumber;
  BillAddr?: PhysicalAddress;
  Notes?: string;
  Active?: boolean;
}

export interface Customer extends EntityBase, CustomerFields {
  DisplayName: string;
  FullyQualifiedName: string;
  Active: boolean;
  Balance: number;
}

/** Vendors and employees share the DisplayName namespace with customers (a clash is 6240). */
export interface Vendor extends EntityBase {
  DisplayName: string;
  CompanyName?: string;
  GivenName?: string;
  FamilyName?: string;
  PrimaryEmailAddr?: EmailAddress;
  Active: boolean;
}

export interface Employee extends EntityBase {
  DisplayName: string;
  GivenName?: string;
  FamilyName?: string;
  PrimaryEmailAddr?: EmailAddress;
  Active: boolean;
}

export type ItemType = 'Service' | 'NonInventory' | 'Inventory';

export interface ItemFields {
  Name?: string;
  Description?: string;
  Type?: ItemType;
  UnitPrice?: number;
  IncomeAccountRef?: Ref;
  Taxable?: boolean;
  Sku?: string;
  Active?: boolean;
}

export interface Item extends EntityBase, ItemFields {
  Name: string;
  FullyQualifiedName: string;
  Type: ItemType;
  Active: boolean;
}

export interface SalesItemLineDetail {
  ItemRef: Ref;
  Qty?: number;
  UnitPrice?: number;
  TaxCodeRef?: Ref;
}

export interface SalesItemLine {
  Id?: string;
  LineNum?: number;
  Description?: string;
  Amount: number;
  DetailType: 'SalesItemLineDetail';
  SalesItemLineDetail: SalesItemLineDetail;
}

export interface SubTotalLine {
  Id?: string;
  Amount: number;
  DetailType: 'SubTotalLineDetail';
  SubTotalLineDetail: Record<string, never>;
}

export type InvoiceLine = SalesItemLine | SubTotalLine;

export interface LinkedTxn {
  TxnId: string;
  TxnType: 'Invoice' | 'Payment' | 'Estimate' | 'CreditMemo';
}

export interface InvoiceFields {
  CustomerRef?: Ref;
  DocNumber?: string;
  TxnDate?: string;
  DueDate?: string;
  BillEmail?: EmailAddress;
  CustomerMemo?: { value: string };
  PrivateNote?: string;
  Line?: InvoiceLine[];
}

export interface Invoice extends EntityBase, InvoiceFields {
  CustomerRef: Ref;
  Line: InvoiceLine[];
  TxnDate: string;
  TotalAmt: number;
  Balance: number;
  LinkedTxn: LinkedTxn[];
  CurrencyRef?: Ref;
  EmailStatus?: string;
  PrintStatus?: string;
}

export interface PaymentLine {
  Amount: number;
  LinkedTxn: LinkedTxn[];
}

export interface PaymentFields {
  CustomerRef?: Ref;
  TotalAmt?: number;
  TxnDate?: string;
  PaymentMethodRef?: Ref;
  PaymentRefNum?: string;
  DepositToAccountRef?: Ref;
  PrivateNote?: string;
  Line?: PaymentLine[];
}

export interface Payment extends EntityBase, PaymentFields {
  CustomerRef: Ref;
  TotalAmt: number;
  TxnDate: string;
  UnappliedAmt: number;
  Line: PaymentLine[];
  ProcessPayment?: boolean;
}

export interface PaymentMethod extends EntityBase {
  Name: string;
  Type?: 'CREDIT_CARD' | 'NON_CREDIT_CARD';
  Active: boolean;
}

/** Entities by the name QBO uses in paths (lower case), bodies and queries (capitalised). */
export interface EntityMap {
  CompanyInfo: CompanyInfo;
  Account: Account;
  Customer: Customer;
  Vendor: Vendor;
  Employee: Employee;
  Item: Item;
  Invoice: Invoice;
  Payment: Payment;
  PaymentMethod: PaymentMethod;
}

export type EntityName = keyof EntityMap;

/** The update body for a sparse update: Id, SyncToken and only what changes. */
export type SparseUpdate<F> = F & { Id: string; SyncToken: string; sparse: true };

/**
 * One operation of `POST /batch`. The entity's fields sit under its own name (`Invoice: {...}`), beside
 * `bId`, which the answer's item carries back (at most 10 characters when the batch has a requestid).
 */
export type BatchItemRequest = {
  bId: string;
  operation: 'create' | 'update' | 'delete';
  optionsData?: string;
} & { [K in EntityName]?: Partial<EntityMap[K]> };

export interface BatchRequest {
  BatchItemRequest: BatchItemRequest[];
}

/** One item's answer: the written entity under its name, or a Fault of that item alone. */
export type BatchItemResponse = {
  bId: string;
  Fault?: { Error: FaultError[]; type: FaultType };
} & { [K in EntityName]?: EntityMap[K] };

export interface BatchResponse {
  BatchItemResponse: BatchItemResponse[];
  time?: string;
}

export type FaultType =
  'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AuthorizationFault' | 'SERVICE' | 'AUTHENTICATION';

export interface FaultError {
  Message: string;
  Detail?: string;
  code: string;
  element?: string;
}

export interface FaultBody {
  Fault: { Error: FaultError[]; type: FaultType };
  time: string;
}

/**
 * The envelope QBO's gateway answers some credential failures with (401, 403 3100): the same fault in
 * lower-case keys, `time` in epoch milliseconds, every other field null or empty.
 */
export interface LowercaseFaultBody {
  fault: {
    error: Array<{ message?: string; detail?: string | null; code?: string | number; element?: string | null }>;
    type: FaultType;
  };
  time?: number;
}

/** `{ "Customer": {...}, "time": "..." }` for reads and writes. */
export type EntityResponse<K extends EntityName> = { [P in K]: EntityMap[K] } & { time: string };

export type QueryResponse<K extends EntityName> = {
  QueryResponse: { [P in K]?: EntityMap[K][] } & {
    startPosition?: number;
    maxResults?: number;
    totalCount?: number;
  };
  time: string;
};

/** A CDC delete stub: only Id, MetaData.LastUpdatedTime and status. */
export interface DeletedStub {
  Id: string;
  status: 'Deleted';
  MetaData: { LastUpdatedTime: string };
  domain?: 'QBO';
}

export interface CdcResponse {
  CDCResponse: Array<{
    QueryResponse: Array<
      { [K in EntityName]?: Array<EntityMap[K] | DeletedStub> } & {
        startPosition?: number;
        maxResults?: number;
        totalCount?: number;
      }
    >;
  }>;
  time: string;
}

export interface TokenResponse {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
  id_token?: string;
}

export interface OAuthErrorBody {
  error: 'invalid_grant' | 'invalid_client' | 'invalid_request' | 'unsupported_grant_type';
  error_description?: string;
}

export type WebhookOperation = 'Create' | 'Update' | 'Delete' | 'Merge' | 'Void' | 'Emailed';

export interface ClassicWebhookBody {
  eventNotifications: Array<{
    realmId: string;
    dataChangeEvent: {
      entities: Array<{
        name: string;
        id: string;
        operation: WebhookOperation;
        lastUpdated: string;
        deletedId?: string;
      }>;
    };
  }>;
}

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  datacontenttype: 'application/json';
  time: string;
  intuitentityid: string;
  intuitaccountid: string;
  data: Record<string, unknown>;
}
