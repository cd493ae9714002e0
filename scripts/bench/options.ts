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

function valueOf(flag: string, value: string | undefined): string {
  if (!value) throw new Error(`${flag} needs a value\n${USAGE}`);
  return value;
}

function positive(flag: string, value: string | undefined): number {
  const n = Number(valueOf(flag, value));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number\n${USAGE}`);
  return n;
}

export function parseOptions(argv: string[], defaultOut: string): BenchOptions {
  let quick = false;
  let invoices: number | undefined;
  let factor = 10;
  let out = defaultOut;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick') quick = true;
    else if (flag === '--invoices') invoices = Math.round(positive(flag, argv[++i]));
    else if (flag === '--factor') factor = positive(flag, argv[++i]);
    else if (flag === '--out') out = valueOf(flag, argv[++i]);
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  const sizes = quick
    ? { invoices: invoices ?? 50, fairnessFirms: 3, fairnessInvoices: 10, syncNows: 20, payments: 10 }
    : { invoices: invoices ?? 2000, fairnessFirms: 20, fairnessInvoices: 100, syncNows: 200, payments: 50 };
  return { quick, factor, out, sizes };
}
