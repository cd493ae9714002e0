import { validation } from '../faults.js';
import type { Json, Row } from '../store.js';
import { bool, checkFields, checkName, HOME_CURRENCY, lengthChecked, passthrough, resolveRef, str, stripEmpty, type RuleContext } from './common.js';
import type { EntityRules } from './types.js';

const FIELDS = new Set([
  'DisplayName', 'Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix', 'CompanyName', 'PrintOnCheckName',
  'PrimaryEmailAddr', 'PrimaryPhone', 'Mobile', 'Fax', 'AlternatePhone', 'WebAddr', 'BillAddr', 'ShipAddr', 'Notes',
  'Active', 'Taxable', 'CurrencyRef', 'PreferredDeliveryMethod', 'ParentRef', 'Job', 'BillWithParent', 'ResaleNum',
  'SalesTermRef', 'PaymentMethodRef', 'OpenBalanceDate', 'TaxExemptionReasonId', 'PrimaryTaxIdentifier',
  'BusinessNumber', 'GSTIN', 'GSTRegistrationType', 'DefaultTaxCodeRef', 'ARAccountRef',
]);
const READ_ONLY = new Set(['FullyQualifiedName', 'Balance', 'BalanceWithJobs', 'Level', 'V4IDPseudonym', 'IsProject', 'ClientEntityId']);

const PHONE_LIMITS = { FreeFormNumber: 30 };
const ADDRESS_LIMITS = { Line1: 500, Line2: 500, Line3: 500, Line4: 500, Line5: 500, City: 255, CountrySubDivisionCode: 255, PostalCode: 30, Country: 255 };

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const Title = str(input['Title'], 'Title', 16);
  const GivenName = str(input['GivenName'], 'GivenName', 100);
  const MiddleName = str(input['MiddleName'], 'MiddleName', 100);
  const FamilyName = str(input['FamilyName'], 'FamilyName', 100);
  const Suffix = str(input['Suffix'], 'Suffix', 16);
  const CompanyName = str(input['CompanyName'], 'CompanyName', 100);
  let DisplayName = str(input['DisplayName'], 'DisplayName', 500);
  if (DisplayName === undefined) {
    const parts = [Title, GivenName, MiddleName, FamilyName, Suffix].filter((p) => p !== undefined);
    if (parts.length === 0) {
      throw validation(
        '6080',
        'No Name provided',
        'No Name provided : Please provide at least one of the following: DisplayName, Title, GivenName, MiddleName, FamilyName or Suffix.',
        'DisplayName',
      );
    }
    DisplayName = str(parts.join(' '), 'DisplayName', 500) ?? '';
  }
  checkName(ctx, 'Customer', DisplayName, existing);

  const parent = resolveRef(ctx, input['ParentRef'], 'ParentRef', 'Customer');
  const email = lengthChecked(input['PrimaryEmailAddr'], 'PrimaryEmailAddr', { Address: 100 });
  const body: Json = {
    ...passthrough(input, FIELDS),
    Title,
    GivenName,
    MiddleName,
    FamilyName,
    Suffix,
    CompanyName,
    DisplayName,
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

export const customerRules: EntityRules = { entity: 'Customer', fields: FIELDS, readOnly: READ_ONLY, build, deletable: false };
