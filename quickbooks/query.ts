import { plainPunctuation } from './plain-text.js';

// Building QBO query statements. QBO's query language escapes a quote with a backslash (never by doubling
// it), chokes on a bare trailing backslash, and rejects typographic punctuation, so every literal goes through here.

export function quoteLiteral(value: string): string {
  return `'${plainPunctuation(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `SELECT * FROM Customer WHERE DisplayName = '...' AND Active IN (true, false)`: inactive ones count for uniqueness too. */
export function findByNameIncludingInactive(
  entity: 'Customer' | 'Item',
  field: 'DisplayName' | 'Name',
  name: string,
): string {
  return `SELECT * FROM ${entity} WHERE ${field} = ${quoteLiteral(name)} AND Active IN (true, false)`;
}

/** The records changed at or after `time` (an ISO timestamp): the query that stands in for CDC past its reach. */
export function changedSince(time: string): string {
  return `MetaData.LastUpdatedTime >= ${quoteLiteral(time)}`;
}
