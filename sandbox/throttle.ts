/**
 * QBO's per-realm limits: a sliding minute of requests and a cap on requests in flight. Only admitted
 * requests use up the window, so a client that backs off recovers as QBO's does.
 */
export class Throttle {
  private readonly windows = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    public perMinute: number,
    public concurrent: number,
  ) {}

  admit(realmId: string, nowMs: number): boolean {
    const flying = this.inFlight.get(realmId) ?? 0;
    if (this.concurrent > 0 && flying >= this.concurrent) return false;
    if (this.perMinute > 0) {
      const window = (this.windows.get(realmId) ?? []).filter((t) => t > nowMs - 60_000);
      this.windows.set(realmId, window);
      if (window.length >= this.perMinute) return false;
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

  reset(): void {
    this.windows.clear();
    // In-flight counts stay: those requests are still running and will release themselves.
  }
}
