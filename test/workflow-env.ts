import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { activityInfo } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, IllegalStateError } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { InvoiceFacts, SyncActivities } from '../workflows/types.js';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

// Workflow tests (workflows/*.test.ts) run the real workflow code on a Temporal dev server of their own,
// with plain functions for activities. One server and one workflow bundle per test file, one task queue
// per test. The server is the `temporal` CLI that scripts/find-temporal.sh finds or builds (the SDK's
// time-skipping server cannot be had offline, so timers are kept short through workflow inputs instead).

/**
 * Warnings and errors only, without two the tests expect: the worker's report of an activity failure a
 * stub throws on purpose (a non-retryable ApplicationFailure; the tests assert what the workflow makes of
 * it), and an activity-only worker's notice that it polls no workflow tasks.
 */
const logger = new DefaultLogger('WARN', (entry) => {
  const error = entry.meta?.error;
  if (entry.message === 'Activity failed' && error instanceof ApplicationFailure && error.nonRetryable) return;
  // An activity-only worker (the bulk-pages queue) says so, as the worker process's does.
  if (entry.message === 'No workflows registered, not polling for workflow tasks') return;
  console.error(`[${entry.level}] ${entry.message}`, entry.meta ?? '');
});

try {
  Runtime.install({ logger });
} catch (error) {
  if (!(error instanceof IllegalStateError)) throw error; // already installed in this process
}

const findScript = fileURLToPath(new URL('../scripts/find-temporal.sh', import.meta.url));
const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** The `temporal` CLI from scripts/find-temporal.sh, or null when there is none and no Go to build one. */
function temporalCli(): string | null {
  try {
    return execFileSync('bash', [findScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch (error) {
    if ((error as { status?: number }).status === 3) return null;
    throw error;
  }
}

export interface WorkflowTestServerOptions {
  /**
   * The server's `limit.historyCount.suggestContinueAsNew` (default 4096 events): a small number makes
   * workflows see `continueAsNewSuggested` after a few steps. It applies to every workflow on the server.
   */
  suggestContinueAsNewAfterEvents?: number;
}

export interface WorkflowTestServer {
  env: TestWorkflowEnvironment;
  workflowBundle: { code: string };
  teardown(): Promise<void>;
}

/** A dev server with the product's search attributes, and the workflow code bundled once. */
/** One test server for the whole test file, started before its tests and torn down after them. */
export function workflowTestServerForFile(options: WorkflowTestServerOptions = {}): {
  server: WorkflowTestServer;
  client: Client;
} {
  const held = {} as { server: WorkflowTestServer; client: Client };
  beforeAll(async () => {
    held.server = await startWorkflowTestServer(options);
    held.client = held.server.env.client;
  });
  afterAll(async () => {
    await held.server?.teardown();
  });
  return held;
}

export async function startWorkflowTestServer(options: WorkflowTestServerOptions = {}): Promise<WorkflowTestServer> {
  const path = temporalCli();
  // Like scripts/temporal-dev-server.ts: with no CLI and no Go, the SDK downloads the CLI (needs internet).
  if (!path)
    console.error('[temporal-cli] no CLI and no Go: letting the Temporal SDK download the CLI (needs internet)');
  const [env, { code }] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: path ? { type: 'existing-path', path } : { type: 'cached-download' },
        searchAttributes: [...SEARCH_ATTRIBUTES],
        log: { format: 'pretty', level: 'error' },
        extraArgs: [
          // Two one-second floors of the server that tests on a real clock would wait out again and again:
          // timers fire no sooner than a second from when they were set, and a continued run's first workflow
          // task waits until a second has passed since its predecessor started (against tight continue-as-new
          // loops; server 1.29 reads this key for it).
          ...['--dynamic-config-value', 'history.timerProcessorMaxTimeShift="10ms"'],
          ...['--dynamic-config-value', 'history.workflowIdReuseMinimalInterval="0s"'],
          ...(options.suggestContinueAsNewAfterEvents === undefined
            ? []
            : [
                '--dynamic-config-value',
                `limit.historyCount.suggestContinueAsNew=${options.suggestContinueAsNewAfterEvents}`,
              ]),
        ],
      },
    }),
    bundleWorkflowCode({ workflowsPath, logger }),
  ]);
  return { env, workflowBundle: { code }, teardown: () => env.teardown() };
}

