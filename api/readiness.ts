import { databaseReachable, type Db } from '../db/database.js';
import { taskQueuePollers, temporalReachable, type TaskQueuePollers, type TemporalAccess } from '../temporal/client.js';

// What GET /readyz reports: each dependency of the API on its own, with what ops need to act on it.
//
// Only PostgreSQL and Temporal decide whether this API process is ready (503 otherwise): without them no
// request can be served, and a load balancer should send people to another instance. A missing worker or
// an unreachable QuickBooks leaves the process degraded but ready (200): invoices, payers, payments, the
// sync log and the whole console still work, Sync Now's work waits in Temporal for a worker, and a sync
// that cannot reach QuickBooks retries there. Taking every API instance out of service for either would
// turn a partial outage into a full one, and restarting the API fixes neither.

export type CheckStatus = 'ok' | 'down' | 'unknown';

export interface Check {
  status: CheckStatus;
  /** Whether this check failing makes the API not ready (503). */
  critical: boolean;
  detail: string;
  latencyMs: number;
}

export interface WorkerCheck extends Check {
  taskQueue: string;
  workflowPollers: number;
  activityPollers: number;
  lastSeenAt: string | null;
}

export interface Readiness {
  status: 'ready' | 'degraded' | 'not_ready';
  checks: { database: Check; temporal: Check; worker: WorkerCheck; quickbooks: Check };
}

/** Every check answers within this, so a probe with a short timeout still gets the whole picture. */
export const CHECK_TIMEOUT_MS = 2_000;

export interface ReadinessDeps {
  db: Db;
  temporal: TemporalAccess;
  /** QBO's API base (QBO_API_BASE_URL or the environment's): Intuit's, or the local sandbox's origin. */
  qboApiBaseUrl: string;
}

export async function readiness({ db, temporal, qboApiBaseUrl }: ReadinessDeps): Promise<Readiness> {
  const [database, temporalCheck, worker, quickbooks] = await Promise.all([
    check(true, async () => {
      await databaseReachable(db);
      return { detail: 'PostgreSQL answered' };
    }),
    check(true, async () => {
      await withDeadline(temporal, () => temporalReachable(temporal));
      return { detail: `Temporal answered (namespace ${temporal.client.options.namespace})` };
    }),
    workerCheck(temporal),
    check(false, () => qboAnswers(qboApiBaseUrl)),
  ]);
  const checks = { database, temporal: temporalCheck, worker, quickbooks };
  const failing = Object.values(checks).filter((c) => c.status !== 'ok');
  const status = failing.some((c) => c.critical) ? 'not_ready' : failing.length > 0 ? 'degraded' : 'ready';
  return { status, checks };
}

/** Runs one check within CHECK_TIMEOUT_MS: `ok` (or the status it found) when it resolves, else `failed` with why. */
async function check<T extends { detail: string; status?: CheckStatus }>(
  critical: boolean,
  run: () => Promise<T>,
  failed: CheckStatus = 'down',
): Promise<Check | (Check & T)> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([run(), timeout]);
    return { status: 'ok', critical, latencyMs: latencyMs(), ...result };
  } catch (error) {
    return { status: failed, critical, detail: (error as Error).message, latencyMs: latencyMs() };
  } finally {
    clearTimeout(timer);
  }
}

/** A gRPC deadline as well as the race in `check`, so a call to an unreachable Temporal is not left retrying. */
function withDeadline<T>(temporal: TemporalAccess, call: () => Promise<T>): Promise<T> {
  return temporal.client.withDeadline(Date.now() + CHECK_TIMEOUT_MS, call);
}

async function workerCheck(temporal: TemporalAccess): Promise<WorkerCheck> {
  const none = { taskQueue: temporal.taskQueue, workflowPollers: 0, activityPollers: 0, lastSeenAt: null };
  const result = await check(
    false,
    async () => {
      const pollers = await withDeadline(temporal, () => taskQueuePollers(temporal));
      const polled = pollers.workflowPollers > 0 && pollers.activityPollers > 0;
      return {
        ...pollers,
        status: polled ? ('ok' as const) : ('down' as const),
        lastSeenAt: pollers.lastSeenAt?.toISOString() ?? null,
        detail: describePollers(pollers),
      };
    },
    // When Temporal cannot be asked, whether a worker is there is unknown, not down.
    'unknown',
  );
  return { ...none, ...result };
}

function describePollers(p: TaskQueuePollers): string {
  const { taskQueue, workflowPollers, activityPollers, lastSeenAt } = p;
  if (workflowPollers > 0 && activityPollers > 0)
    return `${workflowPollers} worker(s) polling ${taskQueue} for workflow tasks, ${activityPollers} for activity tasks`;
  if (workflowPollers > 0 || activityPollers > 0)
    return `no worker polls ${taskQueue} for ${workflowPollers === 0 ? 'workflow' : 'activity'} tasks`;
  return `no worker has polled ${taskQueue} ${lastSeenAt ? `since ${lastSeenAt.toISOString()}` : 'lately (Temporal lists none)'}`;
}

/**
 * Whether QuickBooks' API host answers HTTP at all: any status will do, since this asks nothing of a company
 * (no realm, no token, so it goes around the realm gate and costs no company's rate).
 */
async function qboAnswers(baseUrl: string): Promise<{ detail: string }> {
  const answer = await fetch(baseUrl, { redirect: 'manual', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }).catch(
    (error: Error) => {
      // fetch's own message is just "fetch failed"; the reason (refused, DNS, TLS) is its cause.
      throw new Error(`${baseUrl} unreachable: ${(error.cause as Error | undefined)?.message ?? error.message}`);
    },
  );
  await answer.body?.cancel();
  return { detail: `${baseUrl} answered HTTP ${answer.status}` };
}
