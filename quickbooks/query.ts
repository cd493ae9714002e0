// Building QBO query statements. QBO's query language escapes a quote with a backslash (never by doubling
// it), chokes on a bare trailing backslash, and rejects typographic quotes, so every literal goes through here.

const TYPOGRAPHIC: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201C': '"', '\u201D': '"' };

export function quoteLiteral(value: string): string {
  const plain = value.replace(/[\u2018\u2019\u201C\u201D]/g, (c) => TYPOGRAPHIC[c] ?? c);
  return `'${plain.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `SELECT * FROM Customer WHERE DisplayName = '...' AND Active IN (true, false)`: inactive ones count for uniqueness too. */
export function findByNameIncludingInactive(entity: 'Customer' | 'Item', field: 'DisplayName' | 'Name', name: string): string {
  return `SELECT * FROM ${entity} WHERE ${field} = ${quoteLiteral(name)} AND Active IN (true, false)`;
}
