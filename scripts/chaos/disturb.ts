import { listInvoices } from './billing.js';
import type { ChaosFirm } from './firms.js';
import type { Caller } from './http.js';
import { pick, seededRandom } from './random.js';

export interface JobProgress {
  firm: ChaosFirm;
  id: string;
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  pending: number;
  /** Seconds from the jobs' start to this one's completion. */
  seconds?: number;
}

export interface Disturbances {
  kills: number;
  payments: number;
  /** Connections of the API and the worker the database ended (as a restart would), over every drop. */
  connectionsDropped: number;
  temporalRestarts: number;
}

interface Plan {
  kills: number;
  payments: number;
  deadlineMs: number;
  seed: number;
  crashAndRestartWorker: () => Promise<void>;
  /** Ends every product connection to the database; how many it ended. */
  dropDatabaseConnections: () => Promise<number>;
  /** Stops the Temporal server and starts it again, its history kept. */
  restartTemporal: () => Promise<void>;
  sandbox: Caller;
}

/**
 * A fifth of the way through, the database drops every connection; two fifths in, the Temporal server restarts
 * once. The drop comes first: once Temporal is back, the work it held up can finish in a rush, and a point
 * planned after that could find the jobs done.
 */
const DROP_AT = 0.2;
const RESTART_AT = 0.4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fractionDone = (jobs: JobProgress[]) =>
  jobs.reduce((sum, j) => sum + j.succeeded + j.failed, 0) /
  Math.max(
    1,
    jobs.reduce((sum, j) => sum + j.total, 0),
  );
/** An API read that met the database ending its connections fails (5xx); the next one gets a fresh connection. */
const onceMore = async <T>(read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch {
    await sleep(250);
    return read();
  }
};
/** Seeded points in [from, to) of the way through, in order. */
const moments = (random: () => number, n: number, from: number, to: number) =>
  Array.from({ length: n }, () => from + random() * (to - from)).sort((a, b) => a - b);

/**
 * Starts a bulk job per firm and, while they run, crashes the worker at seeded points of the overall progress,
 * restarts the Temporal server once, drops the database's connections once, and has the Model 2 firm's
 * bookkeeper receive payments in QuickBooks on invoices already synced. Returns once every job completes or
 * the deadline passes, with the jobs' last progress.
 */
export async function runJobsUnderChaos(
  firms: ChaosFirm[],
  plan: Plan,
): Promise<{ jobs: JobProgress[]; disturbances: Disturbances }> {
  let jobs: JobProgress[] = await Promise.all(
    firms.map(async (firm) => {
      const { id, total } = await firm.api('POST', '/v1/sync-jobs', { all: true });
      return { firm, id, total, status: 'running', succeeded: 0, failed: 0, pending: total };
    }),
  );
  // A stream each, so the crashes and the payments draw the same numbers whichever runs first.
  const crashRandom = seededRandom(plan.seed + 1);
  const paymentRandom = seededRandom(plan.seed + 2);
  // Before 70%: a kill planned later could find the jobs already done, and a run that kills less proves less.
  const killAt = moments(crashRandom, plan.kills, 0.05, 0.7);
  const payAt = moments(paymentRandom, plan.payments, 0.1, 1);
  // Whatever point the jobs did not reach before they ended happens then.
  let finished = false;
  const reached = async (at: number, fraction: () => number) => {
    while (!finished && fraction() < at) await sleep(100);
  };

  const startedAt = Date.now();
  const watch = async () => {
    const deadline = startedAt + plan.deadlineMs;
    while (Date.now() < deadline) {
      jobs = await Promise.all(
        jobs.map(async (job) => {
          const now: JobProgress = {
            ...job,
            ...(await onceMore(() => job.firm.api('GET', `/v1/sync-jobs/${job.id}`))),
          };
          if (now.status === 'completed') now.seconds ??= (Date.now() - startedAt) / 1000;
          return now;
        }),
      );
      if (jobs.every((j) => j.status === 'completed')) break;
      await sleep(500);
    }
    finished = true;
  };

  // A worker cannot start while Temporal is down (it connects first), so kills and the restart take turns.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = (work: () => Promise<void>): Promise<void> => {
    const mine = turn.then(work);
    turn = mine.catch(() => undefined);
    return mine;
  };

  const disturbances: Disturbances = { kills: 0, payments: 0, connectionsDropped: 0, temporalRestarts: 0 };
  const dropConnections = async () => {
    await reached(DROP_AT, () => fractionDone(jobs));
    if (!finished) disturbances.connectionsDropped += await plan.dropDatabaseConnections();
  };
  const restartTemporal = async () => {
    await reached(RESTART_AT, () => fractionDone(jobs));
    if (finished) return;
    await inTurn(plan.restartTemporal);
    disturbances.temporalRestarts += 1;
  };
  const crash = async () => {
    for (const at of killAt) {
      await reached(at, () => fractionDone(jobs));
      if (finished) return;
      // Not on a progress poll's beat: somewhere within the next second and a half.
      await sleep(crashRandom() * 1_500);
      await inTurn(plan.crashAndRestartWorker);
      disturbances.kills += 1;
    }
  };

  const model2 = firms.find((f) => f.syncModel === 2)!;
  const model2Job = () => jobs.find((j) => j.firm === model2)!;
  const paid = new Set<string>();
  const receivePayments = async () => {
    for (const at of payAt) {
      await reached(at, () => fractionDone([model2Job()]));
      const candidates = (await onceMore(() => listInvoices(model2.api, 'synced'))).filter(
        (i) => !paid.has(i.id) && i.sync.qboInvoiceId,
      );
      if (candidates.length === 0) continue;
      const invoice = pick(paymentRandom, candidates);
      paid.add(invoice.id);
      // Half pay in full and half pay part of it.
      const cents = Math.round(Number(invoice.total) * 100);
      const amount = ((paymentRandom() < 0.5 ? cents : 1 + Math.floor(paymentRandom() * (cents - 1))) / 100).toFixed(2);
      await plan.sandbox('POST', `/__sandbox/realms/${model2.realmId}/receive-payment`, {
        invoiceId: invoice.sync.qboInvoiceId,
        amount,
      });
      disturbances.payments += 1;
    }
  };

  await Promise.all([watch(), crash(), receivePayments(), dropConnections(), restartTemporal()]);
  return { jobs, disturbances };
}
