import { validation } from '../faults.js';
import type { Json, Row } from '../store.js';
import { bool, checkFields, HOME_CURRENCY, requiredName, str, stripEmpty, type RuleContext } from './common.js';
import type { EntityRules } from './types.js';

const FIELDS = new Set([
  'Name',
  'AccountType',
  'AccountSubType',
  'Description',
  'Active',
  'AcctNum',
  'ParentRef',
  'SubAccount',
  'CurrencyRef',
  'TaxCodeRef',
]);
const READ_ONLY = new Set(['FullyQualifiedName', 'Classification', 'CurrentBalance', 'CurrentBalanceWithSubAccounts']);

const CLASSIFICATION: Record<string, string> = {
  Income: 'Revenue',
  'Other Income': 'Revenue',
  Bank: 'Asset',
  'Other Current Asset': 'Asset',
  'Accounts Receivable': 'Asset',
  'Fixed Asset': 'Asset',
  Expense: 'Expense',
  'Cost of Goods Sold': 'Expense',
  'Accounts Payable': 'Liability',
  'Credit Card': 'Liability',
  'Other Current Liability': 'Liability',
  Equity: 'Equity',
};

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const Name = requiredName(ctx, 'Account', input, 100, existing);
  const AccountType = str(input['AccountType'], 'AccountType', 100);
  if (AccountType === undefined || !(AccountType in CLASSIFICATION)) {
    throw validation(
      '6010',
      'Invalid account type',
      'Invalid account type : You must select an account type (AccountType or AccountSubType).',
      'AccountType',
    );
  }
  return stripEmpty({
    Name,
    SubAccount: false,
    FullyQualifiedName: Name,
    Active: bool(input['Active'], 'Active', true),
    Classification: CLASSIFICATION[AccountType],
    AccountType,
    AccountSubType: str(input['AccountSubType'], 'AccountSubType', 100),
    Description: str(input['Description'], 'Description', 100),
    AcctNum: str(input['AcctNum'], 'AcctNum', 7),
    CurrentBalance: existing?.body['CurrentBalance'] ?? 0,
    CurrentBalanceWithSubAccounts: existing?.body['CurrentBalanceWithSubAccounts'] ?? 0,
    CurrencyRef: input['CurrencyRef'] ?? HOME_CURRENCY,
  });
}

export const accountRules: EntityRules = {
  entity: 'Account',
  fields: FIELDS,
  readOnly: READ_ONLY,
  build,
  deletable: false,
};
