export interface Limits {
  /** Requests admitted in any sliding minute; 0: no limit. */
  perMinute: number;
  /** Requests in flight at once; 0: no limit. */
  concurrent: number;
}

/**
 * QBO's per-realm limits: a sliding minute of requests and a cap on requests in flight. Only admitted
 * requests use up the window, so a client that backs off recovers as QBO's does. A realm may be given
 * less than the sandbox-wide limits, as a company is when another app uses part of them.
 */
export class Throttle {
  private readonly windows = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly realmLimits = new Map<string, Partial<Limits>>();

  constructor(
    public perMinute: number,
    public concurrent: number,
  ) {}

  /** What the realm is allowed: its own limits where set, else the sandbox's. */
  limitsOf(realmId: string): Limits {
    const own = this.realmLimits.get(realmId);
    return { perMinute: own?.perMinute ?? this.perMinute, concurrent: own?.concurrent ?? this.concurrent };
  }

  /** Gives the realm its own limits (a limit left undefined follows the sandbox's again). */
  setRealmLimits(realmId: string, limits: Partial<Limits>): void {
    this.realmLimits.set(realmId, limits);
    this.windows.delete(realmId);
  }

  admit(realmId: string, nowMs: number): boolean {
    const { perMinute, concurrent } = this.limitsOf(realmId);
    const flying = this.inFlight.get(realmId) ?? 0;
    if (concurrent > 0 && flying >= concurrent) return false;
    if (perMinute > 0) {
      const window = (this.windows.get(realmId) ?? []).filter((t) => t > nowMs - 60_000);
      this.windows.set(realmId, window);
      if (window.length >= perMinute) return false;
      window.push(nowMs);
    }
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
    if (all) this.realmLimits.clear();
    // In-flight counts stay: those requests are still running and will release themselves.
  }
}
