import { AUTH_FAULT_MODES, type AuthFaultMode } from './auth-faults.js';

export type FaultMode = 'error500' | 'throttle429' | 'dropAfterCommit' | 'delay' | AuthFaultMode;
export const FAULT_MODES: readonly FaultMode[] = [
  'error500',
  'throttle429',
  'dropAfterCommit',
  'delay',
  ...AUTH_FAULT_MODES,
];

export interface FaultRule {
  mode: FaultMode;
  method?: string;
  pathContains?: string;
  realmId?: string;
  /** Hits the next `count` matching requests... */
  count?: number;
  /** ...or each matching request with this probability, until cleared. */
  rate?: number;
  delayMs?: number;
}

interface ActiveRule extends FaultRule {
  remaining: number | null;
}

/** Faults armed by tests through POST /__sandbox/faults, matched against incoming requests. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): void {
    const remaining = rule.rate !== undefined && rule.count === undefined ? null : (rule.count ?? 1);
    this.rules.push({ ...rule, remaining });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, ...r }) => ({ ...r, ...(remaining === null ? {} : { count: remaining }) }));
  }

  /**
   * Every armed fault this request triggers, each used up once: at most one failure (the request can only
   * fail one way, and a failure rule used up without effect would make "count" a lie), plus any delays.
   */
  take(method: string, path: string, realmId: string | undefined): FaultRule[] {
    const hits: FaultRule[] = [];
    let failing = false;
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.pathContains && !path.includes(rule.pathContains)) continue;
      if (rule.realmId && rule.realmId !== realmId) continue;
      const failure = rule.mode !== 'delay';
      if (failure && failing) continue;
      if (rule.remaining !== null) {
        if (rule.remaining <= 0) continue;
        if (rule.rate !== undefined && this.random() >= rule.rate) continue;
        rule.remaining -= 1;
      } else if (this.random() >= (rule.rate ?? 1)) continue;
      failing ||= failure;
      hits.push(rule);
    }
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return hits;
  }
}
