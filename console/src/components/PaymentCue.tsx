// The cue on an invoice that a payment from QuickBooks arrived recently: amount and date on hover and
// for screen readers, never only a colour.
import { formatDate, formatDateTime, formatMoney } from '../format';
import { Icon } from './Icon';

/** The reader's calendar day of an instant, as YYYY-MM-DD. */
function localDay(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

export function paymentCueText(payment: { amount: string; receivedAt: string }): string {
  return `Payment received in QuickBooks: ${formatMoney(payment.amount)} on ${formatDateTime(payment.receivedAt)}`;
}

export function PaymentCue({ payment }: { payment: { amount: string; receivedAt: string } | null }) {
  if (!payment) return null;
  const text = paymentCueText(payment);
  return (
    <span class="payment-cue" role="img" aria-label={text} title={text}>
      <Icon name="cash" />
      <span aria-hidden="true">
        {formatMoney(payment.amount)} · {formatDate(localDay(payment.receivedAt)).replace(/, \d{4}$/, '')}
      </span>
    </span>
  );
}
