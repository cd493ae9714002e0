import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { setUpQuickBooks } from '../../scripts/seed/connect-to-sandbox.js';
import { startStack } from '../../scripts/stack.js';
import { invoiceWorkflowId, reconcileWorkflowId, syncJobWorkflowId } from '../../workflows/ids.js';
import { writeHistory } from './history-file.js';

// Records the histories that test/replay/replay.test.ts replays, from real runs on a stack of its own
// (scripts/stack.ts: a throwaway database, a headless Temporal dev server, the sandbox, a worker, the API).
// Run it with `npx tsx test/replay/record-histories.ts`; it overwrites the fixtures. After a patched() change
// to a workflow, keep the old fixtures as `<name>.before-<patch>.json` (and list them in replay.test.ts)
// while live workflows may still carry their shape.

// A short CDC interval, so the reconciler polls a few times while this runs; the API reads it on activation.
process.env.QBO_CDC_POLL_SECONDS = '2';

const fixtureDir = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

type Api = (method: string, path: string, body?: unknown) => Promise<any>;

/** Calls the API as `key`, and throws on any answer but a 2xx, so a broken scenario records nothing. */
function apiAs(url: string, key: string): Api {
  return async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

function expectSync(sync: any, want: Record<string, unknown>, step: string): void {
  for (const [field, value] of Object.entries(want)) {
    if (sync?.[field] !== value)
      throw new Error(`${step}: expected sync.${field} ${JSON.stringify(value)}, got ${JSON.stringify(sync)}`);
  }
}

async function firm(url: string, adminToken: string, name: string, syncModel: 1 | 2) {
  const { firm, apiKey } = await apiAs(url, adminToken)('POST', '/v1/firms', { name });
  const { realmId } = await setUpQuickBooks(url, apiKey, { companyName: `${name} (QuickBooks)`, syncModel });
  const as = apiAs(url, apiKey);
  const payer = await as('POST', '/v1/payers', {
    type: 'individual',
    firstName: 'Ana',
    lastName: 'Replay',
    email: `ana@${firm.id}.example`,
  });
  const fees = [
    await as('POST', '/v1/fee-items', { name: 'Consultation', unitPrice: '300.00' }),
    await as('POST', '/v1/fee-items', { name: 'Translation', unitPrice: '45.50' }),
  ];
  const invoice = (lines: Array<{ fee: number; quantity: number }>) =>
    as('POST', '/v1/invoices', {
      payerId: payer.id,
      invoiceDate: '2026-11-20',
      dueDate: '2026-12-20',
      lines: lines.map((l) => ({ feeItemId: fees[l.fee]!.id, quantity: l.quantity })),
    });
  return { firmId: firm.id as string, realmId, as, payer, fees, invoice };
}

/** Sync Now, Sync Again after a revision, then a void carried to QuickBooks. */
async function invoiceLifecycle(url: string, adminToken: string): Promise<string> {
  const f = await firm(url, adminToken, 'Replay Lifecycle LLP', 1);
  const invoice = await f.invoice([{ fee: 0, quantity: 1 }]);
  expectSync(
    (await f.as('POST', `/v1/invoices/${invoice.id}/sync`)).sync,
    { status: 'synced', syncedRevision: 1 },
    'Sync Now',
  );
  await f.as('PUT', `/v1/invoices/${invoice.id}`, {
    payerId: f.payer.id,
    invoiceDate: '2026-11-21',
    dueDate: '2026-12-21',
    lines: [
      { feeItemId: f.fees[0]!.id, quantity: 2 },
      { feeItemId: f.fees[1]!.id, quantity: 1 },
    ],
  });
  expectSync(
    (await f.as('POST', `/v1/invoices/${invoice.id}/sync`)).sync,
    { status: 'synced', syncedRevision: 2 },
    'Sync Again',
  );
  expectSync(
    (await f.as('POST', `/v1/invoices/${invoice.id}/void`)).sync,
    { status: 'synced', syncedRevision: 3 },
    'void',
  );
  return invoiceWorkflowId(f.firmId, invoice.id);
}

/** A bulk job of three invoices: the job's history, and one invoice's pass through a batch. */
async function syncJob(url: string, adminToken: string, client: Client): Promise<{ job: string; invoice: string }> {
  const f = await firm(url, adminToken, 'Replay Bulk PC', 1);
  const invoiceIds: string[] = [];
  for (let i = 1; i <= 3; i++) invoiceIds.push((await f.invoice([{ fee: 0, quantity: i }])).id);
  const job = await f.as('POST', '/v1/sync-jobs', { invoiceIds });
  const workflowId = syncJobWorkflowId(f.firmId, job.id);
  await client.workflow.getHandle(workflowId).result();
  const progress = await f.as('GET', `/v1/sync-jobs/${job.id}`);
  if (progress.succeeded !== invoiceIds.length) throw new Error(`the sync job ended with ${JSON.stringify(progress)}`);
  return { job: workflowId, invoice: invoiceWorkflowId(f.firmId, invoiceIds[0]!) };
}

/** Model 2 with no webhooks: only the CDC poll can bring the bookkeeper's payment back to billing. */
async function reconcile(url: string, adminToken: string, sandboxUrl: string): Promise<string> {
  const f = await firm(url, adminToken, 'Replay Model Two PLLC', 2);
  const invoice = await f.invoice([{ fee: 0, quantity: 1 }]);
  const { sync } = await f.as('POST', `/v1/invoices/${invoice.id}/sync`);
  expectSync(sync, { status: 'synced' }, 'Model 2 Sync Now');
  const received = await fetch(`${sandboxUrl}/__sandbox/realms/${f.realmId}/receive-payment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ invoiceId: sync.qboInvoiceId, amount: 120 }),
  });
  if (!received.ok) throw new Error(`the sandbox refused the payment: ${received.status} ${await received.text()}`);
  for (let i = 0; ; i++) {
    const { payments } = await f.as('GET', `/v1/invoices/${invoice.id}/payments`);
    if (payments.some((p: any) => p.source === 'quickbooks')) break;
    if (i === 60) throw new Error('the CDC poll did not bring the payment back within 30 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  // A couple more polls that find nothing new, the reconciler's usual idle shape.
  await new Promise((r) => setTimeout(r, 5_000));
  return reconcileWorkflowId(f.firmId);
}

/** Terminates a workflow still running (these are long-lived), so its history ends where it was recorded. */
async function record(handle: WorkflowHandle, name: string): Promise<void> {
  const { status } = await handle.describe();
  if (status.name === 'RUNNING') await handle.terminate('recorded as a replay fixture');
  const history = await handle.fetchHistory();
  writeHistory(join(fixtureDir, `${name}.json`), history);
  console.log(`recorded ${name}.json (${history.events?.length} events, ${handle.workflowId})`);
}

async function main(): Promise<void> {
  const stack = await startStack('replay');
  let failed = true;
  try {
    await stack.replaceWorker();
    mkdirSync(fixtureDir, { recursive: true });
    const handle = (workflowId: string) => stack.client.workflow.getHandle(workflowId);
    await record(handle(await invoiceLifecycle(stack.apiUrl, stack.adminToken)), 'invoice-sync-again-void');
    const bulk = await syncJob(stack.apiUrl, stack.adminToken, stack.client);
    await record(handle(bulk.job), 'sync-job');
    await record(handle(bulk.invoice), 'invoice-via-batch');
    await record(handle(await reconcile(stack.apiUrl, stack.adminToken, stack.sandboxUrl)), 'reconcile');
    failed = false;
  } finally {
    await stack.stop({ keepLogs: failed });
    if (failed) console.error(`recording failed; the worker's and the sandbox's output is in ${stack.logDir}`);
  }
}

await main();
