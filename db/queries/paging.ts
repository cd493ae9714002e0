export interface Page<T> {
  rows: T[];
  nextCursor: string | null;
}

/** Rows were fetched with limit + 1: the extra one only says whether another page exists. */
export function page<T extends { id: string | number }>(rows: T[], limit: number): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { rows: kept, nextCursor: more ? String(kept[kept.length - 1]!.id) : null };
}
