export interface LoggedRequest {
  at: string;
  realmId: string;
  method: string;
  path: string;
  query: Record<string, string>;
  requestid: string | null;
  minorversion: string | null;
  accept: string | null;
  contentType: string | null;
  status: number;
}

const KEEP = 5000;

/** Recent data-API requests, so product tests can assert what their client sent. Never the Authorization header. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
  }

  list(realmId?: string): LoggedRequest[] {
    return realmId ? this.entries.filter((e) => e.realmId === realmId) : [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
