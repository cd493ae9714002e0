import { describe, expect, it } from 'vitest';
import { numberFlag, parseFlags } from './cli-flags.js';

const USAGE = 'usage: try -- [--quick] [--count N]';
const spec = { quick: { type: 'boolean', default: false }, count: { type: 'string' } } as const;

describe('parseFlags', () => {
  it('reads booleans and values', () => {
    expect(parseFlags(['--quick', '--count', '12'], spec, USAGE)).toEqual({ quick: true, count: '12' });
    expect(parseFlags([], spec, USAGE)).toEqual({ quick: false });
  });

  it('refuses an unknown flag or a missing value, with the usage line', () => {
    expect(() => parseFlags(['--cuont', '3'], spec, USAGE)).toThrow(/--cuont[\s\S]*usage: try/);
    expect(() => parseFlags(['--count'], spec, USAGE)).toThrow(/--count[\s\S]*usage: try/);
  });
});

describe('numberFlag', () => {
  it.each([
    ['5', { min: 1, integer: true }, 5],
    ['0', { min: 0, integer: true }, 0],
    ['0.5', { min: 0, exclusive: true }, 0.5],
  ])('takes %s under %j', (value, rule, expected) => {
    expect(numberFlag('count', value, USAGE, rule)).toBe(expected);
  });

  it.each([
    ['0', { min: 1, integer: true }],
    ['2.5', { min: 0, integer: true }],
    ['0', { min: 0, exclusive: true }],
    ['abc', { min: 0 }],
    ['', { min: 0 }],
  ])('refuses %s under %j, naming the flag', (value, rule) => {
    expect(() => numberFlag('count', value, USAGE, rule)).toThrow(/^--count needs/);
  });
});
