import { parseArgs } from 'node:util';

// Flags of the bench and the chaos run: node's own parser, strict, with the script's usage line on any mistake.

type FlagSpec = Record<string, { type: 'string' } | { type: 'boolean'; default?: boolean }>;

export function parseFlags<const S extends FlagSpec>(argv: string[], spec: S, usage: string) {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
}

/** A number given to `--name`: finite, at least `min` (or above it, with `exclusive`), whole when asked. */
export function numberFlag(
  name: string,
  value: string,
  usage: string,
  rule: { min: number; exclusive?: boolean; integer?: boolean },
): number {
  const n = Number(value);
  const ok =
    value.trim() !== '' &&
    Number.isFinite(n) &&
    (rule.exclusive ? n > rule.min : n >= rule.min) &&
    (!rule.integer || Number.isInteger(n));
  if (!ok)
    throw new Error(
      `--${name} needs ${rule.integer ? 'a whole number' : 'a number'} ${rule.exclusive ? 'above' : 'of at least'} ${rule.min}\n${usage}`,
    );
  return n;
}
