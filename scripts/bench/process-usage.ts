import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

// CPU time and peak memory of the stack's processes over one scenario. Child processes are read from
// /proc (Linux only); the API runs in this process, so it is measured with Node's own counters, which
// also count the bench's light driving of it (one poll every 200 ms).

export interface Usage {
  cpuSeconds: number;
  peakRssMb: number;
}

export type Measured = { name: string; pid: number } | { name: string; self: true };

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux this runs on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;
const SELF_SAMPLE_MS = 100;

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name, in parentheses, may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function peakRssMbOf(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** The child of this process whose command name is `comm` (the Temporal CLI keeps its pid to itself). */
export function childPidNamed(comm: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) return Number(entry);
    } catch {
      // Gone since the directory was listed.
    }
  }
  return undefined;
}

/** Starts measuring; the returned function stops and gives each process's usage since then. */
export function startMeasuring(processes: Measured[]): () => Record<string, Usage> {
  const children = processes.filter((p): p is { name: string; pid: number } => 'pid' in p);
  const self = processes.find((p) => 'self' in p);
  // Writing 5 to clear_refs resets a process's peak RSS, so start-up (e.g. the worker's bundling) is left out.
  for (const { pid } of children) writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const cpuAtStart = new Map(children.map(({ pid }) => [pid, cpuSecondsOf(pid)]));
  const selfCpu = process.cpuUsage();
  let selfPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => (selfPeak = Math.max(selfPeak, process.memoryUsage.rss())), SELF_SAMPLE_MS);

  return () => {
    clearInterval(sampler);
    const usage: Record<string, Usage> = {};
    for (const { name, pid } of children)
      usage[name] = { cpuSeconds: cpuSecondsOf(pid) - cpuAtStart.get(pid)!, peakRssMb: peakRssMbOf(pid) };
    if (self) {
      const { user, system } = process.cpuUsage(selfCpu);
      usage[self.name] = {
        cpuSeconds: (user + system) / 1e6,
        peakRssMb: Math.max(selfPeak, process.memoryUsage.rss()) / 2 ** 20,
      };
    }
    return usage;
  };
}

/** The whole machine's busy CPU seconds, every core and every process: all of /proc/stat's time but idle and iowait. */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user).
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / TICKS_PER_SECOND;
}

export interface MachineUsage {
  /** CPU seconds spent by every process, the parts measured one by one and all the others. */
  busySeconds: number;
  /** Of all the cores' time while measured, the share that was busy (1: every core, all the time). */
  busy: number;
}

/** Starts measuring the whole machine; the returned function stops and gives its usage since then. */
export function startMeasuringMachine(): () => MachineUsage {
  const busyAtStart = machineBusySeconds();
  const startedAt = performance.now();
  return () => {
    const busySeconds = machineBusySeconds() - busyAtStart;
    const seconds = (performance.now() - startedAt) / 1000;
    return { busySeconds, busy: busySeconds / (seconds * cpus().length) };
  };
}
