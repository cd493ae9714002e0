import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { entityWorkflowId, requestEntitySync } from '../temporal/entity-sync.js';
import {
  createTestWorker,
  deferred,
  type Deferred,
  recordingActivities,
  runChain,
  runInput,
  uniqueTaskQueue,
  workflowTestServerForFile,
} from '../test/workflow-env.js';
import type { EntityFacts, EntityWorkflowInput, SyncActivities } from './types.js';

// The payer / fee-item workflow on a real (dev) server with stub activities: what a pass decides from what
// QuickBooks holds, edits coalescing while a pass runs, and continue-as-new when the server suggests it.

const SUGGEST_CONTINUE_AS_NEW_AFTER = 40;
const file = workflowTestServerForFile({ suggestContinueAsNewAfterEvents: SUGGEST_CONTINUE_AS_NEW_AFTER });
const firmId = 'firm-1';

type Facts = Extract<EntityFacts, { follows: true }>;

/** One mapped record as inspectEntity would see it, and stubs that record what the workflow asks. */
function fakeEntity(overrides: Partial<Facts> | { follows: false } = {}) {
  let facts: EntityFacts = {
    follows: true,
    qboId: 'qbo-9',
    syncToken: '3',
    linked: false,
    updateLinked: false,
    active: true,
    differs: ['email'],
    ...overrides,
  } as EntityFacts;
  let refuse: ApplicationFailure | null = null;
  let hold: { entered: Deferred; release: Deferred } | null = null;
  const stubs = recordingActivities({
    inspectEntity: async () => {
      const held = hold;
      hold = null;
      held?.entered.resolve();
      await held?.release.promise;
      return facts;
    },
    updateQboEntity: () => {
      if (refuse) throw refuse;
      return { fields: facts.follows ? facts.differs : [] };
    },
    recordEntityOutcome: () => undefined,
  });
  return {
    ...stubs,
    set(next: Partial<Facts>) {
      facts = { ...facts, ...next } as EntityFacts;
    },
    refuseUpdate(failure: ApplicationFailure) {
      refuse = failure;
    },
    holdInspect() {
      hold = { entered: deferred(), release: deferred() };
      return hold;
    },
  };
}
type FakeEntity = ReturnType<typeof fakeEntity>;

const target = (localId: string) => ({ firmId, kind: 'payer' as const, localId });

async function withWorker<T>(entity: FakeEntity, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = uniqueTaskQueue('entity');
  const worker = await createTestWorker(file.server, { taskQueue, activities: entity.activities });
  return worker.runUntil(body(taskQueue));
}

const edit = (taskQueue: string, localId: string, overwrite?: boolean) =>
  requestEntitySync({ client: file.client, taskQueue }, { ...target(localId), overwrite });

/** Waits until the stubs have seen `count` calls of `name`. */
async function calls(entity: FakeEntity, name: keyof SyncActivities, count: number): Promise<void> {
  await expect.poll(() => entity.of(name).length, { timeout: 10_000, interval: 50 }).toBe(count);
}

