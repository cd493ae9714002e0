import { runBulkJob } from '../bulk-job.js';
import { createFirm, seedInvoices } from '../firms.js';
import { childPidNamed, startMeasuring, startMeasuringMachine, type Measured, type Usage } from '../process-usage.js';
import { realmTraffic } from '../sandbox.js';
import type { Stack } from '../../stack.js';

export interface OverheadResult {
  invoicesPerSecond: number;
  /** The product's processes together (API, worker, Temporal server); the sandbox stands in for QBO. */
  cpuSecondsPer1000: number;
  peakRssMb: number;
  byProcess: Record<string, { cpuSecondsPer1000: number; peakRssMb: number }>;
  /**
   * The whole machine while the job ran: every process (PostgreSQL, the sandbox and the bench too), and
   * how busy its cores were. Cores ÷ this CPU per invoice is as fast as this machine could go.
   */
  machine: { cpuSecondsPer1000: number; busy: number };
  callsPerInvoice: number;
}

const PRODUCT = ['api', 'worker', 'temporal'];

/**
 * B. The same bulk job with nothing throttling it (the sandbox and the worker's gate unlimited): what the
 * product itself costs per invoice, in time, CPU and memory.
 */
export async function runOverhead(stack: Stack, invoices: number): Promise<OverheadResult> {
  const firm = await createFirm(stack, 'Bench Overhead Law');
  await seedInvoices(firm, invoices);
  const temporalPid = childPidNamed('temporal');
  const processes: Measured[] = [
    { name: 'api', self: true },
    { name: 'worker', pid: stack.workerPid() },
    { name: 'sandbox', pid: stack.sandboxPid },
    ...(temporalPid ? [{ name: 'temporal', pid: temporalPid }] : []),
  ];
  const before = await realmTraffic(stack, firm.realmId);
  const stop = startMeasuring(processes);
  const stopMachine = startMeasuringMachine();
  const job = await runBulkJob(firm);
  const machine = stopMachine();
  const usage = stop();
  const after = await realmTraffic(stack, firm.realmId);

  const per1000 = (u: Usage) => (u.cpuSeconds / job.succeeded) * 1000;
  const product = Object.entries(usage).filter(([name]) => PRODUCT.includes(name));
  return {
    invoicesPerSecond: job.succeeded / job.seconds,
    cpuSecondsPer1000: product.reduce((sum, [, u]) => sum + per1000(u), 0),
    peakRssMb: product.reduce((sum, [, u]) => sum + u.peakRssMb, 0),
    byProcess: Object.fromEntries(
      Object.entries(usage).map(([name, u]) => [name, { cpuSecondsPer1000: per1000(u), peakRssMb: u.peakRssMb }]),
    ),
    machine: { cpuSecondsPer1000: (machine.busySeconds / job.succeeded) * 1000, busy: machine.busy },
    callsPerInvoice: (after.total - before.total) / job.succeeded,
  };
}
