import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';

/**
 * The one failure a signal may shrug off: there is no such workflow (it never started, or it has ended).
 * Anything else (Temporal unreachable, an unknown namespace, a refused request) is a real failure.
 */
export function isWorkflowNotFound(error: unknown): error is WorkflowNotFoundError {
  return error instanceof WorkflowNotFoundError;
}

/**
 * Signals a workflow that may not be running: true when it was delivered, false when there is no such
 * workflow; every other failure is thrown.
 */
export async function signalIfRunning<Args extends unknown[]>(
  client: Client,
  workflowId: string,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).signal(signal, ...args);
    return true;
  } catch (error) {
    if (isWorkflowNotFound(error)) return false;
    throw error;
  }
}
