import { activityInfo } from '@temporalio/activity';
import { paymentsToPush, setPaymentSync } from '../db/queries/payments.js';
import { qboAmountToCents } from '../domain/money.js';
import { recordSyncLog } from '../domain/sync-log-events.js';
import type { QboClient } from '../quickbooks/client.js';
import { QboError } from '../quickbooks/errors.js';
import { carriesOriginMarker, toQboPayment } from '../quickbooks/mappers.js';
import { quoteLiteral } from '../quickbooks/query.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import type { Payment } from '../quickbooks/wire-types.js';
import type { ActivityDeps } from './deps.js';
import { withQboFailures } from './failures.js';
import { withPaymentMethod } from './payment-methods.js';
import { activityOrigin } from './sync-log-origin.js';
import type { ActivityInput } from '../workflows/types.js';

/** The payment an earlier attempt created for this billing payment, found by its mark among the customer's that day. */
async function earlierCreate(
  qbo: QboClient,
  paymentId: string,
  customerId: string,
  date: string,
): Promise<Payment | undefined> {
  const candidates = await qbo.query(
    'Payment',
    `SELECT * FROM Payment WHERE CustomerRef = ${quoteLiteral(customerId)} AND TxnDate = ${quoteLiteral(date)}`,
  );
  return candidates.find((p) => carriesOriginMarker(p.PrivateNote, 'payment', paymentId));
}

/** What a QBO payment applies to one invoice, in cents. */
const appliedTo = (payment: Payment, qboInvoiceId: string): number =>
  payment.Line.filter((l) => l.LinkedTxn?.some((t) => t.TxnType === 'Invoice' && t.TxnId === qboInvoiceId)).reduce(
    (sum, l) => sum + qboAmountToCents(l.Amount),
    0,
  );

export function pushPaymentActivities(deps: ActivityDeps) {
  return {
    /**
     * Model 1: posts the invoice's new billing payments to QBO, each linked to the QBO invoice for at most
     * its open balance (an overpayment's excess stays QBO unapplied credit), and voids there the ones voided
     * in billing. A payment QBO refuses for good (6540: deposited) is marked failed and reported; the others
     * go on. Each write has its own requestid, so a retried activity never posts a payment twice.
     */
    async pushPayments(
      input: ActivityInput<'pushPayments'>,
    ): Promise<{ posted: number; voided: number; refused: number }> {
      const { firmId, invoiceId, qboInvoiceId } = input;
      return withQboFailures(async () => {
        const { qbo, realmId } = await deps.quickbooks.forFirm(firmId);
        // A retry may follow a create whose answer never came back: it looks for that payment before posting.
        const retried = activityInfo().attempt > 1;
        const invoice = await qbo.read('Invoice', qboInvoiceId);
        let open = qboAmountToCents(invoice.Balance);
        const done = { posted: 0, voided: 0, refused: 0 };
        for (const payment of await paymentsToPush(deps.db, firmId, invoiceId)) {
          try {
            if (!payment.qbo_payment_id) {
              const customerId = invoice.CustomerRef.value;
              const earlier = retried
                ? await earlierCreate(qbo, payment.id, customerId, payment.payment_date)
                : undefined;
              // The balance just read already counts a payment an earlier attempt made: what it applied stands.
              const applied = earlier ? appliedTo(earlier, qboInvoiceId) : Math.min(payment.amount_cents, open);
              if (!earlier) open -= applied;
              const created =
                earlier ??
                (await withPaymentMethod(qbo, { firmId, realmId }, payment.method, (paymentMethodId, base) =>
                  qbo.create(
                    'Payment',
                    toQboPayment(
                      {
                        id: payment.id,
                        amountCents: payment.amount_cents,
                        date: payment.payment_date,
                        reference: payment.reference,
                      },
                      { customerId, qboInvoiceId, appliedCents: applied, paymentMethodId },
                    ),
                    requestIdFor({
                      firmId,
                      entity: 'payment',
                      localId: payment.id,
                      operation: 'create',
                      // Posted again after QBO lost it (a drift fix): a new write, not a replay of the first.
                      generation: payment.qbo_generation,
                      base,
                    }),
                  ),
                ));
              await setPaymentSync(deps.db, payment.id, {
                qboPaymentId: created.Id,
                appliedCents: applied,
                status: 'synced',
              });
              const credit = payment.amount_cents - applied;
              await recordSyncLog(
                deps.db,
                {
                  kind: 'payment_posted',
                  firmId,
                  paymentId: payment.id,
                  qboPaymentId: created.Id,
                  qboInvoiceId,
                  amountCents: payment.amount_cents,
                  creditCents: credit,
                },
                activityOrigin(),
              );
              done.posted++;
            } else {
              const current = await qbo.read('Payment', payment.qbo_payment_id);
              await qbo.voidPayment(
                { Id: current.Id, SyncToken: current.SyncToken },
                requestIdFor({ firmId, entity: 'payment', localId: payment.id, operation: 'void' }),
              );
              await setPaymentSync(deps.db, payment.id, { status: 'voided' });
              await recordSyncLog(
                deps.db,
                { kind: 'payment_voided', firmId, paymentId: payment.id, qboPaymentId: current.Id },
                activityOrigin(),
              );
              done.voided++;
            }
          } catch (error) {
            if (!(error instanceof QboError) || error.retryable) throw error;
            await setPaymentSync(deps.db, payment.id, { status: 'failed' });
            await recordSyncLog(
              deps.db,
              { kind: 'payment_refused', firmId, paymentId: payment.id, qboPaymentId: payment.qbo_payment_id, error },
              activityOrigin(),
            );
            done.refused++;
          }
        }
        return done;
      });
    },
  };
}
