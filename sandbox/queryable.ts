import type { EntityName } from '../quickbooks/wire-types.js';
import { queryValidationError } from './faults.js';

// The properties QBO lets a WHERE clause filter on; anything else is 4001 "property 'X' is not queryable"
// (ruckus/quickbooks-ruby#403, intuit/QuickBooks-V3-DotNET-SDK#163). The sets are the union of what
// Intuit's API reference marks "filterable" as copied by Intuit's own MCP server
// (intuit/quickbooks-online-mcp-server src/tools/search-*.tool.ts), a docs transcript
// (Petrus-Han/finance_plugins ref/quickbooks_dev_docs/api-reference) and Nytely-Official/quickbooks-api
// src/types/enums/filters.ts. Entities not listed are not checked. No source shows QBO refusing an
// ORDERBY property, so sorting is not checked either.

const METADATA = ['Id', 'MetaData.CreateTime', 'MetaData.LastUpdatedTime'];

const FILTERABLE: Partial<Record<EntityName, readonly string[]>> = {
  Customer: [
    ...METADATA,
    'DisplayName',
    'GivenName',
    'MiddleName',
    'FamilyName',
    'CompanyName',
    'PrintOnCheckName',
    'FullyQualifiedName',
    'PrimaryEmailAddr',
    'Active',
    'Balance',
  ],
  Item: [...METADATA, 'Name', 'Type', 'Active', 'Sku', 'Taxable', 'FullyQualifiedName', 'SubItem'],
  Account: [
    ...METADATA,
    'Name',
    'SubAccount',
    'ParentRef',
    'Description',
    'Active',
    'Classification',
    'AccountType',
    'CurrentBalance',
  ],
  Invoice: [
    ...METADATA,
    'DocNumber',
    'TxnDate',
    'DueDate',
    'CustomerRef',
    'ClassRef',
    'DepartmentRef',
    'ProjectRef',
    'SalesTermRef',
    'TotalAmt',
    'Balance',
  ],
  Payment: [...METADATA, 'TxnDate', 'TotalAmt', 'CustomerRef', 'PaymentMethodRef', 'PaymentRefNum', 'ProjectRef'],
};

/**
 * 4001 when QBO does not filter on the property a WHERE condition names. QBO reads property names in
 * any case (Intuit's own examples write `Metadata.LastUpdatedTime`), so the check does too.
 */
export function checkFilterable(entity: EntityName, property: string): void {
  const filterable = FILTERABLE[entity];
  const lower = property.toLowerCase();
  if (filterable && !filterable.some((p) => p.toLowerCase() === lower)) {
    throw queryValidationError(`property '${property}' is not queryable`);
  }
}