/** A task queue no other test polls. */
export const uniqueTaskQueue = (name: string): string => `${name}-${randomUUID()}`;

/** A worker for the bundled workflows (or none) and the given activities, on the test server. */
export function createTestWorker(
  server: WorkflowTestServer,
  options: Pick<WorkerOptions, 'taskQueue' | 'activities'> & { workflows?: boolean },
): Promise<Worker> {
  return Worker.create({
    connection: server.env.nativeConnection,
    namespace: server.env.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: options.activities ?? {},
    ...(options.workflows !== false && { workflowBundle: server.workflowBundle }),
    // Workflows run on this thread: a worker thread per Worker costs about a second to start on two cores.
    // (It also lifts the deadlock timeout; a workflow stuck in a loop shows as a test timeout instead.)
    debugMode: true,
  });
}

type ActivityName = keyof SyncActivities;
type Input<K extends ActivityName> = Parameters<SyncActivities[K]>[0];

/** One call a stub activity received: which, with what, as a local activity or not, on which task queue, for which run. */
export interface ActivityCall<K extends ActivityName = ActivityName> {
  name: K;
  input: Input<K>;
  local: boolean;
  taskQueue: string;
  runId: string;
}

export type StubImplementations = {
  [K in ActivityName]?: (input: Input<K>) => ReturnType<SyncActivities[K]> | Awaited<ReturnType<SyncActivities[K]>>;
};

/**
 * Stub activities that record every call, in the order they started, then run the given implementation.
 * An activity the workflow calls without a stub is not registered: the worker logs a warning for every
 * attempt and the test times out waiting for it.
 */
export function recordingActivities(implementations: StubImplementations) {
  const calls: ActivityCall[] = [];
  const activities: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, run] of Object.entries(implementations) as Array<[ActivityName, (input: unknown) => unknown]>) {
    activities[name] = async (input: unknown) => {
      const info = activityInfo();
      calls.push({
        name,
        input,
        local: info.isLocal,
        taskQueue: info.taskQueue,
        runId: info.workflowExecution?.runId ?? '',
      } as ActivityCall);
      return run(input);
    };
  }
  const of = <K extends ActivityName>(name: K): Array<ActivityCall<K>> =>
    calls.filter((c): c is ActivityCall<K> => c.name === name);
  return { activities, calls, of, names: () => calls.map((c) => c.name) };
}

/** A promise with its resolve exposed, to hold a stub activity until the test lets it go. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The runs of a workflow id from `firstRunId` on, following continue-as-new, each with its history so far
 * (the last one may still be running).
 */
export async function runChain(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<Array<{ runId: string; events: HistoryEvent[] }>> {
  const runs: Array<{ runId: string; events: HistoryEvent[] }> = [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    const events: HistoryEvent[] = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs.push({ runId, events });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return runs;
}

/** The first argument a run was started with (a continued run's input is what its predecessor passed on). */
export function runInput<T>(events: HistoryEvent[]): T {
  const payloads = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  return defaultPayloadConverter.fromPayload<T>(payloads[0]!);
}

/** An invoice as loadInvoice answers it: open, never posted, one payer and one fee item, unless told otherwise. */
export function invoiceFacts(invoiceId: string, overrides: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return {
    found: true,
    number: `INV-${invoiceId}`,
    revision: 1,
    status: 'open',
    eligible: true,
    payerId: 'payer-1',
    feeItemIds: ['fee-1'],
    qboInvoiceId: null,
    qboSyncToken: null,
    syncedRevision: null,
    generation: 0,
    paymentWork: 0,
    ...overrides,
  };
}
