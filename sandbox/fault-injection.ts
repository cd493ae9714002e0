import { AUTH_FAULT_MODES, type AuthFaultMode } from './auth-faults.js';

export type FaultMode = 'error500' | 'throttle429' | 'dropAfterCommit' | 'delay' | 'batchItemFault' | AuthFaultMode;
export const FAULT_MODES: readonly FaultMode[] = [
  'error500',
  'throttle429',
  'dropAfterCommit',
  'delay',
  'batchItemFault',
  ...AUTH_FAULT_MODES,
];

export interface FaultRule {
  mode: FaultMode;
  method?: string;
  pathContains?: string;
  realmId?: string;
  /** Hits the next `count` matching requests (batchItemFault: operations)... */
  count?: number;
  /** ...or each matching request with this probability, until cleared. */
  rate?: number;
  delayMs?: number;
  /** batchItemFault: the operations it answers (every one given must match; none given matches any). */
  docNumber?: string;
  /** batchItemFault: the operation's position in its batch, counted from 1. */
  nth?: number;
  entity?: string;
  operation?: string;
  /** batchItemFault: the Fault the operation gets instead of running (see batch-item-fault.ts). */
  code?: string;
  message?: string;
  detail?: string;
  element?: string;
}

/** A rule the request pipeline acts on; item faults act inside a batch instead. */
export type RequestFaultRule = FaultRule & { mode: Exclude<FaultMode, 'batchItemFault'> };

const forRequests = (rule: FaultRule): rule is RequestFaultRule => rule.mode !== 'batchItemFault';

/** One operation of a batch, as a batchItemFault rule sees it. */
export interface BatchItemTarget {
  nth: number;
  entity: string | undefined;
  operation: string;
  docNumber: string | undefined;
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
   * Item faults wait for the batch's operations (takeItem).
   */
  take(method: string, path: string, realmId: string | undefined): RequestFaultRule[] {
    const hits: RequestFaultRule[] = [];
    let failing = false;
    for (const rule of this.rules) {
      if (!forRequests(rule)) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.pathContains && !path.includes(rule.pathContains)) continue;
      if (rule.realmId && rule.realmId !== realmId) continue;
      const failure = rule.mode !== 'delay';
      if (failure && failing) continue;
      if (!this.fires(rule)) continue;
      failing ||= failure;
      hits.push(rule);
    }
    this.prune();
    return hits;
  }

  /** The item fault, if any, that answers this operation of a batch instead of letting it run. */
  takeItem(realmId: string, item: BatchItemTarget): FaultRule | undefined {
    const hit = this.rules.find(
      (rule) =>
        rule.mode === 'batchItemFault' &&
        (!rule.realmId || rule.realmId === realmId) &&
        (rule.nth === undefined || rule.nth === item.nth) &&
        (rule.docNumber === undefined || rule.docNumber === item.docNumber) &&
        (rule.entity === undefined || rule.entity.toLowerCase() === item.entity?.toLowerCase()) &&
        (rule.operation === undefined || rule.operation.toLowerCase() === item.operation.toLowerCase()) &&
        this.fires(rule),
    );
    this.prune();
    return hit;
  }

  /** Whether a matching rule hits this time, using up one of its count when it does. */
  private fires(rule: ActiveRule): boolean {
    if (rule.remaining === null) return this.random() < (rule.rate ?? 1);
    if (rule.remaining <= 0) return false;
    if (rule.rate !== undefined && this.random() >= rule.rate) return false;
    rule.remaining -= 1;
    return true;
  }

  private prune(): void {
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
  }
}
