import type { QboClient } from './client.js';
import type { EntityMap } from './wire-types.js';

/** QBO's largest page. */
export const PAGE_SIZE = 1000;

type Listable = 'Customer' | 'Item' | 'Payment';

/**
 * Every record matching `where` (inactive ones included unless `where` says otherwise), page by page in
 * Id order: STARTPOSITION is 1-based and a short page is the last.
 */
export async function listAll<K extends Listable>(
  qbo: QboClient,
  entity: K,
  where = 'Active IN (true, false)',
): Promise<EntityMap[K][]> {
  const all: EntityMap[K][] = [];
  for (let start = 1; ; start += PAGE_SIZE) {
    const page = await qbo.query(
      entity,
      `SELECT * FROM ${entity} WHERE ${where} ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${PAGE_SIZE}`,
    );
    all.push(...page);
    if (page.length < PAGE_SIZE) return all;
  }
}

/** One page for a person browsing: `start` is the 1-based position, as QBO counts. */
export async function listPage<K extends Listable>(
  qbo: QboClient,
  entity: K,
  where: string,
  start: number,
  size: number,
): Promise<{ rows: EntityMap[K][]; next: number | null }> {
  const rows = await qbo.query(
    entity,
    `SELECT * FROM ${entity} WHERE ${where} ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${size + 1}`,
  );
  return { rows: rows.slice(0, size), next: rows.length > size ? start + size : null };
}
