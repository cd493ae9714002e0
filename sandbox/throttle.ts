export interface Limits {
  /** Requests admitted in any sliding minute; 0: no limit. */
  perMinute: number;
  /** Requests in flight at once; 0: no limit. */
  concurrent: number;
  /** Batch requests admitted in any sliding minute (QBO: 40 per company and app); 0: no limit. */
  batchPerMinute: number;
}

/**
 * QBO's per-realm limits: a sliding minute of requests, a sliding minute of batch requests and a cap on
 * requests in flight. A batch request is also a request, so it uses up both minutes and one slot. Only
 * admitted requests use up a window, so a client that backs off recovers as QBO's does. A realm may be
 * given less than the sandbox-wide limits, as a company is when another app uses part of them. The
 * sandbox is one app, so per realm is per company and app.
 */
export class Throttle {
  private readonly windows = new Map<string, number[]>();
  private readonly batchWindows = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly realmLimits = new Map<string, Partial<Limits>>();

  constructor(
    public perMinute: number,
    public concurrent: number,
    public batchPerMinute = 40,
  ) {}

  /** What the realm is allowed: its own limits where set, else the sandbox's. */
  limitsOf(realmId: string): Limits {
    const own = this.realmLimits.get(realmId);
    return {
      perMinute: own?.perMinute ?? this.perMinute,
      concurrent: own?.concurrent ?? this.concurrent,
      batchPerMinute: own?.batchPerMinute ?? this.batchPerMinute,
    };
  }

  /** Gives the realm its own limits (a limit left undefined follows the sandbox's again). */
  setRealmLimits(realmId: string, limits: Partial<Limits>): void {
    this.realmLimits.set(realmId, limits);
    this.windows.delete(realmId);
    this.batchWindows.delete(realmId);
  }

  admit(realmId: string, nowMs: number, batch = false): boolean {
    const { perMinute, concurrent, batchPerMinute } = this.limitsOf(realmId);
    const flying = this.inFlight.get(realmId) ?? 0;
    if (concurrent > 0 && flying >= concurrent) return false;
    const requests = perMinute > 0 ? lastMinute(this.windows, realmId, nowMs) : undefined;
    if (requests && requests.length >= perMinute) return false;
    const batches = batch && batchPerMinute > 0 ? lastMinute(this.batchWindows, realmId, nowMs) : undefined;
    if (batches && batches.length >= batchPerMinute) return false;
    requests?.push(nowMs);
    batches?.push(nowMs);
    this.inFlight.set(realmId, flying + 1);
    return true;
  }

  release(realmId: string): void {
    this.inFlight.set(realmId, Math.max(0, (this.inFlight.get(realmId) ?? 0) - 1));
  }

  flying(realmId: string): number {
    return this.inFlight.get(realmId) ?? 0;
  }

  totalFlying(): number {
    let n = 0;
    for (const v of this.inFlight.values()) n += v;
    return n;
  }

  /** Empties every window; with `all`, realms lose their own limits too (a sandbox reset). */
  reset(all = false): void {
    this.windows.clear();
    this.batchWindows.clear();
    if (all) this.realmLimits.clear();
    // In-flight counts stay: those requests are still running and will release themselves.
  }
}

/** The realm's admissions within the minute before `nowMs`, older ones dropped. */
function lastMinute(windows: Map<string, number[]>, realmId: string, nowMs: number): number[] {
  const window = (windows.get(realmId) ?? []).filter((t) => t > nowMs - 60_000);
  windows.set(realmId, window);
  return window;
}
