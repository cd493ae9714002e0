import type { LinkedTxn, Ref } from '../../quickbooks/wire-types.js';
import { companyDate } from '../clock.js';
import { businessRule, malformedRequest, requiredMissing, validation } from '../faults.js';
import { appliedTotal } from '../ledger.js';
import { Decimal, dec, wire } from '../money.js';
import type { Json, Realm, Row } from '../store.js';
import {
  checkFields,
  date,
  HOME_CURRENCY,
  obj,
  refTo,
  resolveRef,
  requireRef,
  str,
  stripEmpty,
  voidedTransaction,
  type RuleContext,
} from './common.js';
import type { EntityRules } from './types.js';

const FIELDS = new Set([
  'CustomerRef',
  'TotalAmt',
  'TxnDate',
  'PaymentMethodRef',
  'PaymentRefNum',
  'DepositToAccountRef',
  'PrivateNote',
  'Line',
  'CurrencyRef',
  'ExchangeRate',
  'ARAccountRef',
  'ProcessPayment',
  'TxnSource',
  'CreditCardPayment',
  'TransactionLocationType',
]);
const READ_ONLY = new Set(['UnappliedAmt', 'LinkedTxn']);

/** Where QBO deposits a payment that names no account. */
function undepositedFunds(realm: Realm): Ref | undefined {
  const account = realm.all('Account').find((a) => a.body['AccountSubType'] === 'UndepositedFunds');
  return account && refTo('Account', account);
}

function cannotLink(detail: string): never {
  throw validation(
    '620',
    'Transaction Id cannot be linked',
    `Transaction Id cannot be linked : ${detail}`,
    'Line.LinkedTxn',
  );
}

function build(ctx: RuleContext, input: Json, existing: Row | null): Json {
  checkFields(input, FIELDS, READ_ONLY);
  const customer = requireRef(ctx, input['CustomerRef'], 'CustomerRef', 'Customer');
  if (input['TotalAmt'] === undefined || input['TotalAmt'] === null) throw requiredMissing('TotalAmt');
  const total = dec(input['TotalAmt'], 'TotalAmt');
  if (total.isNegative())
    throw validation('2290', 'Invalid Amount', 'Invalid Amount : The payment amount cannot be negative.', 'TotalAmt');

  const rawLines = input['Line'] ?? [];
  if (!Array.isArray(rawLines)) throw malformedRequest('Line (expected an array)');
  let applied = new Decimal(0);
  const lines: Json[] = [];
  const appliedHere = new Map<string, Decimal>();
  for (const raw of rawLines as unknown[]) {
    const line = obj(raw, 'Line');
    if (!line) continue;
    if (line['Amount'] === undefined || line['Amount'] === null) throw requiredMissing('Line.Amount');
    const amount = dec(line['Amount'], 'Line.Amount');
    if (amount.isNegative())
      throw validation(
        '2290',
        'Invalid Amount',
        'Invalid Amount : A payment line amount cannot be negative.',
        'Line.Amount',
      );
    const links = line['LinkedTxn'];
    if (!Array.isArray(links) || links.length === 0) throw requiredMissing('Line.LinkedTxn');
    const outLinks: LinkedTxn[] = [];
    for (const rawLink of links as unknown[]) {
      const link = obj(rawLink, 'Line.LinkedTxn') ?? {};
      const txnId = link['TxnId'] === undefined ? '' : String(link['TxnId']);
      if (txnId === '') throw requiredMissing('Line.LinkedTxn.TxnId');
      if (link['TxnType'] !== 'Invoice')
        cannotLink(`TxnType ${String(link['TxnType'])} is not supported by the sandbox`);
      const invoice = ctx.lookup('Invoice', txnId);
      if (!invoice) cannotLink(`Invoice ${txnId} does not exist`);
      if ((invoice.body['CustomerRef'] as Json)['value'] !== customer.ref.value)
        cannotLink(`Invoice ${txnId} belongs to another customer`);
      const open = dec(invoice.body['TotalAmt'] ?? 0, 'TotalAmt')
        .minus(appliedTotal(ctx.realm, txnId, existing?.id))
        .minus(appliedHere.get(txnId) ?? 0);
      if (amount.greaterThan(open)) {
        throw businessRule(
          `The amount applied to invoice ${txnId} (${amount.toFixed(2)}) is more than its open balance (${Decimal.max(open, 0).toFixed(2)}).`,
          'Line.Amount',
        );
      }
      appliedHere.set(txnId, (appliedHere.get(txnId) ?? new Decimal(0)).plus(amount));
      outLinks.push({ TxnId: txnId, TxnType: 'Invoice' });
    }
    applied = applied.plus(amount);
    const first = outLinks[0];
    lines.push({
      Amount: wire(amount),
      LinkedTxn: outLinks,
      // QBO decorates payment lines with this JAXB-shaped name/value list; clients must tolerate it.
      LineEx: first ? lineEx(ctx, first.TxnId) : undefined,
    });
  }
  if (applied.greaterThan(total)) {
    throw businessRule(
      `The amounts applied (${applied.toFixed(2)}) are more than the payment amount (${total.toFixed(2)}).`,
      'TotalAmt',
    );
  }

  const deposit =
    resolveRef(ctx, input['DepositToAccountRef'], 'DepositToAccountRef', 'Account')?.ref ?? undepositedFunds(ctx.realm);
  const method = resolveRef(ctx, input['PaymentMethodRef'], 'PaymentMethodRef', 'PaymentMethod');
  return stripEmpty({
    CustomerRef: customer.ref,
    DepositToAccountRef: deposit,
    PaymentMethodRef: method?.ref,
    PaymentRefNum: str(input['PaymentRefNum'], 'PaymentRefNum', 21),
    TotalAmt: wire(total),
    UnappliedAmt: wire(total.minus(applied)),
    ProcessPayment: false,
    TxnDate: date(input['TxnDate'], 'TxnDate') ?? companyDate(ctx.nowMs),
    CurrencyRef: HOME_CURRENCY,
    PrivateNote: str(input['PrivateNote'], 'PrivateNote', 4000),
    Line: lines.map(stripEmpty),
  });
}

function lineEx(ctx: RuleContext, invoiceId: string): Json {
  const invoice = ctx.realm.get('Invoice', invoiceId);
  const pair = (Name: string, Value: string): Json => ({
    name: '{http://schema.intuit.com/finance/v3}NameValue',
    declaredType: 'com.intuit.schema.finance.v3.NameValue',
    scope: 'javax.xml.bind.JAXBElement$GlobalScope',
    value: { Name, Value },
    nil: false,
    globalScope: true,
    typeSubstituted: false,
  });
  return {
    any: [
      pair('txnId', invoiceId),
      pair('txnOpenBalance', String(invoice?.body['Balance'] ?? 0)),
      pair('txnReferenceNumber', String(invoice?.body['DocNumber'] ?? '')),
    ],
  };
}

function guardChange(ctx: RuleContext, row: Row): void {
  if (ctx.realm.deposited.has(row.id)) {
    throw validation(
      '6540',
      'Deposited Transaction cannot be changed',
      'Deposited Transaction cannot be changed : This transaction has been deposited. If you want to change or delete it, you must edit the deposit it appears on and remove it first.',
    );
  }
}

export const paymentRules: EntityRules = {
  entity: 'Payment',
  fields: FIELDS,
  readOnly: READ_ONLY,
  build,
  guardChange,
  voided: (_ctx, row) => voidedTransaction(row, ['TotalAmt', 'UnappliedAmt']),
  deletable: true,
};
