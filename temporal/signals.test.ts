import {
  NamespaceNotFoundError,
  ServiceError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { defineSignal } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { isWorkflowNotFound, signalIfRunning } from './signals.js';

const ping = defineSignal<[{ n: number }]>('ping');

/** A client whose handles answer every signal with `outcome` (an error to throw, or nothing), noting what was sent. */
function clientThat(outcome?: Error) {
  const sent: Array<{ workflowId: string; signal: string; args: unknown[] }> = [];
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        signal: async (signal: { name: string }, ...args: unknown[]) => {
          sent.push({ workflowId, signal: signal.name, args });
          if (outcome) throw outcome;
        },
      }),
    },
  } as unknown as Client;
  return { client, sent };
}

const notFound = new WorkflowNotFoundError('workflow not found for ID: invoice/f/i', 'invoice/f/i', undefined);
const others: Array<[string, Error]> = [
  [
    'Temporal unreachable',
    new ServiceError('Failed to signal Workflow', { cause: new Error('14 UNAVAILABLE: No connection established') }),
  ],
  ['an unknown namespace', new NamespaceNotFoundError('nowhere')],
  ['a failed workflow', new WorkflowFailedError('Workflow execution failed', undefined, 'NON_RETRYABLE_FAILURE')],
  ['any other error', new Error('boom')],
];

describe('isWorkflowNotFound', () => {
  it('tolerates the SDK saying the workflow does not exist', () => {
    expect(isWorkflowNotFound(notFound)).toBe(true);
  });

  it.each(others)('does not tolerate %s', (_what, error) => {
    expect(isWorkflowNotFound(error)).toBe(false);
  });

  it('does not tolerate an error that only says "not found"', () => {
    expect(isWorkflowNotFound(new Error('workflow not found'))).toBe(false);
    expect(isWorkflowNotFound({ name: 'WorkflowNotFoundError' })).toBe(false);
    expect(isWorkflowNotFound(undefined)).toBe(false);
  });
});

describe('signalIfRunning', () => {
  it('sends the signal with its arguments to the workflow, and says it was delivered', async () => {
    const { client, sent } = clientThat();
    await expect(signalIfRunning(client, 'invoice/f/i', ping, { n: 1 })).resolves.toBe(true);
    expect(sent).toEqual([{ workflowId: 'invoice/f/i', signal: 'ping', args: [{ n: 1 }] }]);
  });

  it('says so, without failing, when there is no such workflow', async () => {
    await expect(signalIfRunning(clientThat(notFound).client, 'invoice/f/i', ping, { n: 1 })).resolves.toBe(false);
  });

  it.each(others)('throws on %s', async (_what, error) => {
    await expect(signalIfRunning(clientThat(error).client, 'invoice/f/i', ping, { n: 1 })).rejects.toBe(error);
  });
});
