import type { temporal } from '@temporalio/proto';

// Which activity a history event runs: an activity task names it when scheduled; a local activity leaves
// a marker whose `data` payload (JSON) carries its type.

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export function activityOf(event: HistoryEvent): string | null {
  const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
  if (scheduled) return scheduled;
  const data = event.markerRecordedEventAttributes?.details?.['data']?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type : null;
}
