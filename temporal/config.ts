import { loadClientConnectConfig } from '@temporalio/envconfig';

// The connection follows Temporal's standard environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS_*, or a profile file), so a cluster or Temporal Cloud works by environment alone.
// The API and the worker both read it here.

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_TASK_QUEUE = 'quickbooks-sync';

export function temporalConfig(env: NodeJS.ProcessEnv = process.env) {
  const { connectionOptions, namespace } = loadClientConnectConfig();
  return {
    connectionOptions: { ...connectionOptions, address: connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS },
    namespace: namespace ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
  };
}

/** Where Temporal is and which task queue the product's workflows run on. */
export type TemporalConfig = ReturnType<typeof temporalConfig>;
