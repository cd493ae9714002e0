import { describe, expect, it, vi } from 'vitest';
import {
  createTestWorker,
  recordingActivities,
  runChain,
  runInput,
  workflowTestServerForFile,
  uniqueTaskQueue,
} from '../test/workflow-env.js';
import { reconcileWorkflowId } from './ids.js';
import { qboChanged } from './messages.js';
import type { QboChange } from './types.js';
import type { ReconcileInput } from './reconcile-types.js';
import type { reconcileWorkflow } from './reconcile-workflow.js';
import { FirmIdKey } from './search-attributes.js';

// The payment reconciler on a real (dev) server with stub activities: webhook changes arrive as signals
// and are applied at once, a CDC poll runs at start and on its interval (a fraction of a second here,
// through the workflow's input), and the run continues as new when the server suggests it (after a few
// dozen events on this server), carrying the CDC cursor.

const SUGGEST_CONTINUE_AS_NEW_AFTER = 60;

const file = workflowTestServerForFile({ suggestContinueAsNewAfterEvents: SUGGEST_CONTINUE_AS_NEW_AFTER });

const payment = (id: string): QboChange => ({
  realmId: 'realm-1',
  entity: 'Payment',
  id,
  operation: 'Create',
  occurredAt: '2026-11-20T10:00:00.000Z',
});

/**
 * Stub activities for one firm: the k-th CDC poll answers with cursor `cursor-k`, and says the firm is no
 * longer active from poll `activePolls + 1` on.
 */
function fakeQbo(activePolls = Infinity) {
  const polledAt: number[] = [];
  const stubs = recordingActivities({
    pollQboChanges: () => {
      polledAt.push(Date.now());
      const k = polledAt.length;
      return { active: k <= activePolls, cursor: `cursor-${k}`, applied: 0 };
    },
    applyQboChanges: ({ changes }) => ({ applied: changes.length }),
  });
  return {
    ...stubs,
    polledAt,
    applied: () => stubs.of('applyQboChanges').flatMap((c) => c.input.changes.map((change) => change.id)),
  };
}

/** Runs `body` with a worker for the stubs on a task queue of its own. */
async function withWorker<T>(qbo: ReturnType<typeof fakeQbo>, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = uniqueTaskQueue('reconcile');
  const worker = await createTestWorker(file.server, { taskQueue, activities: qbo.activities });
  return worker.runUntil(body(taskQueue));
}

/** A webhook's changes as the product hands them over: signal-with-start of the firm's reconciler. */
function notify(taskQueue: string, firmId: string, changes: QboChange[], input: Partial<ReconcileInput> = {}) {
  return file.client.workflow.signalWithStart<typeof reconcileWorkflow, [QboChange[]]>('reconcileWorkflow', {
    workflowId: reconcileWorkflowId(firmId),
    taskQueue,
    args: [{ firmId, pollSeconds: 3600, ...input }],
    signal: qboChanged,
    signalArgs: [changes],
    typedSearchAttributes: [{ key: FirmIdKey, value: firmId }],
  });
}

