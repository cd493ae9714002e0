import { resolve } from 'node:path';
import { numberFlag, parseFlags } from '../cli-flags.js';

// Command-line options of `npm run bench`, and the size of each scenario they imply.

/** The scenarios, by letter (A′ as A2); F is worked out from A and B. */
export const SCENARIOS = ['A', 'A2', 'B', 'C', 'D', 'E', 'G'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  quick: boolean;
  /** Which scenarios run (`--only G,A`): all of them unless told. */
  only: ReadonlySet<Scenario>;
  /** QBO's limits (500 requests a minute, 10 at once) are multiplied by this, to keep runs short. */
  factor: number;
  out: string;
  /** Where each worker writes V8 CPU profiles of its threads (`--profile DIR`), for finding where its CPU goes. */
  profile?: string;
  sizes: {
    /** Invoices in the ceiling (A, A′, G) and overhead (B) jobs and the baseline loop (C). */
    invoices: number;
    fairnessFirms: number;
    fairnessInvoices: number;
    syncNows: number;
    payments: number;
  };
}

const USAGE = `usage: npm run bench -- [--quick] [--invoices N] [--factor F] [--only ${SCENARIOS.join(',')}] [--out FILE] [--profile DIR]`;

function scenariosFlag(value: string | undefined): ReadonlySet<Scenario> {
  if (value === undefined) return new Set(SCENARIOS);
  const named = value.split(',').map((s) => s.trim().toUpperCase().replace('′', '2').replace("'", '2'));
  const unknown = named.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length > 0 || named.length === 0)
    throw new Error(`--only takes scenarios among ${SCENARIOS.join(', ')}, not ${unknown.join(', ')}\n${USAGE}`);
  return new Set(named as Scenario[]);
}

export function parseOptions(argv: string[], defaultOut: string): BenchOptions {
  const flags = parseFlags(
    argv,
    {
      quick: { type: 'boolean', default: false },
      invoices: { type: 'string' },
      factor: { type: 'string' },
      out: { type: 'string' },
      only: { type: 'string' },
      profile: { type: 'string' },
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
  return {
    quick,
    only: scenariosFlag(flags.only),
    factor,
    out: flags.out ?? defaultOut,
    ...(flags.profile !== undefined && { profile: resolve(flags.profile) }),
    sizes,
  };
}
