import { numberFlag, parseFlags } from '../cli-flags.js';

// Command-line options of `npm run bench`, and the size of each scenario they imply.

export interface BenchOptions {
  quick: boolean;
  /** QBO's limits (500 requests a minute, 10 at once) are multiplied by this, to keep runs short. */
  factor: number;
  out: string;
  sizes: {
    /** Invoices in the ceiling (A) and overhead (B) jobs and the baseline loop (C). */
    invoices: number;
    fairnessFirms: number;
    fairnessInvoices: number;
    syncNows: number;
    payments: number;
  };
}

const USAGE = 'usage: npm run bench -- [--quick] [--invoices N] [--factor F] [--out FILE]';

export function parseOptions(argv: string[], defaultOut: string): BenchOptions {
  const flags = parseFlags(
    argv,
    {
      quick: { type: 'boolean', default: false },
      invoices: { type: 'string' },
      factor: { type: 'string' },
      out: { type: 'string' },
    },
    USAGE,
  );
  const quick = flags.quick;
  const invoices =
    flags.invoices === undefined ? undefined : numberFlag('invoices', flags.invoices, USAGE, { min: 1, integer: true });
  const factor =
    flags.factor === undefined ? 10 : numberFlag('factor', flags.factor, USAGE, { min: 0, exclusive: true });
  const sizes = quick
    ? { invoices: invoices ?? 50, fairnessFirms: 3, fairnessInvoices: 10, syncNows: 20, payments: 10 }
    : { invoices: invoices ?? 2000, fairnessFirms: 20, fairnessInvoices: 100, syncNows: 200, payments: 50 };
  return { quick, factor, out: flags.out ?? defaultOut, sizes };
}
