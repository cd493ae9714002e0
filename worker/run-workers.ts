import type { Worker } from '@temporalio/worker';
import type { Logger as Pino } from 'pino';

/** The signals that stop the worker; a second one ends the process at once (Node's default). */
const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Runs the process's workers until they stop, and says how: `drained` when, after a shutdown signal, each
 * stopped polling and saw its in-flight activities finish; `grace-expired` when some were still running
 * `graceMs` after the signal. Those are not lost: the process ends, their heartbeats stop, and Temporal
 * retries them on another worker. (The SDK's own `shutdownForceTime` is not used: in 1.24 its expiry ends
 * `run()` with "Worker still in use" rather than a shutdown error.) A worker that fails stops the others and
 * its error is thrown, so the process ends with it and its supervisor starts a fresh one.
 *
 * A Temporal server that is down or restarting is no failure: the SDK retries an unavailable server's
 * polls for as long as it takes (`test/integration/temporal-restart.test.ts`).
 */
export async function runWorkers(
  workers: Worker[],
  { graceMs, logger }: { graceMs: number; logger: Pino },
): Promise<'drained' | 'grace-expired'> {
  let failure: { error: unknown } | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let expire = () => {};
  const graceExpired = new Promise<'grace-expired'>((resolve) => (expire = () => resolve('grace-expired')));
  const stop = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    graceTimer ??= setTimeout(expire, graceMs);
  };
  for (const signal of SHUTDOWN_SIGNALS) process.once(signal, stop);

  const runs = workers.map((worker) =>
    worker.run().then(stop, (error: unknown) => {
      failure ??= { error };
      stop();
    }),
  );
  const outcome = await Promise.race([Promise.all(runs).then(() => 'drained' as const), graceExpired]);
  clearTimeout(graceTimer);
  for (const signal of SHUTDOWN_SIGNALS) process.off(signal, stop);
  if (failure) throw failure.error;
  if (outcome === 'grace-expired')
    logger.warn(
      { graceMs },
      'activities outlived the shutdown grace; Temporal retries them once their heartbeats stop',
    );
  return outcome;
}
