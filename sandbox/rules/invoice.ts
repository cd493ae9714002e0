import { addDays, companyDate } from '../clock.js';
import { businessRule, malformedRequest, requiredMissing, validation } from '../faults.js';
import { appliedTotal, invoiceSettlement } from '../ledger.js';
import { Decimal, dec, round2, wire } from '../money.js';
import type { Json, Row } from '../store.js';
import {
  checkFields,
  date,
  HOME_CURRENCY,
  lengthChecked,
  obj,
  passthrough,
  requireRef,
  str,
  stripEmpty,
  voidedTransaction,
  type RuleContext,
} from './common.js';
import type { EntityRules } from './types.js';

const FIELDS = new Set([
  'CustomerRef',
  'DocNumber',
  'TxnDate',
  'DueDate',
  'BillEmail',
  'BillEmailCc',
  'BillEmailBcc',
  'CustomerMemo',
  'PrivateNote',
  'Line',
  'BillAddr',
  'ShipAddr',
  'ShipFromAddr',
  'SalesTermRef',
  'CurrencyRef',
  'ExchangeRate',
  'EmailStatus',
  'PrintStatus',
  'CustomField',
  'ApplyTaxAfterDiscount',
  'TxnTaxDetail',
  'AllowOnlineCreditCardPayment',
  'AllowOnlineACHPayment',
  'AllowIPNPayment',
  'AllowOnlinePayment',
  'ClassRef',
  'DepartmentRef',
  'TrackingNum',
  'ShipDate',
  'ShipMethodRef',
  'ProjectRef',
  'GlobalTaxCalculation',
  'TransactionLocationType',
  'Deposit',
  'DepositToAccountRef',
]);
const ADDRESS_LIMITS = { Line1: 500, Line2: 500, City: 255, PostalCode: 30 };
const READ_ONLY = new Set([
  'TotalAmt',
  'Balance',
  'LinkedTxn',
  'HomeBalance',
  'HomeTotalAmt',
  'InvoiceLink',
  'TaxExemptionRef',
  'RecurDataRef',
]);

interface BuiltLines {
  lines: Json[];
  total: Decimal;
}

