import { Client, Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import type { TemporalConfig } from './config.js';

/** What code outside workflows needs to reach them: a client, and the task queue the workflows run on. */
export interface TemporalAccess {
  client: Client;
  taskQueue: string;
}

/** A process's own client and connection (the API, the worker's activities, a tool): closed when the process ends. */
export interface TemporalConnection extends TemporalAccess {
  namespace: string;
  close(): Promise<void>;
}

const RECONNECT_BACKOFF_MAX_MS = 5_000;

/**
 * Connects a client to Temporal. `lazy` connects on first use instead, so the API starts (and /healthz
 * answers) while Temporal is still coming up.
 */
export async function connectTemporal(
  config: TemporalConfig,
  options: { lazy?: boolean } = {},
): Promise<TemporalConnection> {
  const connectionOptions = {
    ...config.connectionOptions,
    // gRPC waits ever longer between reconnects (up to two minutes), so after a Temporal restart the API and
    // the activities' client would keep failing long after the server is back; a few seconds is enough.
    channelArgs: { 'grpc.max_reconnect_backoff_ms': RECONNECT_BACKOFF_MAX_MS },
  };
  const connection = options.lazy ? Connection.lazy(connectionOptions) : await Connection.connect(connectionOptions);
  return {
    client: new Client({ connection, namespace: config.namespace }),
    taskQueue: config.taskQueue,
    namespace: config.namespace,
    close: () => connection.close(),
  };
}

/** Resolves when the Temporal service answers (readiness), rejects with why not. */
export async function temporalReachable(temporal: TemporalAccess): Promise<void> {
  await temporal.client.workflowService.getSystemInfo({});
}

/** The workers polling a task queue now: how many for workflow tasks and for activity tasks, and when one last polled. */
export interface TaskQueuePollers {
  taskQueue: string;
  workflowPollers: number;
  activityPollers: number;
  /** The latest poll of any worker Temporal still lists, live or not; null when it lists none. */
  lastSeenAt: Date | null;
}

// Temporal lists a poller for five minutes after its last poll (matching.PollerHistoryTTL), while a live
// worker's long poll lasts at most a minute and is stamped when it starts and when it ends. So a poller
// stamped more than this long ago belongs to a worker that has gone, and is not counted.
const LIVE_POLLER_MS = 90_000;

const { TaskQueueType } = proto.temporal.api.enums.v1;

/** Who polls the process's task queue (readiness: is any worker there to run the workflows the API starts?). */
export async function taskQueuePollers(temporal: TemporalAccess, now = Date.now()): Promise<TaskQueuePollers> {
  const describe = async (taskQueueType: proto.temporal.api.enums.v1.TaskQueueType) => {
    const { pollers } = await temporal.client.workflowService.describeTaskQueue({
      namespace: temporal.client.options.namespace,
      taskQueue: { name: temporal.taskQueue },
      taskQueueType,
    });
    return pollers.map((p) => optionalTsToMs(p.lastAccessTime) ?? 0);
  };
  const [workflow, activity] = await Promise.all([
    describe(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
    describe(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
  ]);
  const live = (seen: number[]) => seen.filter((at) => now - at <= LIVE_POLLER_MS).length;
  const latest = Math.max(0, ...workflow, ...activity);
  return {
    taskQueue: temporal.taskQueue,
    workflowPollers: live(workflow),
    activityPollers: live(activity),
    lastSeenAt: latest > 0 ? new Date(latest) : null,
  };
}
