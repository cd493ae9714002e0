import { companyDate } from './clock.js';
import type { Json, Realm } from './store.js';

/** What every new QBO company starts with: its CompanyInfo, a small chart of accounts, payment methods. */
export function seedRealm(realm: Realm, nowMs: number): void {
  const put = (entity: 'CompanyInfo' | 'Account' | 'PaymentMethod', body: Json): void => {
    const id = realm.newId();
    realm.table(entity).set(id, { id, body: { ...body, __syncToken: '0' }, createdMs: nowMs, updatedMs: nowMs });
  };
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
  const account = (Name: string, AccountType: string, AccountSubType: string, Classification: string): Json => ({
    Name,
    SubAccount: false,
    FullyQualifiedName: Name,
    Active: true,
    Classification,
    AccountType,
    AccountSubType,
    CurrentBalance: 0,
    CurrentBalanceWithSubAccounts: 0,
    CurrencyRef: { value: 'USD', name: 'United States Dollar' },
  });
  put('Account', account('Services', 'Income', 'ServiceFeeIncome', 'Revenue'));
  put('Account', account('Sales of Product Income', 'Income', 'SalesOfProductIncome', 'Revenue'));
  put('Account', account('Checking', 'Bank', 'Checking', 'Asset'));
  put('Account', account('Undeposited Funds', 'Other Current Asset', 'UndepositedFunds', 'Asset'));
  put('Account', account('Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable', 'Asset'));
  put('PaymentMethod', { Name: 'Cash', Active: true, Type: 'NON_CREDIT_CARD' });
  put('PaymentMethod', { Name: 'Check', Active: true, Type: 'NON_CREDIT_CARD' });
  put('PaymentMethod', { Name: 'Credit Card', Active: true, Type: 'CREDIT_CARD' });
}
