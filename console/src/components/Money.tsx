// Money and dates, written the same way everywhere (money right-aligned by its cell's class).
import { formatDate, formatDateTime, formatMoney } from '../format';

export function Money({ amount }: { amount: string }) {
  return <span class={`money${amount.trim().startsWith('-') ? ' negative' : ''}`}>{formatMoney(amount)}</span>;
}

export function DateText({ date }: { date: string | null | undefined }) {
  if (!date) return <span class="muted">—</span>;
  return <time dateTime={date.slice(0, 10)}>{formatDate(date)}</time>;
}

export function DateTimeText({ at }: { at: string | null | undefined }) {
  if (!at) return <span class="muted">—</span>;
  return <time dateTime={at}>{formatDateTime(at)}</time>;
}
