import type { TemporalAccess } from '../temporal/client.js';
import { syncInvoice, type SyncTarget } from '../temporal/invoice-sync.js';
import type { SyncRequest } from '../workflows/types.js';
import { ApiError } from './http-errors.js';

/**
 * Sync Now / Sync Again for the API: asks for a pass and waits up to `waitMs` for it to finish. 'done'
 * means the invoice's sync state now reflects the pass; 'pending' means it is still under way.
 */
export async function requestInvoiceSync(
  temporal: TemporalAccess,
  target: SyncTarget,
  waitMs: number,
  request: SyncRequest = {},
): Promise<'done' | 'pending'> {
  const pass = syncInvoice(temporal, target, request).then(() => 'done' as const);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), waitMs);
  });
  try {
    return await Promise.race([pass, waited]);
  } catch (error) {
    throw new ApiError(
      503,
      'temporal_unavailable',
      `Could not reach the workflow service: ${(error as Error).message}`,
    );
  } finally {
    clearTimeout(timer);
    // The pass keeps going after the caller stops waiting; its outcome lands in the database.
    pass.catch(() => undefined);
  }
}
