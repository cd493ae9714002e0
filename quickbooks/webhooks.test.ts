import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebhook, verifySignature, WebhookFormatError } from './webhooks.js';

const classicFixture = readFileSync(new URL('../test/fixtures/qbo/webhook-classic.json', import.meta.url));

// Shaped as in qbo-reference.md §9.4 (Intuit's announcement of the CloudEvents format).
const cloudEvents = [
  {
    specversion: '1.0',
    id: '88cd52aa-33b6-4a1b-9b31-bb43d3a3e2f1',
    source: 'intuit.dsnBgbseZXVg3ZmH6Vv2yLw5VNY5=',
    type: 'qbo.payment.created.v1',
    datacontenttype: 'application/json',
    time: '2025-09-10T21:31:25.179851517Z',
    intuitentityid: '1234',
    intuitaccountid: '310687',
    data: {},
  },
  {
    specversion: '1.0',
    id: '0f6d1c52-8d8e-4f43-9d0a-61f1c1e0a9b7',
    source: 'intuit.dsnBgbseZXVg3ZmH6Vv2yLw5VNY5=',
    type: 'qbo.journalentry.voided.v1',
    datacontenttype: 'application/json',
    time: '2025-09-10T21:32:00Z',
    intuitentityid: '77',
    intuitaccountid: '310687',
    data: {},
  },
];

const sign = (body: Buffer, token: string) => createHmac('sha256', token).update(body).digest('base64');

describe('verifySignature', () => {
  const token = 'verifier-token';

  it('accepts the base64 HMAC-SHA256 of the raw body keyed by the verifier token', () => {
    expect(verifySignature(classicFixture, sign(classicFixture, token), token)).toBe(true);
  });

  it('refuses a signature made with another token', () => {
    expect(verifySignature(classicFixture, sign(classicFixture, 'another-token'), token)).toBe(false);
  });

  it('refuses a missing or empty header', () => {
    expect(verifySignature(classicFixture, undefined, token)).toBe(false);
    expect(verifySignature(classicFixture, '', token)).toBe(false);
  });

  it('refuses a body changed after signing, even by whitespace that leaves the JSON equal', () => {
    const signature = sign(classicFixture, token);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(classicFixture.toString('utf8'))));
    const tampered = Buffer.from(classicFixture.toString('utf8').replace('"40"', '"41"'));
    expect(verifySignature(reserialised, signature, token)).toBe(false);
    expect(verifySignature(tampered, signature, token)).toBe(false);
  });

  it('refuses a garbled header, including the right signature with junk that base64 decoding would skip', () => {
    const signature = sign(classicFixture, token);
    expect(verifySignature(classicFixture, 'not base64 at all', token)).toBe(false);
    expect(verifySignature(classicFixture, `${signature}!`, token)).toBe(false);
    expect(verifySignature(classicFixture, signature.slice(0, 20), token)).toBe(false);
  });

  it('refuses everything when no verifier token is set', () => {
    expect(verifySignature(classicFixture, sign(classicFixture, ''), '')).toBe(false);
  });
});

