import { createHash } from 'node:crypto';

/**
 * What a QBO write is, in the product's terms. The same logical write always yields the same requestid,
 * so a retried activity makes QBO replay its first answer instead of creating a second record.
 * `generation` changes only when the product deliberately creates again (e.g. the QBO record was deleted).
 */
export interface WriteIdentity {
  firmId: string;
  entity: 'customer' | 'item' | 'invoice' | 'payment' | 'payment_method';
  localId: string;
  operation: 'create' | 'update' | 'void' | 'delete';
  revision?: number;
  generation?: number;
  /** The QBO SyncToken an update or void starts from: a retry after a stale token is a different write. */
  base?: string;
}

/** 40 hex characters: within QBO's 50-character limit and unique per firm, entity, record, operation and version. */
export function requestIdFor(write: WriteIdentity): string {
  const key = [
    write.firmId,
    write.entity,
    write.localId,
    write.operation,
    write.revision ?? 0,
    write.generation ?? 0,
    write.base ?? '',
  ].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 40);
}
