import { createHmac, randomUUID } from 'node:crypto';
import type { ClassicWebhookBody, CloudEvent } from '../quickbooks/wire-types.js';
import type { ChangeEvent } from './entity-service.js';
import type { WebhookFormat } from './options.js';

export interface WebhookSettings {
  url: string | undefined;
  verifierToken: string;
  format: WebhookFormat;
  dropRate: number;
  duplicateRate: number;
}

export interface DeliveryRecord {
  id: string;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  dropped: boolean;
  duplicate: boolean;
  body: string;
  signature: string;
  at: string;
}

/** Intuit's retry schedule in seconds; the sandbox scales it down so tests see retries within seconds. */
const RETRY_SECONDS = [10, 20, 30, 300, 1200, 7200, 14400, 21600];
const BATCH_MS = 25;
const KEEP = 1000;

const CLOUD_ACTION: Record<string, string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Void: 'voided',
  Merge: 'merged',
  Emailed: 'emailed',
};

export function sign(body: string, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(body, 'utf8').digest('base64');
}

export function classicBody(events: ChangeEvent[]): ClassicWebhookBody {
  const byRealm = new Map<string, ChangeEvent[]>();
  for (const e of events) byRealm.set(e.realmId, [...(byRealm.get(e.realmId) ?? []), e]);
  return {
    eventNotifications: [...byRealm].map(([realmId, list]) => ({
      realmId,
      dataChangeEvent: {
        entities: list.map((e) => ({
          name: e.entity,
          id: e.id,
          operation: e.operation,
          lastUpdated: new Date(e.atMs).toISOString(),
        })),
      },
    })),
  };
}

export function cloudEventsBody(events: ChangeEvent[]): CloudEvent[] {
  return events.map((e) => ({
    specversion: '1.0',
    id: randomUUID(),
    source: 'intuit.sandbox.quickbooks-sync',
    type: `qbo.${e.entity.toLowerCase()}.${CLOUD_ACTION[e.operation] ?? 'updated'}.v1`,
    datacontenttype: 'application/json',
    time: new Date(e.atMs).toISOString(),
    intuitentityid: e.id,
    intuitaccountid: e.realmId,
    data: {},
  }));
}

/**
 * Delivers change events as Intuit does: batched per moment, signed, retried on failure, and (when a
 * test asks) lost or duplicated, so the product's reconciliation gets exercised.
 */
export class WebhookDispatcher {
  settings: WebhookSettings;
  private pending: ChangeEvent[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private deliveries: DeliveryRecord[] = [];
  private stopped = false;

  constructor(
    private readonly defaults: WebhookSettings,
    private readonly retryScale: number,
    private readonly shouldSend: (realmId: string) => boolean,
    private readonly random: () => number = Math.random,
  ) {
    this.settings = { ...defaults };
  }

  notify(event: ChangeEvent): void {
    if (this.stopped || !this.settings.url || !this.shouldSend(event.realmId)) return;
    this.pending.push(event);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), BATCH_MS);
      this.flushTimer.unref();
    }
  }

  private flush(): void {
    this.flushTimer = null;
    const events = this.pending;
    this.pending = [];
    const url = this.settings.url;
    if (events.length === 0 || !url) return;
    const body = JSON.stringify(this.settings.format === 'cloudevents' ? cloudEventsBody(events) : classicBody(events));
    const signature = sign(body, this.settings.verifierToken);
    const id = randomUUID();
    if (this.random() < this.settings.dropRate) {
      this.record({
        id,
        url,
        attempt: 0,
        status: null,
        error: null,
        dropped: true,
        duplicate: false,
        body,
        signature,
        at: new Date().toISOString(),
      });
      return;
    }
    void this.attempt(id, url, body, signature, 1, false);
    if (this.random() < this.settings.duplicateRate)
      this.later(200, () => void this.attempt(id, url, body, signature, 1, true));
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private async attempt(
    id: string,
    url: string,
    body: string,
    signature: string,
    attempt: number,
    duplicate: boolean,
  ): Promise<void> {
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'intuit-signature': signature },
        body,
        signal: AbortSignal.timeout(3000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    this.record({
      id,
      url,
      attempt,
      status,
      error,
      dropped: false,
      duplicate,
      body,
      signature,
      at: new Date().toISOString(),
    });
    const ok = status !== null && status >= 200 && status < 300;
    const delay = RETRY_SECONDS[attempt - 1];
    if (!ok && delay !== undefined && !duplicate) {
      this.later(delay * 1000 * this.retryScale, () => void this.attempt(id, url, body, signature, attempt + 1, false));
    }
  }

  private record(d: DeliveryRecord): void {
    this.deliveries.push(d);
    if (this.deliveries.length > KEEP) this.deliveries.splice(0, this.deliveries.length - KEEP);
  }

  list(): DeliveryRecord[] {
    return [...this.deliveries];
  }

  reset(): void {
    this.pending = [];
    this.deliveries = [];
    this.settings = { ...this.defaults };
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  stop(): void {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
