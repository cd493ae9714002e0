// An invoice's payments (from billing and from QuickBooks) and, under Model 1, recording one.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { announce } from '../announce';
import { formatMoney, today } from '../format';
import { useAction, useFormAction } from '../hooks';
import type { Invoice, Payment, PaymentInput } from '../types';
import { TextField } from './Field';
import { DateText, DateTimeText, Money } from './Money';
import { ErrorNotice, InfoNotice, InlineError } from './Notice';
import { ActionsHeading, TableWrap } from './TableWrap';

const QBO_STATE: Record<string, string> = {
  pending: 'Waiting to post',
  synced: 'In QuickBooks',
  voided: 'Voided in QuickBooks',
  failed: 'Failed',
};

function RecordPayment({ invoice, onRecorded }: { invoice: Invoice; onRecorded: () => void }) {
  const balance = Number(invoice.balance) > 0 ? invoice.balance : '';
  const [amount, setAmount] = useState(balance);
  const [date, setDate] = useState(today());
  const [method, setMethod] = useState('');
  const [reference, setReference] = useState('');
  const { busy, error, form, submit: send } = useFormAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void send(async () => {
      await api.post<Payment>(`/v1/invoices/${invoice.id}/payments`, {
        amount: amount.trim(),
        date,
        ...(method.trim() && { method: method.trim() }),
        ...(reference.trim() && { reference: reference.trim() }),
      } satisfies PaymentInput);
      announce(`Payment of ${formatMoney(amount.trim())} recorded on ${invoice.number}`);
      setAmount('');
      setMethod('');
      setReference('');
      onRecorded();
    });
  };

  return (
    <form ref={form} class="form compact" onSubmit={submit} noValidate aria-label="Record payment">
      <h3>Record payment</h3>
      <ErrorNotice error={error} title="The payment was not recorded." />
      <div class="grid-4">
        <TextField
          label="Amount"
          field="amount"
          inputMode="decimal"
          required
          value={amount}
          onValue={setAmount}
          error={error}
        />
        <TextField
          label="Payment date"
          field="date"
          type="date"
          required
          value={date}
          onValue={setDate}
          error={error}
        />
        <TextField
          label="Method"
          field="method"
          maxLength={100}
          placeholder="Check, card, wire…"
          value={method}
          onValue={setMethod}
          error={error}
        />
        <TextField
          label="Reference"
          field="reference"
          maxLength={21}
          value={reference}
          onValue={setReference}
          error={error}
          hint="Check number or similar; becomes QuickBooks' reference."
        />
      </div>
      <button type="submit" class="button button-primary" disabled={busy}>
        Record payment
      </button>
    </form>
  );
}

function VoidPayment({ invoice, payment, onVoided }: { invoice: Invoice; payment: Payment; onVoided: () => void }) {
  const { busy, error, run } = useAction();
  return (
    <>
      <button
        type="button"
        class="button button-quiet button-small"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            await api.post<Payment>(`/v1/invoices/${invoice.id}/payments/${payment.id}/void`);
            announce(`Payment of ${formatMoney(payment.amount)} voided`);
            onVoided();
          })
        }
      >
        Void payment
      </button>
      <InlineError error={error} />
    </>
  );
}

export function PaymentsSection({
  invoice,
  payments,
  syncModel,
  writer,
  onChanged,
}: {
  invoice: Invoice;
  payments: Payment[] | undefined;
  syncModel: 1 | 2 | null | undefined;
  writer: boolean;
  onChanged: () => void;
}) {
  const model2 = syncModel === 2;
  return (
    <section class="card" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      {payments === undefined ? null : payments.length === 0 ? (
        <p class="empty">No payments yet.</p>
      ) : (
        <TableWrap label={`Payments on invoice ${invoice.number}`}>
          <table class="data">
            <caption class="visually-hidden">Payments on invoice {invoice.number}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Amount
                </th>
                <th scope="col">From</th>
                <th scope="col">Method</th>
                <th scope="col">Reference</th>
                <th scope="col">QuickBooks</th>
                <th scope="col">Received</th>
                {writer && !model2 ? <ActionsHeading /> : null}
              </tr>
            </thead>
            <tbody>
              {payments.map((payment) => (
                <tr key={payment.id} class={payment.voided ? 'is-void' : undefined}>
                  <td>
                    <DateText date={payment.date} />
                  </td>
                  <td class="num">
                    <Money amount={payment.amount} />
                    {payment.unapplied && Number(payment.unapplied) > 0 ? (
                      <span class="muted small block">{formatMoney(payment.unapplied)} kept as credit</span>
                    ) : null}
                  </td>
                  <td>{payment.source === 'quickbooks' ? 'QuickBooks' : 'Billing'}</td>
                  <td>{payment.method ?? <span class="muted">—</span>}</td>
                  <td>{payment.reference ?? <span class="muted">—</span>}</td>
                  <td>
                    {payment.voided ? <span class="tag">Void</span> : null}{' '}
                    {payment.qboSyncStatus
                      ? (QBO_STATE[payment.qboSyncStatus] ?? payment.qboSyncStatus)
                      : payment.qboPaymentId
                        ? `Payment ${payment.qboPaymentId}`
                        : '—'}
                  </td>
                  <td class="nowrap">
                    <DateTimeText at={payment.receivedAt} />
                  </td>
                  {writer && !model2 ? (
                    <td>
                      {payment.source === 'billing' && !payment.voided ? (
                        <VoidPayment invoice={invoice} payment={payment} onVoided={onChanged} />
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {model2 ? (
        <InfoNotice>
          Payments are received in QuickBooks under Model 2. They appear here once QuickBooks has them.
        </InfoNotice>
      ) : writer && invoice.status === 'open' && syncModel !== undefined ? (
        <RecordPayment invoice={invoice} onRecorded={onChanged} />
      ) : null}
    </section>
  );
}