describe('reconcile workflow', () => {
  it('a webhook starts the reconciler, which polls once from its cursor and applies each webhook batch as it arrives', async () => {
    const qbo = fakeQbo();
    await withWorker(qbo, async (taskQueue) => {
      const handle = await notify(taskQueue, 'firm-r1', [payment('p1'), payment('p2')], { cursor: 'cursor-0' });
      await vi.waitFor(() => expect(qbo.of('applyQboChanges')).toHaveLength(1), { timeout: 10_000 });
      await handle.signal(qboChanged, [payment('p3')]);
      await vi.waitFor(() => expect(qbo.of('applyQboChanges')).toHaveLength(2), { timeout: 10_000 });

      expect(qbo.names()).toEqual(['pollQboChanges', 'applyQboChanges', 'applyQboChanges']);
      expect(qbo.of('pollQboChanges').map((c) => c.input)).toEqual([{ firmId: 'firm-r1', since: 'cursor-0' }]);
      expect(qbo.of('applyQboChanges').map((c) => c.input)).toEqual([
        { firmId: 'firm-r1', changes: [payment('p1'), payment('p2')] },
        { firmId: 'firm-r1', changes: [payment('p3')] },
      ]);
      expect(qbo.calls.every((c) => !c.local)).toBe(true);
      expect((await handle.describe()).typedSearchAttributes.get(FirmIdKey)).toBe('firm-r1');
    });
  });

  it('polls CDC on its interval, each time from the last cursor, and ends when the firm is no longer active', async () => {
    const qbo = fakeQbo(3);
    const pollSeconds = 0.3;
    await withWorker(qbo, async (taskQueue) => {
      const handle = await file.client.workflow.start<typeof reconcileWorkflow>('reconcileWorkflow', {
        workflowId: reconcileWorkflowId('firm-r2'),
        taskQueue,
        args: [{ firmId: 'firm-r2', pollSeconds }],
      });
      await handle.result();
    });
    expect(qbo.of('pollQboChanges').map((c) => c.input.since)).toEqual([null, 'cursor-1', 'cursor-2', 'cursor-3']);
    expect(qbo.of('applyQboChanges')).toHaveLength(0);
    // Within a run, one poll follows another after the interval (a continued run polls at once).
    const polls = qbo.of('pollQboChanges');
    const gaps = polls
      .slice(1)
      .flatMap((poll, i) => (poll.runId === polls[i]!.runId ? [qbo.polledAt[i + 1]! - qbo.polledAt[i]!] : []));
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((gap) => gap >= pollSeconds * 1000 - 50)).toBe(true);
  });

  it('continues as new as its history grows, carrying the cursor, and applies every webhook exactly once across runs', async () => {
    const qbo = fakeQbo();
    const firmId = 'firm-r3';
    const sent = Array.from({ length: 24 }, (_, i) => `p${i + 1}`);
    await withWorker(qbo, async (taskQueue) => {
      const firstRunId = (await notify(taskQueue, firmId, [])).signaledRunId;
      for (const id of sent)
        await file.client.workflow.getHandle(reconcileWorkflowId(firmId)).signal(qboChanged, [payment(id)]);
      await vi.waitFor(() => expect(qbo.applied()).toHaveLength(sent.length), { timeout: 20_000 });
      // A moment for anything applied twice to show.
      await new Promise((r) => setTimeout(r, 200));
      expect(qbo.applied()).toEqual(sent);

      // The last run may have just begun: wait for its first poll.
      const runs = await vi.waitFor(
        async () => {
          const chain = await runChain(file.client, reconcileWorkflowId(firmId), firstRunId);
          expect(qbo.of('pollQboChanges').some((p) => p.runId === chain.at(-1)!.runId)).toBe(true);
          return chain;
        },
        { timeout: 10_000 },
      );
      expect(runs.length).toBeGreaterThan(1);
      const polls = qbo.of('pollQboChanges');
      // Each run polls once, at its start (the interval is an hour), from the cursor its predecessor had.
      expect(runs.map((r) => polls.filter((p) => p.runId === r.runId).length)).toEqual(runs.map(() => 1));
      for (const [i, run] of runs.entries()) {
        const since = i === 0 ? null : `cursor-${i}`;
        expect(runInput<ReconcileInput>(run.events)).toEqual({
          firmId,
          pollSeconds: 3600,
          ...(i > 0 && { cursor: since }),
        });
        expect(polls.find((p) => p.runId === run.runId)!.input.since).toBe(since);
      }
      expect(runs.slice(0, -1).every((r) => r.events.at(-1)!.workflowExecutionContinuedAsNewEventAttributes)).toBe(
        true,
      );
      expect(
        (await file.client.workflow.getHandle(reconcileWorkflowId(firmId)).describe()).typedSearchAttributes.get(
          FirmIdKey,
        ),
      ).toBe(firmId);
    });
  });
});
