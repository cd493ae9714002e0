import { requiredMissing, validation } from '../faults.js';
import { dec, wire } from '../money.js';
import type { Json, Row } from '../store.js';
import {
  bool,
  checkFields,
  date,
  passthrough,
  requiredName,
  resolveRef,
  str,
  stripEmpty,
  type RuleContext,
} from './common.js';
import type { EntityRules } from './types.js';

const FIELDS = new Set([
  'Name',
  'Description',
  'Type',
  'UnitPrice',
  'IncomeAccountRef',
  'ExpenseAccountRef',
  'AssetAccountRef',
  'Taxable',
  'Sku',
  'Active',
  'PurchaseDesc',
  'PurchaseCost',
  'TrackQtyOnHand',
  'QtyOnHand',
  'InvStartDate',
  'SubItem',
  'ParentRef',
  'SalesTaxIncluded',
  'PurchaseTaxIncluded',
  'SalesTaxCodeRef',
  'PurchaseTaxCodeRef',
  'ClassRef',
  'PrefVendorRef',
  'ReorderPoint',
]);
const READ_ONLY = new Set(['FullyQualifiedName', 'Level']);
const TYPES = new Set(['Service', 'NonInventory', 'Inventory']);

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const Name = requiredName(ctx, 'Item', input, 100, existing);
  const Type = input['Type'] ?? 'Service';
  if (typeof Type !== 'string' || !TYPES.has(Type)) {
    throw validation('2120', 'Invalid Type', `Invalid Type : ${String(Type)} is not a supported item type`, 'Type');
  }
  const income = resolveRef(ctx, input['IncomeAccountRef'], 'IncomeAccountRef', 'Account');
  const expense = resolveRef(ctx, input['ExpenseAccountRef'], 'ExpenseAccountRef', 'Account');
  const asset = resolveRef(ctx, input['AssetAccountRef'], 'AssetAccountRef', 'Account');
  if (!income) throw requiredMissing('IncomeAccountRef');
  let InvStartDate: string | undefined;
  if (Type === 'Inventory') {
    if (!asset) throw requiredMissing('AssetAccountRef');
    if (!expense) throw requiredMissing('ExpenseAccountRef');
    InvStartDate = date(input['InvStartDate'], 'InvStartDate');
    if (!InvStartDate) throw requiredMissing('InvStartDate');
    if (input['QtyOnHand'] === undefined) throw requiredMissing('QtyOnHand');
  }
  return stripEmpty({
    ...passthrough(input, FIELDS),
    Name,
    Description: str(input['Description'], 'Description', 4000),
    Sku: str(input['Sku'], 'Sku', 100),
    Active: bool(input['Active'], 'Active', true),
    FullyQualifiedName: Name,
    Taxable: bool(input['Taxable'], 'Taxable', false),
    UnitPrice:
      input['UnitPrice'] === undefined || input['UnitPrice'] === null
        ? 0
        : Number(dec(input['UnitPrice'], 'UnitPrice')),
    Type,
    IncomeAccountRef: income.ref,
    ExpenseAccountRef: expense?.ref,
    AssetAccountRef: asset?.ref,
    PurchaseCost: input['PurchaseCost'] === undefined ? 0 : wire(dec(input['PurchaseCost'], 'PurchaseCost')),
    TrackQtyOnHand: Type === 'Inventory',
    InvStartDate,
  });
}

export const itemRules: EntityRules = { entity: 'Item', fields: FIELDS, readOnly: READ_ONLY, build, deletable: false };
