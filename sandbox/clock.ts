// QBO stamps times in the company's zone; the sandbox's companies all live in Pacific Standard Time so
// timestamps look like real ones ("2015-07-24T10:35:08-08:00") without depending on the host's zone.
const OFFSET_MINUTES = -8 * 60;

export type Clock = () => number;

function shifted(ms: number): string {
  return new Date(ms + OFFSET_MINUTES * 60_000).toISOString();
}

const OFFSET_SUFFIX = '-08:00';

/** MetaData times: whole seconds, as QBO writes them. */
export function metaTime(ms: number): string {
  return shifted(ms).slice(0, 19) + OFFSET_SUFFIX;
}

/** The `time` of a response envelope carries milliseconds. */
export function responseTime(ms: number): string {
  return shifted(ms).slice(0, 23) + OFFSET_SUFFIX;
}

/** The company's calendar date (YYYY-MM-DD) at an instant, for TxnDate defaults. */
export function companyDate(ms: number): string {
  return shifted(ms).slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