function buildLines(ctx: RuleContext, value: unknown): BuiltLines {
  if (value !== undefined && !Array.isArray(value)) throw malformedRequest('Line (expected an array)');
  // QBO recomputes the subtotal line, so a client echoing it back is not adding a line.
  const given = ((value as unknown[] | undefined) ?? []).filter(
    (l) => !(l && typeof l === 'object' && (l as Json)['DetailType'] === 'SubTotalLineDetail'),
  );
  if (given.length === 0) throw requiredMissing('Line');
  const lines: Json[] = [];
  let total = new Decimal(0);
  given.forEach((raw, index) => {
    const line = obj(raw, 'Line');
    if (!line) throw requiredMissing('Line');
    const n = index + 1;
    const Description = str(line['Description'], 'Line.Description', 4000);
    const type = line['DetailType'];
    if (type === 'DescriptionOnly') {
      lines.push(
        stripEmpty({
          Id: String(n),
          LineNum: n,
          Description,
          DetailType: 'DescriptionOnly',
          DescriptionLineDetail: line['DescriptionLineDetail'] ?? {},
        }),
      );
      return;
    }
    if (type === undefined) throw requiredMissing('Line.DetailType');
    if (type !== 'SalesItemLineDetail') throw malformedRequest(`Line.DetailType ${String(type)}`);
    const detail = obj(line['SalesItemLineDetail'], 'Line.SalesItemLineDetail');
    if (!detail) throw requiredMissing('Line.SalesItemLineDetail');
    if (line['Amount'] === undefined || line['Amount'] === null) throw requiredMissing('Line.Amount');
    const amount = dec(line['Amount'], 'Line.Amount');
    if (amount.isNegative()) {
      throw validation(
        '2290',
        'Invalid Amount',
        `Invalid Amount : Line ${n} amount ${amount.toString()} cannot be negative.`,
        'Line.Amount',
      );
    }
    const item = requireRef(ctx, detail['ItemRef'], 'Line.SalesItemLineDetail.ItemRef', 'Item');
    const qty =
      detail['Qty'] === undefined || detail['Qty'] === null
        ? undefined
        : dec(detail['Qty'], 'Line.SalesItemLineDetail.Qty');
    const price =
      detail['UnitPrice'] === undefined || detail['UnitPrice'] === null
        ? undefined
        : dec(detail['UnitPrice'], 'Line.SalesItemLineDetail.UnitPrice');
    if (qty !== undefined && price !== undefined && !round2(qty.times(price)).equals(amount)) {
      throw validation(
        '6070',
        'Amount calculation incorrect',
        `Amount is not equal to UnitPrice * Qty. Supplied value:${amount.toString()}`,
        'Line.Amount',
      );
    }
    total = total.plus(amount);
    lines.push(
      stripEmpty({
        Id: String(n),
        LineNum: n,
        Description,
        Amount: wire(amount),
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: stripEmpty({
          ...detail,
          ItemRef: item.ref,
          Qty: qty === undefined ? undefined : qty.toNumber(),
          UnitPrice: price === undefined ? undefined : price.toNumber(),
          TaxCodeRef: detail['TaxCodeRef'] ?? { value: 'NON' },
        }),
      }),
    );
  });
  lines.push({ Amount: wire(total), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
  return { lines, total };
}

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const customer = requireRef(ctx, input['CustomerRef'], 'CustomerRef', 'Customer');
  const { lines, total } = buildLines(ctx, input['Line']);

  let DocNumber = str(input['DocNumber'], 'DocNumber', 21);
  if (DocNumber === undefined)
    DocNumber = existing ? (existing.body['DocNumber'] as string | undefined) : ctx.realm.newDocNumber();
  if (DocNumber !== undefined && !ctx.allowDuplicateDocNumber) {
    for (const other of ctx.realm.all('Invoice')) {
      if (other.id !== existing?.id && other.body['DocNumber'] === DocNumber) {
        throw validation(
          '6140',
          'Duplicate Document Number Error',
          `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${DocNumber} is assigned to TxnType=Invoice with TxnId=${other.id}`,
          'DocNumber',
        );
      }
    }
  }

  const TxnDate = date(input['TxnDate'], 'TxnDate') ?? companyDate(ctx.nowMs);
  const DueDate = date(input['DueDate'], 'DueDate') ?? addDays(TxnDate, 30);
  const memo = obj(input['CustomerMemo'], 'CustomerMemo');
  const CustomerMemo = memo ? { value: str(memo['value'], 'CustomerMemo', 1000) ?? '' } : undefined;

  if (existing) {
    const applied = appliedTotal(ctx.realm, existing.id);
    if (total.lessThan(applied))
      throw businessRule(
        `The invoice total ${total.toFixed(2)} is less than the payments applied to it (${applied.toFixed(2)}).`,
      );
    if (applied.greaterThan(0) && (existing.body['CustomerRef'] as Json)['value'] !== customer.ref.value) {
      throw businessRule('The customer of an invoice with payments applied cannot be changed.', 'CustomerRef');
    }
  }
  const settlement = existing
    ? invoiceSettlement(ctx.realm, existing.id, total)
    : { Balance: wire(total), LinkedTxn: [] };

  return stripEmpty({
    ...passthrough(input, FIELDS),
    AllowIPNPayment: false,
    AllowOnlinePayment: false,
    AllowOnlineCreditCardPayment: input['AllowOnlineCreditCardPayment'] ?? false,
    AllowOnlineACHPayment: input['AllowOnlineACHPayment'] ?? false,
    CustomField: input['CustomField'] ?? [],
    DocNumber,
    TxnDate,
    CurrencyRef: HOME_CURRENCY,
    PrivateNote: str(input['PrivateNote'], 'PrivateNote', 4000),
    LinkedTxn: settlement.LinkedTxn,
    Line: lines,
    TxnTaxDetail: { TotalTax: 0 },
    CustomerRef: customer.ref,
    CustomerMemo,
    BillAddr: lengthChecked(input['BillAddr'], 'BillAddr', ADDRESS_LIMITS),
    ShipAddr: lengthChecked(input['ShipAddr'], 'ShipAddr', ADDRESS_LIMITS),
    DueDate,
    TotalAmt: wire(total),
    ApplyTaxAfterDiscount: false,
    PrintStatus: input['PrintStatus'] ?? 'NeedToPrint',
    EmailStatus: input['EmailStatus'] ?? 'NotSet',
    BillEmail: lengthChecked(input['BillEmail'], 'BillEmail', { Address: 100 }),
    Balance: settlement.Balance,
    Deposit: 0,
  });
}

function guardChange(ctx: RuleContext, row: Row, operation: 'Update' | 'Delete' | 'Void'): void {
  if (operation !== 'Update' && appliedTotal(ctx.realm, row.id).greaterThan(0)) {
    throw businessRule(
      `This invoice has payments applied. Remove the payments before you ${operation === 'Void' ? 'void' : 'delete'} it.`,
    );
  }
}

export const invoiceRules: EntityRules = {
  entity: 'Invoice',
  fields: FIELDS,
  readOnly: READ_ONLY,
  build,
  guardChange,
  voided: (_ctx, row) => voidedTransaction(row, ['TotalAmt', 'Balance']),
  deletable: true,
};
