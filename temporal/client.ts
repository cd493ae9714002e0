import { Client, Connection } from '@temporalio/client';
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

/**
 * Connects a client to Temporal. `lazy` connects on first use instead, so the API starts (and /healthz
 * answers) while Temporal is still coming up.
 */
export async function connectTemporal(
  config: TemporalConfig,
  options: { lazy?: boolean } = {},
): Promise<TemporalConnection> {
  const connection = options.lazy
    ? Connection.lazy(config.connectionOptions)
    : await Connection.connect(config.connectionOptions);
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
