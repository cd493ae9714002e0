import { createHmac, timingSafeEqual } from 'node:crypto';
import type { QboChange } from '../workflows/types.js';

// Intuit's webhooks in both of their formats (classic and CloudEvents, qbo-reference.md §9), reduced to one
// list of changes. The structure is checked strictly; the vocabulary (entity names, operations) is passed on
// even when unknown, because refusing a delivery makes Intuit retry it and hold back the realm's later events.

/** One announced change and the key that recognises it when Intuit delivers it again. */
export interface WebhookEvent extends QboChange {
  eventKey: string;
}

/** The body is not a webhook Intuit could have sent; `field` is the dotted path of the fault. */
export class WebhookFormatError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WebhookFormatError';
  }
}

/** `intuit-signature` is the base64 HMAC-SHA256 of the exact bytes received, keyed by the verifier token. */
export function verifySignature(rawBody: Buffer, signatureHeader: string | undefined, verifierToken: string): boolean {
  if (!signatureHeader || !verifierToken) return false;
  const given = Buffer.from(signatureHeader, 'base64');
  // Node's base64 decoder skips characters it does not know; only a canonical encoding counts as the header.
  if (given.toString('base64') !== signatureHeader) return false;
  const expected = createHmac('sha256', verifierToken).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function parseWebhook(body: unknown): WebhookEvent[] {
  if (Array.isArray(body)) return body.map((event, i) => fromCloudEvent(event, String(i)));
  if (isRecord(body) && 'eventNotifications' in body) return fromClassic(body.eventNotifications);
  throw new WebhookFormatError('The body is neither a CloudEvents array nor a classic {eventNotifications} object');
}

function fromClassic(notifications: unknown): WebhookEvent[] {
  return list(notifications, 'eventNotifications').flatMap((item, i) => {
    const path = `eventNotifications.${i}`;
    const notification = record(item, path);
    const realmId = text(notification, 'realmId', path);
    const changeEvent = record(notification.dataChangeEvent, `${path}.dataChangeEvent`);
    return list(changeEvent.entities, `${path}.dataChangeEvent.entities`).map((entry, j) => {
      const at = `${path}.dataChangeEvent.entities.${j}`;
      const entity = record(entry, at);
      const change: QboChange = {
        realmId,
        entity: text(entity, 'name', at),
        id: text(entity, 'id', at),
        operation: text(entity, 'operation', at),
        occurredAt: instant(entity, 'lastUpdated', at),
      };
      // Classic events carry no id of their own; these fields together are what makes one event differ from another.
      return {
        ...change,
        eventKey: [realmId, change.entity, change.id, change.operation, change.occurredAt].join('|'),
      };
    });
  });
}

const CLOUD_TYPE = /^qbo\.(\w+)\.(\w+)\.v\d+$/i;

const OPERATIONS: Record<string, string> = {
  created: 'Create',
  updated: 'Update',
  deleted: 'Delete',
  voided: 'Void',
  merged: 'Merge',
  emailed: 'Emailed',
};

// CloudEvents types spell the entity in lower case; the rest of the product uses QBO's own names.
const QBO_ENTITIES = new Map(
  [
    'Account',
    'Bill',
    'BillPayment',
    'Budget',
    'Class',
    'CreditMemo',
    'Currency',
    'Customer',
    'Department',
    'Deposit',
    'Employee',
    'Estimate',
    'Invoice',
    'Item',
    'JournalCode',
    'JournalEntry',
    'Payment',
    'PaymentMethod',
    'Preferences',
    'Purchase',
    'PurchaseOrder',
    'RefundReceipt',
    'SalesReceipt',
    'TaxAgency',
    'Term',
    'TimeActivity',
    'Transfer',
    'Vendor',
    'VendorCredit',
  ].map((name) => [name.toLowerCase(), name]),
);

function fromCloudEvent(value: unknown, path: string): WebhookEvent {
  const event = record(value, path);
  if (event.specversion !== '1.0')
    throw new WebhookFormatError(`${path}.specversion must be "1.0"`, `${path}.specversion`);
  const type = text(event, 'type', path);
  const [, entity, action] = CLOUD_TYPE.exec(type) ?? [];
  if (!entity || !action)
    throw new WebhookFormatError(
      `${path}.type "${type}" is not of the form qbo.<entity>.<action>.v<n>`,
      `${path}.type`,
    );
  return {
    eventKey: text(event, 'id', path),
    realmId: text(event, 'intuitaccountid', path),
    entity: QBO_ENTITIES.get(entity.toLowerCase()) ?? capitalised(entity),
    id: text(event, 'intuitentityid', path),
    operation: OPERATIONS[action.toLowerCase()] ?? capitalised(action),
    occurredAt: instant(event, 'time', path),
  };
}

const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function record(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new WebhookFormatError(`${path} must be an object`, path);
  return value;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new WebhookFormatError(`${path} must be an array`, path);
  return value;
}

function text(owner: Record<string, unknown>, key: string, path: string): string {
  const value = owner[key];
  const field = `${path}.${key}`;
  if (typeof value !== 'string' || value === '')
    throw new WebhookFormatError(`${field} must be a non-empty string`, field);
  return value;
}

// Intuit writes offsets both as -0700 and as Z, and CloudEvents times have nanoseconds; one ISO form keeps
// event keys and ordering comparable.
function instant(owner: Record<string, unknown>, key: string, path: string): string {
  const value = text(owner, key, path);
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new WebhookFormatError(`${path}.${key} must be an ISO 8601 timestamp`, `${path}.${key}`);
  return new Date(ms).toISOString();
}
