import type { QboFacts, QboReads } from '../domain/preflight.js';
import type { QboClient } from './client.js';
import { readByIds } from './drift-facts.js';
import { PAGE_SIZE } from './listing.js';
import { quoteLiteral } from './query.js';
import type { Invoice } from './wire-types.js';

// What a bulk job's dry run needs from QuickBooks, read in bulk and reduced to domain/preflight.ts's facts,
// so the checks never see a wire shape.

/** Numbers per IN query: a statement well inside what QBO takes, however long each number is. */
export const NUMBERS_PER_QUERY = 200;

/**
 * Every QBO invoice (voided ones included: QBO keeps their numbers taken) whose DocNumber is one of these,
 * by number, in as few requests as QBO allows: an `IN` per batch of numbers, paged at QBO's largest page,
 * since a company that accepts duplicate numbers can hold many invoices under one.
 */
export async function invoicesByDocNumber(qbo: QboClient, numbers: readonly string[]): Promise<Map<string, Invoice[]>> {
  const found = new Map<string, Invoice[]>();
  const unique = [...new Set(numbers)];
  for (let i = 0; i < unique.length; i += NUMBERS_PER_QUERY) {
    const list = unique
      .slice(i, i + NUMBERS_PER_QUERY)
      .map(quoteLiteral)
      .join(', ');
    for (let start = 1; ; start += PAGE_SIZE) {
      const page = await qbo.query(
        'Invoice',
        `SELECT * FROM Invoice WHERE DocNumber IN (${list}) ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${PAGE_SIZE}`,
      );
      for (const invoice of page) {
        if (invoice.DocNumber === undefined) continue;
        found.set(invoice.DocNumber, [...(found.get(invoice.DocNumber) ?? []), invoice]);
      }
      if (page.length < PAGE_SIZE) break;
    }
  }
  return found;
}

/** The mapped customers and items (inactive ones included) and the invoices holding the numbers, at once. */
export async function readPreflightFacts(qbo: QboClient, reads: QboReads): Promise<QboFacts> {
  const [customers, items, invoices] = await Promise.all([
    readByIds(qbo, 'Customer', reads.customerIds),
    readByIds(qbo, 'Item', reads.itemIds),
    invoicesByDocNumber(qbo, reads.docNumbers),
  ]);
  return {
    customers: new Map([...customers].map(([id, c]) => [id, { active: c.Active, name: c.DisplayName }])),
    items: new Map([...items].map(([id, i]) => [id, { active: i.Active, name: i.Name }])),
    invoicesByNumber: new Map(
      [...invoices].map(([number, found]) => [
        number,
        found.map((i) => ({ id: i.Id, customerId: i.CustomerRef.value, customerName: i.CustomerRef.name ?? null })),
      ]),
    ),
  };
}
