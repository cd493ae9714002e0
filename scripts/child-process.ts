import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

export interface Service {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves once a line of output matches; without it, once the process has spawned. */
  ready?: RegExp;
  readyTimeoutMs?: number;
  /** Where the service's own output goes; by default it is kept quiet unless it fails to start. */
  onOutput?: (line: string) => void;
  /** The user and group it runs as (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
  /** What asks it to stop; SIGTERM unless the service stops sooner on another (PostgreSQL: SIGINT, its fast shutdown). */
  stopSignal?: NodeJS.Signals;
  /**
   * In a process group of its own, out of reach of a terminal's Ctrl-C (sent to the whole foreground group),
   * so only its owner stops it, when the parts that use it have stopped.
   */
  ownProcessGroup?: boolean;
}

/** Starts a long-running child process and waits until it says it is ready. */
export function startService(options: ServiceOptions): Promise<Service> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined && { uid: options.uid }),
    ...(options.gid !== undefined && { gid: options.gid }),
    detached: options.ownProcessGroup === true,
  });
  const recent: string[] = [];
  const stop = () => stopChild(child, undefined, options.stopSignal);
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(
      () => fail(new Error(`${options.name} did not become ready in ${options.readyTimeoutMs ?? 60_000} ms`)),
      options.readyTimeoutMs ?? 60_000,
    );
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new Error(`${error.message}\n--- last output of ${options.name} ---\n${recent.join('\n')}`));
    };
    const onLine = (line: string) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      options.onOutput?.(line);
      if (!settled && options.ready?.test(line)) {
        settled = true;
        clearTimeout(timer);
        resolve({ name: options.name, child, stop });
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      fail(new Error(`${options.name} exited (${signal ?? code}) before it was ready`)),
    );
    if (!options.ready) {
      child.once('spawn', () => {
        settled = true;
        clearTimeout(timer);
        resolve({ name: options.name, child, stop });
      });
    }
  });
}

/** SIGTERM (or `signal`), then SIGKILL if it is still there after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill(signal);
  });
}

/** Runs a command to its end; rejects, naming it, unless it exits 0. */
export function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; stdio: StdioOptions },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${[command, ...args].join(' ')} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}
