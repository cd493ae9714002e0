import type { EntityName } from '../quickbooks/wire-types.js';
import { companyDate } from './clock.js';
import { accountRules } from './rules/account.js';
import type { RuleContext } from './rules/common.js';
import { paymentMethodRules } from './rules/payment-method.js';
import type { EntityRules } from './rules/types.js';
import type { Json } from './store.js';

/**
 * What every new QBO company starts with: its CompanyInfo, a small chart of accounts, payment methods.
 * Accounts and payment methods go through their rules, so they look exactly like ones a client creates.
 */
export function seedRealm(ctx: RuleContext): void {
  const { realm, nowMs } = ctx;
  const put = (entity: EntityName, body: Json): void => {
    const id = realm.newId();
    realm.table(entity).set(id, { id, body: { ...body, __syncToken: '0' }, createdMs: nowMs, updatedMs: nowMs });
  };
  const build = (rules: EntityRules, input: Json): void => put(rules.entity, rules.build(ctx, input, null));
  put('CompanyInfo', {
    CompanyName: realm.companyName,
    LegalName: realm.companyName,
    CompanyAddr: { Line1: '2700 Coast Ave', City: 'Mountain View', CountrySubDivisionCode: 'CA', PostalCode: '94043' },
    Country: 'US',
    CompanyStartDate: companyDate(nowMs),
    FiscalYearStartMonth: 'January',
    SupportedLanguages: 'en',
    DefaultTimeZone: 'America/Los_Angeles',
  });
  const account = (Name: string, AccountType: string, AccountSubType: string): void =>
    build(accountRules, { Name, AccountType, AccountSubType });
  account('Services', 'Income', 'ServiceFeeIncome');
  account('Sales of Product Income', 'Income', 'SalesOfProductIncome');
  account('Checking', 'Bank', 'Checking');
  account('Undeposited Funds', 'Other Current Asset', 'UndepositedFunds');
  account('Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable');
  build(paymentMethodRules, { Name: 'Cash' });
  build(paymentMethodRules, { Name: 'Check' });
  build(paymentMethodRules, { Name: 'Credit Card', Type: 'CREDIT_CARD' });
}
