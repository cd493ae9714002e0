import type { Json, Row } from '../store.js';
import { bool, checkFields, date, lengthChecked, passthrough, str, stripEmpty, type RuleContext } from './common.js';
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
  'PrintOnCheckName',
  'PrimaryEmailAddr',
  'PrimaryPhone',
  'Mobile',
  'PrimaryAddr',
  'Active',
  'EmployeeNumber',
  'BillableTime',
  'BillRate',
  'CostRate',
  'BirthDate',
  'HiredDate',
  'ReleasedDate',
  'Gender',
  'Organization',
]);
const READ_ONLY = new Set(['V4IDPseudonym']);

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const name = personName(ctx, 'Employee', input, existing);
  const { DisplayName } = name;
  return stripEmpty({
    ...passthrough(input, FIELDS),
    ...name,
    PrintOnCheckName: str(input['PrintOnCheckName'], 'PrintOnCheckName', 110) ?? DisplayName,
    PrimaryEmailAddr: lengthChecked(input['PrimaryEmailAddr'], 'PrimaryEmailAddr', EMAIL_LIMITS),
    PrimaryPhone: lengthChecked(input['PrimaryPhone'], 'PrimaryPhone', PHONE_LIMITS),
    Mobile: lengthChecked(input['Mobile'], 'Mobile', PHONE_LIMITS),
    PrimaryAddr: lengthChecked(input['PrimaryAddr'], 'PrimaryAddr', ADDRESS_LIMITS),
    Active: bool(input['Active'], 'Active', true),
    BillableTime: bool(input['BillableTime'], 'BillableTime', false),
    BirthDate: date(input['BirthDate'], 'BirthDate'),
    HiredDate: date(input['HiredDate'], 'HiredDate'),
    ReleasedDate: date(input['ReleasedDate'], 'ReleasedDate'),
  });
}

/** Employees are names like customers: deactivated, never deleted. */
export const employeeRules: EntityRules = {
  entity: 'Employee',
  fields: FIELDS,
  readOnly: READ_ONLY,
  build,
  deletable: false,
};
