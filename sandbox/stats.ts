/** A realm's batch traffic, so a client's requests per operation can be told from the sandbox's side. */
interface BatchStats {
  /** `POST /batch` requests received, throttled ones included (each is also one of the realm's `total`). */
  requests: number;
  /** Of those, answered 429 (the batch rate, the general limits or an injected throttle). */
  throttled: number;
  /** Operations the sandbox ran: a replayed, throttled or refused batch runs none. */
  items: number;
  /** The most operations one batch that ran carried. */
  maxItems: number;
}

interface RealmStats {
  total: number;
  throttled: number;
  maxConcurrent: number;
  byEndpoint: Record<string, number>;
  batch: BatchStats;
}

const BATCH_ENDPOINT = 'POST /batch';

/** Data-API traffic since start or reset, in the exact shape the contract gives `GET /__sandbox/stats`. */
export class Stats {
  private total = 0;
  /** Injected faults that actually hit a request, by mode: a run can prove its faults fired. */
  private injected: Record<string, number> = {};
  private throttled = 0;
  private maxConcurrent = 0;
  private byRealm = new Map<string, RealmStats>();

  private realm(realmId: string): RealmStats {
    let s = this.byRealm.get(realmId);
    if (!s) {
      s = {
        total: 0,
        throttled: 0,
        maxConcurrent: 0,
        byEndpoint: {},
        batch: { requests: 0, throttled: 0, items: 0, maxItems: 0 },
      };
      this.byRealm.set(realmId, s);
    }
    return s;
  }

  request(realmId: string, endpoint: string): void {
    this.total += 1;
    const s = this.realm(realmId);
    s.total += 1;
    s.byEndpoint[endpoint] = (s.byEndpoint[endpoint] ?? 0) + 1;
    if (endpoint === BATCH_ENDPOINT) s.batch.requests += 1;
  }

  throttle(realmId: string, batch = false): void {
    this.throttled += 1;
    const s = this.realm(realmId);
    s.throttled += 1;
    if (batch) s.batch.throttled += 1;
  }

  /** A batch whose operations are about to run. */
  batchRun(realmId: string, items: number): void {
    const b = this.realm(realmId).batch;
    b.items += items;
    b.maxItems = Math.max(b.maxItems, items);
  }

  fault(mode: string): void {
    this.injected[mode] = (this.injected[mode] ?? 0) + 1;
  }

  concurrency(realmId: string, realmFlying: number, totalFlying: number): void {
    const s = this.realm(realmId);
    s.maxConcurrent = Math.max(s.maxConcurrent, realmFlying);
    this.maxConcurrent = Math.max(this.maxConcurrent, totalFlying);
  }

  reset(): void {
    this.total = 0;
    this.throttled = 0;
    this.maxConcurrent = 0;
    this.injected = {};
    this.byRealm = new Map();
  }

  toJSON(): {
    total: number;
    throttled: number;
    maxConcurrent: number;
    injected: Record<string, number>;
    byRealm: Record<string, RealmStats>;
  } {
    return {
      total: this.total,
      throttled: this.throttled,
      maxConcurrent: this.maxConcurrent,
      injected: { ...this.injected },
      byRealm: Object.fromEntries(
        [...this.byRealm].map(([k, v]) => [k, { ...v, byEndpoint: { ...v.byEndpoint }, batch: { ...v.batch } }]),
      ),
    };
  }
}
