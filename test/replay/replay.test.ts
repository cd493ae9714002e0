import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { activityOf } from '../history-activities.js';
import { readHistory, type History } from './history-file.js';

// Histories recorded from real runs (test/replay/record-histories.ts) must replay through the current
// workflow code: a change that reorders, adds or drops a command would break every live invoice, job and
// reconciler at its next workflow task, so it needs patched() and fails here without it.

// The replay worker bundles the workflows first; its INFO lines list every bundled module.
Runtime.install({ logger: new DefaultLogger('WARN') });

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/histories/${name}.json`, import.meta.url));

/**
 * Each fixture, with the activities it must run to cover the paths it was recorded for. Fixtures named
 * `*.before-*` were recorded before a patched() change and stay while live workflows may carry their shape.
 */
const fixtures: Record<string, string[]> = {
  'invoice-sync-again-void': [
    'loadInvoice',
    'resolveCustomer',
    'resolveItem',
    'createQboInvoice',
    'updateQboInvoice',
    'voidQboInvoice',
    'markSynced',
  ],
  'invoice-sync-again-void.before-lean-pass-start': [
    'loadInvoice',
    'markSyncing',
    'resolveCustomer',
    'resolveItem',
    'createQboInvoice',
    'updateQboInvoice',
    'voidQboInvoice',
    'markSynced',
  ],
  'invoice-sync-again-void.before-local-steps': [
    'loadInvoice',
    'resolveCustomer',
    'resolveItem',
    'createQboInvoice',
    'updateQboInvoice',
    'voidQboInvoice',
    'markSynced',
  ],
  // A bulk job's pass: one workflow task, its write a local activity (patch local-qbo-write).
  'invoice-via-batch': ['loadInvoice', 'resolveCustomer', 'resolveItem', 'createQboInvoice', 'markSynced'],
  'sync-job': ['jobInvoicePage', 'syncJobPage', 'completeJob'],
  'sync-job.before-page-activity': ['jobInvoicePage', 'syncInvoiceInJob', 'completeJob'],
  reconcile: ['pollQboChanges'],
};
const histories = Object.entries(fixtures).map(([name, activities]) => ({
  name,
  activities,
  history: readHistory(fixture(name)),
}));

const activityTypes = (history: History) => new Set(history.events.flatMap((e) => activityOf(e) ?? []));

describe('recorded workflow histories', () => {
  it.each(histories)('$name runs the activities of the paths it covers', ({ history, activities }) => {
    expect([...activityTypes(history)]).toEqual(expect.arrayContaining(activities));
  });

  it.each(histories.filter((h) => h.name.startsWith('invoice-sync-again-void')))(
    '$name answers Sync Now, Sync Again and the void as updates',
    ({ history }) => {
      expect(history.events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(3);
    },
  );

  it('since the patch, only the QBO writes of a pass are activity tasks', () => {
    const { history } = histories.find((h) => h.name === 'invoice-sync-again-void')!;
    const tasks = history.events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(tasks.sort()).toEqual(['createQboInvoice', 'updateQboInvoice', 'voidQboInvoice']);
  });

  it("since the local-write patch, a bulk job's pass runs no activity task, and answers its one request", () => {
    const { history } = histories.find((h) => h.name === 'invoice-via-batch')!;
    expect(history.events.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(history.events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(1);
  });

  it('since the lean-pass patch, a pass begins in loadInvoice: no markSyncing step', () => {
    const { history } = histories.find((h) => h.name === 'invoice-sync-again-void')!;
    const steps = history.events.flatMap((e) => activityOf(e) ?? []);
    expect(steps).toContain('loadInvoice');
    expect(steps).not.toContain('markSyncing');
  });

  it('replay through the current workflow code without nondeterminism', async () => {
    const results: Array<{ workflowId: string; error: unknown }> = [];
    for await (const { workflowId, error } of Worker.runReplayHistories(
      { workflowsPath },
      histories.map(({ name, history }) => ({ workflowId: name, history })),
    )) {
      results.push({ workflowId, error: error && String(error) });
    }
    expect(results).toEqual(histories.map(({ name }) => ({ workflowId: name, error: undefined })));
  }, 120_000);
});