describe('entityWorkflow', () => {
  it('updates a record it created that differs, and leaves the entry to the write', async () => {
    const entity = fakeEntity();
    await withWorker(entity, async (taskQueue) => {
      await edit(taskQueue, 'p1');
      await calls(entity, 'updateQboEntity', 1);
    });
    expect(entity.of('updateQboEntity')[0]!.input).toEqual({ ...target('p1'), qboId: 'qbo-9' });
    expect(entity.names()).toEqual(['inspectEntity', 'updateQboEntity']);
  });

  it('records "unchanged" when nothing differs, without writing', async () => {
    const entity = fakeEntity({ differs: [] });
    await withWorker(entity, async (taskQueue) => {
      await edit(taskQueue, 'p2');
      await calls(entity, 'recordEntityOutcome', 1);
    });
    expect(entity.of('recordEntityOutcome')[0]!).toMatchObject({
      local: true,
      input: { ...target('p2'), outcome: { result: 'unchanged' } },
    });
    expect(entity.of('updateQboEntity')).toHaveLength(0);
  });

  it('leaves a linked record alone unless the firm or a person says otherwise', async () => {
    const entity = fakeEntity({ linked: true, differs: ['email', 'address'] });
    await withWorker(entity, async (taskQueue) => {
      await edit(taskQueue, 'p3');
      await calls(entity, 'recordEntityOutcome', 1);
      expect(entity.of('recordEntityOutcome')[0]!.input.outcome).toEqual({
        result: 'differs',
        fields: ['email', 'address'],
      });
      await edit(taskQueue, 'p3', true);
      await calls(entity, 'updateQboEntity', 1);
      entity.set({ updateLinked: true });
      await edit(taskQueue, 'p3');
      await calls(entity, 'updateQboEntity', 2);
    });
    expect(entity.of('recordEntityOutcome')).toHaveLength(1);
  });

  it('fails an inactive record without writing to it', async () => {
    const entity = fakeEntity({ active: false });
    await withWorker(entity, async (taskQueue) => {
      await edit(taskQueue, 'p4');
      await calls(entity, 'recordEntityOutcome', 1);
    });
    expect(entity.of('recordEntityOutcome')[0]!.input.outcome).toEqual({ result: 'inactive' });
    expect(entity.of('updateQboEntity')).toHaveLength(0);
  });

  it('does nothing for a record that does not follow billing', async () => {
    const entity = fakeEntity({ follows: false });
    await withWorker(entity, async (taskQueue) => {
      await edit(taskQueue, 'p5');
      await calls(entity, 'inspectEntity', 1);
      // A second edit gets a pass of its own, so the first one has ended by then.
      await edit(taskQueue, 'p5');
      await calls(entity, 'inspectEntity', 2);
    });
    expect(entity.names()).toEqual(['inspectEntity', 'inspectEntity']);
  });

  it("records QuickBooks' refusal with its code and hint, and stays for the next edit", async () => {
    const entity = fakeEntity();
    const details = { code: '6000', message: 'A business validation error', hint: 'Correct the data' };
    entity.refuseUpdate(
      ApplicationFailure.create({ message: details.message, nonRetryable: true, details: [details] }),
    );
    await withWorker(entity, async (taskQueue) => {
      await edit(taskQueue, 'p6');
      await calls(entity, 'recordEntityOutcome', 1);
      await edit(taskQueue, 'p6');
      await calls(entity, 'recordEntityOutcome', 2);
    });
    expect(entity.of('recordEntityOutcome')[0]!.input.outcome).toEqual({ result: 'failed', error: details });
  });

  it('serves edits made during a pass with one more pass, a person’s overwrite included', async () => {
    const entity = fakeEntity({ linked: true });
    await withWorker(entity, async (taskQueue) => {
      const hold = entity.holdInspect();
      await edit(taskQueue, 'p7');
      await hold.entered.promise;
      await edit(taskQueue, 'p7');
      await edit(taskQueue, 'p7', true);
      await edit(taskQueue, 'p7');
      hold.release.resolve();
      await calls(entity, 'updateQboEntity', 1);
    });
    // The first pass left the linked record alone; the three edits during it shared one pass, which overwrote.
    expect(entity.names()).toEqual(['inspectEntity', 'recordEntityOutcome', 'inspectEntity', 'updateQboEntity']);
  });

  it('continues as new when idle once the server suggests it, carrying nothing pending', async () => {
    const entity = fakeEntity({ differs: [] });
    const workflowId = entityWorkflowId(target('p8'));
    await withWorker(entity, async (taskQueue) => {
      await edit(taskQueue, 'p8');
      // Each edit waits for the pass before it: edits that arrive before a pass starts share it.
      await calls(entity, 'recordEntityOutcome', 1);
      const { runId: firstRunId } = await file.client.workflow.getHandle(workflowId).describe();
      for (let i = 1; i <= 6; i++) {
        await edit(taskQueue, 'p8');
        await calls(entity, 'recordEntityOutcome', i + 1);
      }
      const runs = await runChain(file.client, workflowId, firstRunId);
      expect(runs.length).toBeGreaterThan(1);
      expect(runInput<EntityWorkflowInput>(runs[1]!.events)).toEqual({ ...target('p8'), pending: null });
    });
  });
});
