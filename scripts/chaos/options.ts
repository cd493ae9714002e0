import { numberFlag, parseFlags } from '../cli-flags.js';

export interface ChaosOptions {
  invoices: number;
  seed: number;
  /** Times the worker is SIGKILLed (and restarted) while the jobs run. */
  kills: number;
  /** QuickBooks payments the bookkeeper records on the Model 2 firm's synced invoices. */
  payments: number;
  /** How long the jobs may take before whatever is left counts as stuck. */
  jobDeadlineMs: number;
}

const USAGE = 'usage: npm run chaos -- [--quick] [--invoices N] [--seed S]';

export function parseOptions(argv: string[]): ChaosOptions {
  const flags = parseFlags(
    argv,
    { quick: { type: 'boolean', default: false }, invoices: { type: 'string' }, seed: { type: 'string' } },
    USAGE,
  );
  const wholeNumber = (name: string, value: string) => numberFlag(name, value, USAGE, { min: 0, integer: true });
  const quick = flags.quick;
  const count = flags.invoices === undefined ? (quick ? 60 : 1_000) : wholeNumber('invoices', flags.invoices);
  return {
    invoices: count,
    // Unseeded runs still print their seed, so any run can be replayed.
    seed: flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : wholeNumber('seed', flags.seed),
    kills: quick ? 2 : 5,
    payments: quick ? 4 : 30,
    jobDeadlineMs: Math.max(120_000, count * 600),
  };
}
