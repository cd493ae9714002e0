import type { QboClient } from '../quickbooks/client.js';
import { QboError } from '../quickbooks/errors.js';
import { paymentMethodKey, paymentMethodName, toQboPaymentMethod } from '../quickbooks/mappers.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import type { PaymentMethod } from '../quickbooks/wire-types.js';

/**
 * Each realm's payment methods by matching key, read once per process. A company has a handful of them
 * and they are never deleted in QBO (only made inactive), so one list read serves every payment after it.
 */
const byRealm = new Map<string, Promise<Map<string, PaymentMethod>>>();

function methodsOf(qbo: QboClient, realmId: string): Promise<Map<string, PaymentMethod>> {
  let methods = byRealm.get(realmId);
  if (!methods) {
    methods = qbo
      .query('PaymentMethod', 'SELECT * FROM PaymentMethod WHERE Active IN (true, false)')
      .then((list) => new Map(list.map((m) => [paymentMethodKey(m.Name), m])));
    // A failed read is not remembered: the next payment asks again.
    methods.catch(() => byRealm.delete(realmId));
    byRealm.set(realmId, methods);
  }
  return methods;
}

/**
 * The QBO PaymentMethod for billing's `method`: the company's own one of that name (made active again if a
 * bookkeeper had made it inactive), or one created for it. A blank method gives none. Writes carry
 * requestids derived from the firm and the name, so a retry after a lost answer creates nothing twice.
 */
async function paymentMethodId(
  qbo: QboClient,
  scope: { firmId: string; realmId: string },
  method: string | null,
): Promise<string | undefined> {
  const name = paymentMethodName(method);
  if (!name) return undefined;
  const key = paymentMethodKey(name);
  const write = (operation: 'create' | 'update', revision?: number) =>
    requestIdFor({ firmId: scope.firmId, entity: 'payment_method', localId: key, operation, revision });
  const usable = async (known: PaymentMethod) =>
    known.Active
      ? known
      : qbo.update(
          'PaymentMethod',
          { Id: known.Id, SyncToken: known.SyncToken, sparse: true, Active: true },
          write('update', Number(known.SyncToken)),
        );
  const known = (await methodsOf(qbo, scope.realmId)).get(key);
  let chosen: PaymentMethod;
  if (known) chosen = await usable(known);
  else {
    try {
      chosen = await qbo.create('PaymentMethod', toQboPaymentMethod(name), write('create'));
    } catch (error) {
      // Another process (or a bookkeeper) made it since the list was read: read the list again and use theirs.
      if (!(error instanceof QboError && error.kind === 'duplicate_name')) throw error;
      byRealm.delete(scope.realmId);
      const theirs = (await methodsOf(qbo, scope.realmId)).get(key);
      if (!theirs) throw error;
      chosen = await usable(theirs);
    }
  }
  (await methodsOf(qbo, scope.realmId)).set(key, chosen);
  return chosen.Id;
}

/**
 * Runs `write` with the QBO PaymentMethod id for billing's `method`. The list is remembered per realm, so
 * a bookkeeper may have made a method inactive since: when QBO refuses the write for an inactive reference,
 * the list is read again and the write made once more, as a different write (`base`), since QBO may replay
 * a refused requestid's fault.
 */
export async function withPaymentMethod<T>(
  qbo: QboClient,
  scope: { firmId: string; realmId: string },
  method: string | null,
  write: (paymentMethodId: string | undefined, base?: string) => Promise<T>,
): Promise<T> {
  try {
    return await write(await paymentMethodId(qbo, scope, method));
  } catch (error) {
    if (!paymentMethodName(method) || !(error instanceof QboError && error.kind === 'inactive_ref')) throw error;
    byRealm.delete(scope.realmId);
    return write(await paymentMethodId(qbo, scope, method), 'payment-methods-reread');
  }
}
