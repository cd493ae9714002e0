import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Service } from '../../scripts/child-process.js';
import { startWorker } from '../../scripts/product-process.js';
import { invoiceWorkflowId } from '../../workflows/ids.js';
import { activityOf } from '../history-activities.js';
import { expectEachInvoiceOnce, firmWithInvoices, slowInvoicePosts, type JobFirm } from './bulk-job-fixture.js';
import { ownWorkerEnv, startHarness, type Harness } from './harness.js';

// SIGTERM (a deploy, a scale-down) mid-bulk-job: the worker stops taking work, hands its bulk-job page back
// to Temporal, lets the QuickBooks posts it has in flight finish, and exits 0. A post that outlives the
// shutdown grace is left to fail over: its workflow task times out and a second worker runs the pass again,
// finding the invoice the cut-short post may have created. SIGKILL (a crash, the OOM killer) leaves no word
// at all: the posts QuickBooks commits after the worker is gone are found the same way. Each time the
// second worker finishes the job, and each invoice is in QuickBooks once.

const INVOICES = 8;
/** Each invoice post takes this long in the sandbox, so SIGTERM finds posts in flight. */
const POST_MS = 3_000;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

interface Stopped {
  firm: JobFirm;
  /** `<pid>@`: how the first worker signs what it did in workflow histories. */
  identity: string;
  code: number | string | null;
  signal: string | null;
  ms: number;
  /** The job's progress once the second worker has run it to the end. */
  job: any;
}

