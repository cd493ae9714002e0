import { activityInfo, heartbeat } from '@temporalio/activity';

const EVERY_MS = 2_000;

/**
 * Every activity heartbeats while it runs, so a worker that dies mid-activity is noticed within the
 * heartbeat timeout (seconds) instead of the start-to-close timeout (minutes), and the work moves on.
 * Local activities cannot heartbeat: their workflow task's timeout plays that part.
 */
export function heartbeating<A extends Record<string, (...args: any[]) => Promise<unknown>>>(activities: A): A {
  return Object.fromEntries(
    Object.entries(activities).map(([name, run]) => [
      name,
      async (...args: unknown[]) => {
        const ticker = activityInfo().isLocal ? undefined : setInterval(() => heartbeat(), EVERY_MS);
        try {
          return await run(...args);
        } finally {
          clearInterval(ticker);
        }
      },
    ]),
  ) as A;
}
