import { Decimal } from 'decimal.js';

// Money is integer cents inside the product, a two-place decimal string ("1250.00") in the API,
// and a JSON number with two decimals in QBO bodies. Every conversion goes through decimal.js,
// so no value ever passes through float arithmetic.

const MONEY_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;
const QUANTITY_PATTERN = /^\d{1,8}(\.\d{1,4})?$/;

export function isMoney(value: string): boolean {
  return MONEY_PATTERN.test(value);
}

export function isQuantity(value: string): boolean {
  return QUANTITY_PATTERN.test(value) && new Decimal(value).gt(0);
}

export function moneyToCents(value: string): number {
  if (!isMoney(value)) throw new RangeError(`not an amount of money: ${JSON.stringify(value)}`);
  return new Decimal(value).mul(100).toNumber();
}

export function centsToMoney(cents: number): string {
  return new Decimal(cents).div(100).toFixed(2);
}

/** A line's amount: quantity × unit price, rounded half-up to the cent, as QBO checks it (error 6070). */
export function lineAmountCents(quantity: string, unitPriceCents: number): number {
  return new Decimal(quantity).mul(unitPriceCents).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

export function sumCents(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The JSON number QBO expects for an amount; exact because cents/100 with two places round-trips. */
export function centsToQboAmount(cents: number): number {
  return Number(centsToMoney(cents));
}

export function qboAmountToCents(amount: number): number {
  return new Decimal(amount).mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Normalises a quantity for storage and for QBO (trailing zeros dropped: "3.5000" -> "3.5"). */
export function normaliseQuantity(value: string | number): string {
  return new Decimal(value).toString();
}
