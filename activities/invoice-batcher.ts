import { randomUUID } from 'node:crypto';
import { BATCH_LIMITS, type BatchWrite, type QboClient } from '../quickbooks/client.js';
import type { Invoice } from '../quickbooks/wire-types.js';

/**
 * How long a lone write waits for others before it goes in a batch of its own. Short, since a bulk job
 * keeps the queue full; it matters only for a job's last few invoices, which would otherwise wait forever.
 */
export const DEFAULT_LINGER_MS = 500;

interface Waiting {
  operation: BatchWrite<'Invoice'>['operation'];
  fields: Partial<Invoice>;
  qbo: QboClient;
  queuedAt: number;
  resolve: (invoice: Invoice) => void;
  reject: (error: unknown) => void;
}

interface RealmQueue {
  waiting: Waiting[];
  sending: boolean;
  timer: NodeJS.Timeout | null;
}

/**
 * A batch's own requestid: a UUID, QBO's 36 characters. Fresh for every batch, never derived from its
 * items: QBO replays a batch's whole answer, item Faults included, for a requestid it has seen, so an item
 * retried alone in a later batch under a derived id would get its old Fault back forever. A resend of the
 * same request (after a 429) keeps its id; a lost answer is recovered by each item's existence check.
 */
export const batchRequestId = (): string => randomUUID();

/**
 * Gathers the invoice writes of one worker into QBO batch requests, per firm's company (`queue`): a batch goes when 30 wait,
 * or when the oldest has waited the linger, and one batch per realm at a time, so the writes that arrive
 * while one is out (mostly waiting for the realm gate's batch rate) fill the next. Each caller gets its own
 * item's record, or the QboError its item (or the whole request) failed with, and does with it what it
 * would with the answer to a single request.
 */
export class InvoiceBatcher {
  private readonly realms = new Map<string, RealmQueue>();

  constructor(private readonly lingerMs = DEFAULT_LINGER_MS) {}

  write(queue: string, qbo: QboClient, operation: Waiting['operation'], fields: Partial<Invoice>): Promise<Invoice> {
    const realm = this.realms.get(queue) ?? { waiting: [], sending: false, timer: null };
    this.realms.set(queue, realm);
    return new Promise<Invoice>((resolve, reject) => {
      realm.waiting.push({ operation, fields, qbo, queuedAt: performance.now(), resolve, reject });
      this.consider(queue, realm);
    });
  }

  private consider(realmId: string, realm: RealmQueue): void {
    if (realm.sending || realm.waiting.length === 0) return;
    const waited = performance.now() - realm.waiting[0]!.queuedAt;
    if (realm.waiting.length >= BATCH_LIMITS.items || waited >= this.lingerMs) {
      if (realm.timer) clearTimeout(realm.timer);
      realm.timer = null;
      void this.send(realmId, realm);
      return;
    }
    realm.timer ??= setTimeout(() => {
      realm.timer = null;
      this.consider(realmId, realm);
    }, this.lingerMs - waited);
  }

  private async send(realmId: string, realm: RealmQueue): Promise<void> {
    realm.sending = true;
    // Taken from the queue only when the realm gate lets the batch go: writes that arrived while it waited
    // for QBO's batch rate go with it.
    let items: Waiting[] = [];
    const gather = () => {
      items = realm.waiting.splice(0, BATCH_LIMITS.items);
      return {
        writes: items.map((item, i) => ({ bId: String(i + 1), operation: item.operation, fields: item.fields })),
        requestId: batchRequestId(),
      };
    };
    try {
      const { outcome } = await realm.waiting[0]!.qbo.batch('Invoice', gather);
      items.forEach((item, i) => {
        const answer = outcome.get(String(i + 1))!;
        if (answer instanceof Error) item.reject(answer);
        else item.resolve(answer);
      });
    } catch (error) {
      // The request as a whole failed (throttled past the client's retries, 5xx, no answer): every item's
      // outcome is unknown, and each caller's retry finds out for itself whether its write went in. Writes
      // still queued when the request failed before gathering any (the realm gate's database) fail too, rather
      // than loop on it.
      if (items.length === 0) items = realm.waiting.splice(0);
      for (const item of items) item.reject(error);
    } finally {
      realm.sending = false;
      if (realm.waiting.length === 0 && !realm.timer) this.realms.delete(realmId);
      else this.consider(realmId, realm);
    }
  }
}