describe('a worker stopped mid-job', () => {
  const taskQueue = `shutdown-${randomBytes(3).toString('hex')}`;
  const env = ownWorkerEnv(taskQueue);
  let h: Harness;
  const workers: Service[] = [];
  beforeAll(async () => {
    h = await startHarness({ taskQueue });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await h?.close();
  });

  interface Stop {
    /** The first worker's environment beyond the run's. */
    extra?: NodeJS.ProcessEnv;
    /** How long it is given to exit. */
    boundMs: number;
    signal?: 'SIGTERM' | 'SIGKILL';
    /** How long the sandbox takes over each invoice post. */
    postMs?: number;
    /** How long after its first post reaches the sandbox the worker is sent the signal. */
    afterMs?: number;
  }

  /**
   * Starts a worker, a bulk job whose posts are slow, signals the worker once a post is in flight and waits
   * for it to exit, then lets a second worker finish the job (and stops it).
   */
  async function stopMidJob(
    name: string,
    { extra = {}, boundMs, signal: sent = 'SIGTERM', postMs = POST_MS, afterMs = 0 }: Stop,
  ): Promise<Stopped> {
    const first = await startWorker(`${name}-1`, env, inject('logDir'), extra);
    workers.push(first);
    const firm = await firmWithInvoices(h, name, INVOICES);
    await slowInvoicePosts(h, firm.realmId, postMs);
    const delays = async () => (await h.sandbox('GET', '/__sandbox/stats')).injected['delay'] ?? 0;
    const delaysBefore = await delays();
    const started = await firm.as('POST', '/v1/sync-jobs', { all: true });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    while ((await delays()) === delaysBefore) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, afterMs));

    const exited = once(first.child, 'exit');
    const termAt = Date.now();
    first.child.kill(sent);
    const [code, signal] = (await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r(['still running', null]), boundMs)),
    ])) as [number | string | null, string | null];
    const ms = Date.now() - termAt;

    const second = await startWorker(`${name}-2`, env, inject('logDir'));
    workers.push(second);
    let job: any;
    for (let i = 0; i < 240 && job?.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      job = (await firm.as('GET', `/v1/sync-jobs/${started.body.id}`)).body;
    }
    // Stopped, so the next case's first worker is the only one polling when it is sent SIGTERM.
    await second.stop();
    return { firm, identity: `${first.child.pid}@`, code, signal, ms, job };
  }

  it('lets the posts in flight finish, then exits 0', async () => {
    const stopped = await stopMidJob('shutdown-drains', { boundMs: 15_000 });
    console.log(`drained in ${stopped.ms} ms`);
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
    expect(stopped.job).toMatchObject({ status: 'completed', succeeded: INVOICES, failed: 0, pending: 0 });
    await expectEachInvoiceOnce(h, stopped.firm);

    // Every post the first worker started, it finished: none was left to time out and be retried.
    const posts = await postsOf(h, stopped.firm);
    expect(posts.filter((p) => p.recordedBy.startsWith(stopped.identity)).length).toBeGreaterThan(0);
    expect(posts.filter((p) => p.afterTimeout)).toEqual([]);
  }, 240_000);

  it('leaves a post that outlives the grace to fail over, and still exits 0', async () => {
    const graceMs = 1_000;
    const stopped = await stopMidJob('shutdown-fails-over', {
      extra: { WORKER_SHUTDOWN_GRACE_MS: String(graceMs) },
      boundMs: 10_000,
    });
    console.log(`stopped in ${stopped.ms} ms`);
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
    expect(stopped.ms).toBeLessThan(POST_MS);
    expect(stopped.job).toMatchObject({ status: 'completed', succeeded: INVOICES, failed: 0, pending: 0 });
    await expectEachInvoiceOnce(h, stopped.firm);

    // The posts cut short were run again by the second worker, once their workflow tasks had timed out.
    const posts = await postsOf(h, stopped.firm);
    expect(posts.filter((p) => p.afterTimeout && !p.recordedBy.startsWith(stopped.identity)).length).toBeGreaterThan(0);
  }, 240_000);

  it('finds, after a SIGKILL, the invoices QuickBooks created for the killed worker', async () => {
    // Killed once its workflow task has been extended (at 80% of its 10 s timeout) with the pass's first
    // step recorded, while the batch it sent is still in QuickBooks' hands: the next worker runs the write
    // alone, as a first attempt, in the same pass.
    const stopped = await stopMidJob('killed-mid-post', {
      boundMs: 5_000,
      signal: 'SIGKILL',
      postMs: 12_000,
      afterMs: 9_500,
    });
    expect(stopped.signal).toBe('SIGKILL');
    expect(stopped.job).toMatchObject({ status: 'completed', succeeded: INVOICES, failed: 0, pending: 0 });
    // The killed worker recorded nothing: every post is the second worker's, run again after a timeout...
    const posts = await postsOf(h, stopped.firm);
    expect(posts).toHaveLength(INVOICES);
    expect(posts.filter((p) => p.afterTimeout && !p.recordedBy.startsWith(stopped.identity)).length).toBeGreaterThan(0);
    // ...while the batch the killed worker had sent was committed by QuickBooks: those invoices were linked,
    // not created a second time.
    await expectEachInvoiceOnce(h, stopped.firm);
  }, 240_000);
});

interface Post {
  /** The worker whose workflow task recorded the post (a bulk job's post is a local activity). */
  recordedBy: string;
  /** Whether a workflow task of the invoice timed out before it: the worker that ran it first was gone. */
  afterTimeout: boolean;
}

/** The firm's invoices' QuickBooks writes, from their invoice workflows' histories. */
async function postsOf(h: Harness, firm: JobFirm): Promise<Post[]> {
  const posts: Post[] = [];
  for (const invoiceId of firm.invoiceIds) {
    const history = await h.client.workflow.getHandle(invoiceWorkflowId(firm.firmId, invoiceId)).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    events.forEach((event, i) => {
      const marker = event.markerRecordedEventAttributes;
      if (!marker || activityOf(event) !== 'createQboInvoice') return;
      const task = events.find((e) => String(e.eventId) === String(marker.workflowTaskCompletedEventId));
      posts.push({
        recordedBy: task?.workflowTaskCompletedEventAttributes?.identity ?? '',
        afterTimeout: events.slice(0, i).some((e) => e.workflowTaskTimedOutEventAttributes),
      });
    });
  }
  return posts;
}
