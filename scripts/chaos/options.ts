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

function positiveInteger(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer\n${USAGE}`);
  return n;
}

export function parseOptions(argv: string[]): ChaosOptions {
  let quick = false;
  let invoices: number | undefined;
  // Unseeded runs still print their seed, so any run can be replayed.
  let seed = Math.floor(Math.random() * 2 ** 31);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick') quick = true;
    else if (flag === '--invoices') invoices = positiveInteger(flag, argv[++i]);
    else if (flag === '--seed') seed = positiveInteger(flag, argv[++i]);
    else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  const count = invoices ?? (quick ? 60 : 1_000);
  return {
    invoices: count,
    seed,
    kills: quick ? 2 : 5,
    payments: quick ? 4 : 30,
    jobDeadlineMs: Math.max(120_000, count * 600),
  };
}
