import { createHmac, randomUUID } from 'node:crypto';
import { defaultPayloadConverter, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

// Intuit's webhook route: only signed deliveries count, each event is stored once however often it comes,
// and a Model 2 firm's reconciliation hears about its company's changes.

const VERIFIER = 'test-verifier';
const PATH = '/v1/webhooks/quickbooks';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ webhookVerifierToken: VERIFIER });
});
afterAll(() => h?.close());

const sign = (body: string, token = VERIFIER) => createHmac('sha256', token).update(body).digest('base64');

async function deliver(body: string, options: { signature?: string | null; contentType?: string; to?: string } = {}) {
  const signature = options.signature === undefined ? sign(body) : options.signature;
  const response = await fetch(`${options.to ?? h.url}${PATH}`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      ...(signature !== null && { 'intuit-signature': signature }),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const classic = (
  ...realms: Array<{ realmId: string; entities: Array<{ name: string; id: string; operation: string }> }>
) =>
  JSON.stringify({
    eventNotifications: realms.map(({ realmId, entities }) => ({
      realmId,
      dataChangeEvent: { entities: entities.map((e) => ({ ...e, lastUpdated: '2026-11-20T10:00:00.000Z' })) },
    })),
  });

const cloudEvent = (realmId: string, type: string, entityId: string) => ({
  specversion: '1.0',
  id: randomUUID(),
  source: 'intuit.test',
  type,
  datacontenttype: 'application/json',
  time: '2026-11-20T10:00:00.123456789Z',
  intuitentityid: entityId,
  intuitaccountid: realmId,
  data: {},
});

const storedFor = (...realmIds: string[]) =>
  h.db
    .selectFrom('webhook_events')
    .select(['realm_id', 'entity_name', 'entity_id', 'operation', 'occurred_at'])
    .where('realm_id', 'in', realmIds)
    .orderBy('id')
    .execute();

describe('POST /v1/webhooks/quickbooks', () => {
  it('refuses a missing, wrong or tampered signature with 401 and stores nothing', async () => {
    const realmId = `realm-${randomUUID()}`;
    const body = classic({ realmId, entities: [{ name: 'Invoice', id: '1', operation: 'Update' }] });
    for (const response of [
      await deliver(body, { signature: null }),
      await deliver(body, { signature: sign(body, 'not-the-verifier') }),
      await deliver(body.replace('"1"', '"2"'), { signature: sign(body) }),
      await deliver('', { signature: sign(body) }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: 'invalid_signature' });
    }
    expect(await storedFor(realmId)).toEqual([]);
  });

  it('refuses every webhook, even a signed one, when no verifier token is configured', async () => {
    const unconfigured = await startHarness();
    try {
      const realmId = `realm-${randomUUID()}`;
      const response = await deliver(
        classic({ realmId, entities: [{ name: 'Invoice', id: '1', operation: 'Update' }] }),
        { to: unconfigured.url },
      );
      expect(response.status).toBe(401);
      expect(await storedFor(realmId)).toEqual([]);
    } finally {
      await unconfigured.close();
    }
  });

  it('takes the classic format and stores each event once, however often it is delivered', async () => {
    const realmId = `realm-${randomUUID()}`;
    const body = classic({
      realmId,
      entities: [
        { name: 'Invoice', id: '7', operation: 'Update' },
        { name: 'Customer', id: '3', operation: 'Create' },
      ],
    });
    const first = await deliver(body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: 2, new: 2 });
    const again = await deliver(body);
    expect(again.body).toEqual({ received: 2, new: 0 });
    expect(await storedFor(realmId)).toEqual([
      {
        realm_id: realmId,
        entity_name: 'Invoice',
        entity_id: '7',
        operation: 'Update',
        occurred_at: new Date('2026-11-20T10:00:00.000Z'),
      },
      {
        realm_id: realmId,
        entity_name: 'Customer',
        entity_id: '3',
        operation: 'Create',
        occurred_at: new Date('2026-11-20T10:00:00.000Z'),
      },
    ]);
  });

  it('takes CloudEvents (as application/json or as a CloudEvents batch) and dedupes them by event id', async () => {
    const realmId = `realm-${randomUUID()}`;
    const body = JSON.stringify([
      cloudEvent(realmId, 'qbo.payment.created.v1', '55'),
      cloudEvent(realmId, 'qbo.invoice.voided.v1', '8'),
    ]);
    expect((await deliver(body)).body).toEqual({ received: 2, new: 2 });
    const again = await deliver(body, { contentType: 'application/cloudevents-batch+json' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: 2, new: 0 });
    expect((await storedFor(realmId)).map((e) => [e.entity_name, e.entity_id, e.operation])).toEqual([
      ['Payment', '55', 'Create'],
      ['Invoice', '8', 'Void'],
    ]);
  });

  it('stores the events of every realm in a delivery', async () => {
    const [a, b] = [`realm-${randomUUID()}`, `realm-${randomUUID()}`];
    const body = classic(
      { realmId: a, entities: [{ name: 'Payment', id: '1', operation: 'Create' }] },
      { realmId: b, entities: [{ name: 'Payment', id: '2', operation: 'Create' }] },
    );
    expect((await deliver(body)).body).toEqual({ received: 2, new: 2 });
    expect((await storedFor(a, b)).map((e) => [e.realm_id, e.entity_id])).toEqual([
      [a, '1'],
      [b, '2'],
    ]);
  });

  it('answers 400 naming the fault for a signed body that is not a webhook, and stores nothing', async () => {
    const realmId = `realm-${randomUUID()}`;
    const body = JSON.stringify([
      cloudEvent(realmId, 'qbo.payment.created.v1', '1'),
      { ...cloudEvent(realmId, 'qbo.payment.created.v1', '2'), time: 'soon' },
    ]);
    const response = await deliver(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ field: '1.time' });
    expect((await deliver('{"eventNotifications":', { signature: sign('{"eventNotifications":') })).status).toBe(400);
    expect(await storedFor(realmId)).toEqual([]);
  });

  it('signals the reconciliation of the Model 2 firm connected to the realm, and of no Model 1 firm', async () => {
    const model2 = await h.connectedFirm('Webhook Model Two LLP', { syncModel: 2 });
    const model1 = await h.connectedFirm('Webhook Model One LLP');
    const body = classic(
      { realmId: model2.realmId, entities: [{ name: 'Payment', id: '901', operation: 'Create' }] },
      { realmId: model1.realmId, entities: [{ name: 'Payment', id: '902', operation: 'Create' }] },
    );
    expect((await deliver(body)).body).toEqual({ received: 2, new: 2 });

    const reconcile = h.client.workflow.getHandle(`reconcile/${model2.firmId}`);
    expect((await reconcile.describe()).type).toBe('reconcileWorkflow');
    const signalledChanges = async () =>
      ((await reconcile.fetchHistory()).events ?? [])
        .map((e) => e.workflowExecutionSignaledEventAttributes)
        .filter((s) => s?.signalName === 'qboChanged')
        .flatMap((s) => defaultPayloadConverter.fromPayload<Array<{ id: string }>>(s!.input!.payloads![0]!));
    // A signal that arrives while a workflow task is running enters the history only when that task completes.
    let signalled = await signalledChanges();
    for (let i = 0; i < 50 && signalled.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      signalled = await signalledChanges();
    }
    expect(signalled).toContainEqual({
      realmId: model2.realmId,
      entity: 'Payment',
      id: '901',
      operation: 'Create',
      occurredAt: '2026-11-20T10:00:00.000Z',
    });
    expect(signalled.map((c) => c.id)).not.toContain('902');

    await expect(h.client.workflow.getHandle(`reconcile/${model1.firmId}`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });

  it("leaves other routes on Fastify's own JSON parser", async () => {
    const { key } = await h.newFirm('Parsed Normally LLP');
    const payer = await h.call('POST', '/v1/payers', {
      key,
      body: { type: 'individual', firstName: 'Ana', lastName: 'Lima' },
    });
    expect(payer.status).toBe(201);
    expect(payer.body).toMatchObject({ firstName: 'Ana', lastName: 'Lima' });
  });
});
