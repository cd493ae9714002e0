import { okJson } from './http.js';
import type { Stack } from '../stack.js';

/** QBO's own limits, which the sandbox enforces per realm scaled by the bench's factor. */
export const QBO_LIMITS = { perMinute: 500, concurrent: 10 };

export interface RealmTraffic {
  total: number;
  throttled: number;
}

/** QBO's batch requests a minute per company and app, which also count against `perMinute`. */
export const QBO_BATCH_PER_MINUTE = 40;

/** Sets the sandbox's per-realm limits (0 turns one off). */
export async function setSandboxLimits(
  stack: Stack,
  perMinute: number,
  concurrent: number,
  batchPerMinute: number,
): Promise<void> {
  await okJson('POST', `${stack.sandboxUrl}/__sandbox/limits`, { body: { perMinute, concurrent, batchPerMinute } });
}

/** A realm's data-API requests so far (throttled ones included), from the sandbox's own count. */
export async function realmTraffic(stack: Stack, realmId: string): Promise<RealmTraffic> {
  const stats = await okJson('GET', `${stack.sandboxUrl}/__sandbox/stats`);
  const realm = stats.byRealm[realmId];
  return { total: realm?.total ?? 0, throttled: realm?.throttled ?? 0 };
}
