import type { Json, Row } from '../store.js';
import {
  bool,
  checkFields,
  HOME_CURRENCY,
  lengthChecked,
  passthrough,
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
  'OtherContactInfo',
  'Active',
  'Vendor1099',
  'CurrencyRef',
  'TermRef',
  'APAccountRef',
  'AcctNum',
  'TaxIdentifier',
  'BillRate',
  'CostRate',
  'BusinessNumber',
  'GSTIN',
  'GSTRegistrationType',
  'HasTPAR',
  'TaxReportingBasis',
  'T4AEligible',
  'T5018Eligible',
]);
const READ_ONLY = new Set(['Balance', 'V4IDPseudonym']);

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const CompanyName = str(input['CompanyName'], 'CompanyName', 100);
  const name = personName(ctx, 'Vendor', input, existing);
  const { DisplayName } = name;
  return stripEmpty({
    ...passthrough(input, FIELDS),
    ...name,
    CompanyName,
    PrintOnCheckName: str(input['PrintOnCheckName'], 'PrintOnCheckName', 110) ?? CompanyName ?? DisplayName,
    PrimaryEmailAddr: lengthChecked(input['PrimaryEmailAddr'], 'PrimaryEmailAddr', EMAIL_LIMITS),
    PrimaryPhone: lengthChecked(input['PrimaryPhone'], 'PrimaryPhone', PHONE_LIMITS),
    Mobile: lengthChecked(input['Mobile'], 'Mobile', PHONE_LIMITS),
    Fax: lengthChecked(input['Fax'], 'Fax', PHONE_LIMITS),
    BillAddr: lengthChecked(input['BillAddr'], 'BillAddr', ADDRESS_LIMITS),
    Active: bool(input['Active'], 'Active', true),
    Vendor1099: bool(input['Vendor1099'], 'Vendor1099', false),
    Balance: existing?.body['Balance'] ?? 0,
    CurrencyRef: input['CurrencyRef'] ?? HOME_CURRENCY,
  });
}

/** Vendors are names like customers: deactivated, never deleted. */
export const vendorRules: EntityRules = {
  entity: 'Vendor',
  fields: FIELDS,
  readOnly: READ_ONLY,
  build,
  deletable: false,
};
