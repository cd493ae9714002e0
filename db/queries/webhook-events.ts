import type { WebhookEvent } from '../../quickbooks/webhooks.js';
import type { Db } from '../database.js';

// Six values a row keeps each statement far below PostgreSQL's 65,535 bind parameters, however large
// a delivery Intuit batches.
const INSERT_CHUNK = 1000;

/**
 * Stores the events not seen before and returns just those: Intuit delivers at least once, so a repeated
 * delivery (or an event repeated within one) stores and announces nothing new.
 */
export async function recordWebhookEvents(db: Db, events: readonly WebhookEvent[]): Promise<WebhookEvent[]> {
  const distinct = [...new Map(events.map((e) => [e.eventKey, e])).values()];
  const stored = new Set<string>();
  for (let i = 0; i < distinct.length; i += INSERT_CHUNK) {
    const rows = await db
      .insertInto('webhook_events')
      .values(
        distinct.slice(i, i + INSERT_CHUNK).map((e) => ({
          event_key: e.eventKey,
          realm_id: e.realmId,
          entity_name: e.entity,
          entity_id: e.id,
          operation: e.operation,
          occurred_at: new Date(e.occurredAt),
        })),
      )
      .onConflict((oc) => oc.column('event_key').doNothing())
      .returning('event_key')
      .execute();
    for (const row of rows) stored.add(row.event_key);
  }
  return distinct.filter((e) => stored.has(e.eventKey));
}
