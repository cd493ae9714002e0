import type { Json, Row } from '../store.js';
import {
  bool,
  checkFields,
  HOME_CURRENCY,
  lengthChecked,
  passthrough,
  resolveRef,
  str,
  stripEmpty,
  type RuleContext,
} from './common.js';
import { ADDRESS_LIMITS, EMAIL_LIMITS, PHONE_LIMITS } from './contact.js';
import { personName } from './person-name.js';
import type { EntityRules } from './types.js';

const FIELDS = new Set([
  'DisplayName',
  'Title',
  'GivenName',
  'MiddleName',
  'FamilyName',
  'Suffix',
  'CompanyName',
  'PrintOnCheckName',
  'PrimaryEmailAddr',
  'PrimaryPhone',
  'Mobile',
  'Fax',
  'AlternatePhone',
  'WebAddr',
  'BillAddr',
  'ShipAddr',
  'Notes',
  'Active',
  'Taxable',
  'CurrencyRef',
  'PreferredDeliveryMethod',
  'ParentRef',
  'Job',
  'BillWithParent',
  'ResaleNum',
  'SalesTermRef',
  'PaymentMethodRef',
  'OpenBalanceDate',
  'TaxExemptionReasonId',
  'PrimaryTaxIdentifier',
  'BusinessNumber',
  'GSTIN',
  'GSTRegistrationType',
  'DefaultTaxCodeRef',
  'ARAccountRef',
]);
const READ_ONLY = new Set([
  'FullyQualifiedName',
  'Balance',
  'BalanceWithJobs',
  'Level',
  'V4IDPseudonym',
  'IsProject',
  'ClientEntityId',
]);

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const CompanyName = str(input['CompanyName'], 'CompanyName', 100);
  const name = personName(ctx, 'Customer', input, existing);
  const { DisplayName } = name;

  const parent = resolveRef(ctx, input['ParentRef'], 'ParentRef', 'Customer');
  const email = lengthChecked(input['PrimaryEmailAddr'], 'PrimaryEmailAddr', EMAIL_LIMITS);
  const body: Json = {
    ...passthrough(input, FIELDS),
    ...name,
    CompanyName,
    PrintOnCheckName: str(input['PrintOnCheckName'], 'PrintOnCheckName', 110) ?? CompanyName ?? DisplayName,
    PrimaryEmailAddr: email,
    PrimaryPhone: lengthChecked(input['PrimaryPhone'], 'PrimaryPhone', PHONE_LIMITS),
    Mobile: lengthChecked(input['Mobile'], 'Mobile', PHONE_LIMITS),
    Fax: lengthChecked(input['Fax'], 'Fax', PHONE_LIMITS),
    BillAddr: lengthChecked(input['BillAddr'], 'BillAddr', ADDRESS_LIMITS),
    ShipAddr: lengthChecked(input['ShipAddr'], 'ShipAddr', ADDRESS_LIMITS),
    Notes: str(input['Notes'], 'Notes', 2000),
    Active: bool(input['Active'], 'Active', true),
    Taxable: bool(input['Taxable'], 'Taxable', false),
    Job: parent !== undefined,
    ParentRef: parent?.ref,
    BillWithParent: bool(input['BillWithParent'], 'BillWithParent', false),
    FullyQualifiedName: parent ? `${String(parent.row.body['FullyQualifiedName'])}:${DisplayName}` : DisplayName,
    Level: parent ? Number(parent.row.body['Level'] ?? 0) + 1 : undefined,
    Balance: existing?.body['Balance'] ?? 0,
    BalanceWithJobs: existing?.body['BalanceWithJobs'] ?? 0,
    CurrencyRef: input['CurrencyRef'] ?? HOME_CURRENCY,
    PreferredDeliveryMethod: input['PreferredDeliveryMethod'] ?? 'Print',
  };
  return stripEmpty(body);
}

export const customerRules: EntityRules = {
  entity: 'Customer',
  fields: FIELDS,
  readOnly: READ_ONLY,
  build,
  deletable: false,
};
