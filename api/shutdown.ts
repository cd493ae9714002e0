// How the API process stops: SIGTERM (an orchestrator, `npm run demo` ending) or SIGINT (Ctrl-C) drains it.

/**
 * Longer than any request should take (Sync Now waits at most 10 s), shorter than Kubernetes' default 30 s
 * grace period: a drain that hangs ends with our own log line and exit code 1 rather than an unexplained
 * SIGKILL.
 */
export const DRAIN_TIMEOUT_MS = 25_000;

export interface ShutdownStep {
  name: string;
  close(): Promise<unknown>;
}

interface Log {
  info(message: string): void;
  error(details: object, message: string): void;
}

/**
 * On the first SIGTERM or SIGINT, runs the steps in order, each whatever became of the one before: the HTTP
 * server first (it stops accepting and waits for the requests in flight, which still need the rest), then
 * what those requests used. The process is not exited: it ends by itself, with code 0, once nothing is left
 * open, so a connection or pool left behind shows as a drain that times out instead of being cut silently.
 * A second signal of the same kind kills the process at once (Node's default), for an impatient Ctrl-C.
 */
export function drainOnSignals(steps: ShutdownStep[], log: Log): void {
  let draining = false;
  const drain = async (signal: NodeJS.Signals) => {
    // Ctrl-C reaches the API both directly (SIGINT) and through whatever started it (SIGTERM): drain once.
    if (draining) return;
    draining = true;
    log.info(`${signal}: draining (requests in flight finish, new ones are refused)`);
    setTimeout(() => {
      log.error({ timeoutMs: DRAIN_TIMEOUT_MS }, 'drain did not finish in time; exiting');
      process.exit(1);
    }, DRAIN_TIMEOUT_MS).unref();
    for (const step of steps) {
      try {
        await step.close();
      } catch (error) {
        process.exitCode = 1;
        log.error({ err: error, step: step.name }, `closing ${step.name} failed`);
      }
    }
    log.info('drained: the process ends once nothing is left open');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void drain(s));
}
