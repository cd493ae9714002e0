import { describe, expect, it } from 'vitest';
import {
  centsToMoney,
  centsToQboAmount,
  isMoney,
  isQuantity,
  lineAmountCents,
  moneyToCents,
  normaliseQuantity,
  qboAmountToCents,
} from './money.js';

describe('money', () => {
  it('parses decimal strings to exact cents', () => {
    expect(moneyToCents('1250.00')).toBe(125000);
    expect(moneyToCents('0.1')).toBe(10);
    expect(moneyToCents('19.99')).toBe(1999);
    expect(() => moneyToCents('1.234')).toThrow(RangeError);
    expect(() => moneyToCents('-5.00')).toThrow(RangeError);
    expect(isMoney('1e3')).toBe(false);
  });

  it('formats cents with two places', () => {
    expect(centsToMoney(125000)).toBe('1250.00');
    expect(centsToMoney(5)).toBe('0.05');
    expect(centsToMoney(0)).toBe('0.00');
  });

  it('computes line amounts half-up to the cent without float error', () => {
    expect(lineAmountCents('3', 1999)).toBe(5997);
    expect(lineAmountCents('1.5', 33333)).toBe(50000); // 499.995 -> 500.00
    expect(lineAmountCents('0.1', 30)).toBe(3);
    expect(lineAmountCents('2.25', 1)).toBe(2); // 0.0225 -> 0.02
  });

  it('converts to and from QBO numbers exactly', () => {
    expect(centsToQboAmount(1999)).toBe(19.99);
    expect(qboAmountToCents(19.99)).toBe(1999);
    expect(qboAmountToCents(0.1 + 0.2)).toBe(30);
  });

  it('accepts positive quantities with up to four places', () => {
    expect(isQuantity('1')).toBe(true);
    expect(isQuantity('0.2500')).toBe(true);
    expect(isQuantity('0')).toBe(false);
    expect(isQuantity('1.23456')).toBe(false);
    expect(normaliseQuantity('3.5000')).toBe('3.5');
  });
});
