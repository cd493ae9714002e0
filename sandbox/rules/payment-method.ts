import { validation } from '../faults.js';
import type { Json, Row } from '../store.js';
import { bool, checkFields, requiredName, stripEmpty, type RuleContext } from './common.js';
import type { EntityRules } from './types.js';

const FIELDS = new Set(['Name', 'Type', 'Active']);
const READ_ONLY = new Set<string>();

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const Name = requiredName(ctx, 'PaymentMethod', input, 31, existing);
  const Type = input['Type'] ?? 'NON_CREDIT_CARD';
  if (Type !== 'CREDIT_CARD' && Type !== 'NON_CREDIT_CARD') {
    throw validation(
      '2120',
      'Invalid Type',
      `Invalid Type : ${String(Type)} is not one of CREDIT_CARD, NON_CREDIT_CARD`,
      'Type',
    );
  }
  return stripEmpty({ Name, Active: bool(input['Active'], 'Active', true), Type });
}

export const paymentMethodRules: EntityRules = {
  entity: 'PaymentMethod',
  fields: FIELDS,
  readOnly: READ_ONLY,
  build,
  deletable: false,
};