describe('parseWebhook', () => {
  it('reads the classic format, one change per entity, keyed by realm, entity, id, operation and time', () => {
    expect(parseWebhook(JSON.parse(classicFixture.toString('utf8')))).toEqual([
      {
        realmId: '1269959970',
        entity: 'Vendor',
        id: '40',
        operation: 'Update',
        occurredAt: '2016-10-05T03:09:04.000Z',
        eventKey: '1269959970|Vendor|40|Update|2016-10-05T03:09:04.000Z',
      },
      {
        realmId: '1269959970',
        entity: 'Customer',
        id: '43',
        operation: 'Create',
        occurredAt: '2016-10-05T03:07:04.000Z',
        eventKey: '1269959970|Customer|43|Create|2016-10-05T03:07:04.000Z',
      },
    ]);
  });

  it('gives the same classic event the same key whichever way its time offset is written', () => {
    const at = (lastUpdated: string) => ({
      eventNotifications: [
        {
          realmId: '1',
          dataChangeEvent: { entities: [{ name: 'Customer', id: '1', operation: 'Create', lastUpdated }] },
        },
      ],
    });
    const [pacific] = parseWebhook(at('2015-10-05T14:42:19-0700'));
    const [utc] = parseWebhook(at('2015-10-05T21:42:19Z'));
    expect(pacific?.eventKey).toBe(utc?.eventKey);
    expect(pacific?.occurredAt).toBe('2015-10-05T21:42:19.000Z');
  });

  it("reads CloudEvents with QBO's entity names and operations, keyed by the event id", () => {
    expect(parseWebhook(cloudEvents)).toEqual([
      {
        realmId: '310687',
        entity: 'Payment',
        id: '1234',
        operation: 'Create',
        occurredAt: '2025-09-10T21:31:25.179Z',
        eventKey: '88cd52aa-33b6-4a1b-9b31-bb43d3a3e2f1',
      },
      {
        realmId: '310687',
        entity: 'JournalEntry',
        id: '77',
        operation: 'Void',
        occurredAt: '2025-09-10T21:32:00.000Z',
        eventKey: '0f6d1c52-8d8e-4f43-9d0a-61f1c1e0a9b7',
      },
    ]);
  });

  it.each([
    ['invoice', 'updated', 'Invoice', 'Update'],
    ['customer', 'merged', 'Customer', 'Merge'],
    ['item', 'deleted', 'Item', 'Delete'],
    ['creditmemo', 'emailed', 'CreditMemo', 'Emailed'],
    ['gizmo', 'frobbed', 'Gizmo', 'Frobbed'],
  ])('maps qbo.%s.%s.v1 to %s / %s', (entity, action, expectedEntity, expectedOperation) => {
    const [change] = parseWebhook([{ ...cloudEvents[0], type: `qbo.${entity}.${action}.v1` }]);
    expect(change).toMatchObject({ entity: expectedEntity, operation: expectedOperation });
  });

  it('keeps each realm of a delivery with its own changes, in both formats', () => {
    const classic = {
      eventNotifications: [
        {
          realmId: 'A',
          dataChangeEvent: {
            entities: [{ name: 'Invoice', id: '1', operation: 'Update', lastUpdated: '2026-01-02T03:04:05Z' }],
          },
        },
        {
          realmId: 'B',
          dataChangeEvent: {
            entities: [{ name: 'Payment', id: '9', operation: 'Create', lastUpdated: '2026-01-02T03:04:06Z' }],
          },
        },
      ],
    };
    const cloud = [
      { ...cloudEvents[0], id: 'e-1', intuitaccountid: 'A', intuitentityid: '1' },
      { ...cloudEvents[0], id: 'e-2', intuitaccountid: 'B', intuitentityid: '9' },
    ];
    for (const body of [classic, cloud]) {
      expect(parseWebhook(body).map((c) => [c.realmId, c.id])).toEqual([
        ['A', '1'],
        ['B', '9'],
      ]);
    }
  });

  it('takes an empty delivery as no changes', () => {
    expect(parseWebhook([])).toEqual([]);
    expect(parseWebhook({ eventNotifications: [] })).toEqual([]);
  });

  it.each([
    ['a body of neither format', { hello: 'world' }, undefined],
    ['a string body', 'eventNotifications', undefined],
    ['eventNotifications not an array', { eventNotifications: {} }, 'eventNotifications'],
    [
      'a notification without realmId',
      { eventNotifications: [{ dataChangeEvent: { entities: [] } }] },
      'eventNotifications.0.realmId',
    ],
    [
      'entities missing',
      { eventNotifications: [{ realmId: '1', dataChangeEvent: {} }] },
      'eventNotifications.0.dataChangeEvent.entities',
    ],
    [
      'an entity with a numeric id',
      {
        eventNotifications: [
          {
            realmId: '1',
            dataChangeEvent: {
              entities: [{ name: 'Customer', id: 1, operation: 'Create', lastUpdated: '2026-01-01T00:00:00Z' }],
            },
          },
        ],
      },
      'eventNotifications.0.dataChangeEvent.entities.0.id',
    ],
    [
      'an entity with an unreadable time',
      {
        eventNotifications: [
          {
            realmId: '1',
            dataChangeEvent: {
              entities: [{ name: 'Customer', id: '1', operation: 'Create', lastUpdated: 'yesterday' }],
            },
          },
        ],
      },
      'eventNotifications.0.dataChangeEvent.entities.0.lastUpdated',
    ],
    ['a CloudEvent of another spec version', [{ ...cloudEvents[0], specversion: '0.3' }], '0.specversion'],
    [
      'a CloudEvent whose type is not QBO',
      [cloudEvents[0], { ...cloudEvents[0], type: 'com.example.thing' }],
      '1.type',
    ],
    ['a CloudEvent without its realm', [{ ...cloudEvents[0], intuitaccountid: undefined }], '0.intuitaccountid'],
    ['a CloudEvent that is not an object', [42], '0'],
  ])('refuses %s, naming where', (_case, body, field) => {
    let thrown: unknown;
    try {
      parseWebhook(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WebhookFormatError);
    expect((thrown as WebhookFormatError).field).toBe(field);
  });
});
