import { Decimal } from 'decimal.js';
import { malformedRequest } from './faults.js';

// All sums and products go through decimal.js: a sandbox that adds floats would hide or invent the very
// cent mismatches (6070) the product must get right.

export function dec(value: unknown, element: string): Decimal {
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return new Decimal(value.trim());
  throw malformedRequest(`${element} (not a number: ${JSON.stringify(value)})`);
}

export function round2(d: Decimal): Decimal {
  return d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** QBO money on the wire is a JSON number with at most two decimals. */
export function wire(d: Decimal): number {
  return Number(round2(d).toFixed(2));
}

export { Decimal };
