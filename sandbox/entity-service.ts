import type { EntityName, LinkedTxn, WebhookOperation } from '../quickbooks/wire-types.js';
import { metaTime } from './clock.js';
import { objectNotFound, requiredMissing, staleObject, unsupportedOperation } from './faults.js';
import { invoiceSettlement, recomputeCustomerBalance } from './ledger.js';
import { dec } from './money.js';
import type { RuleContext } from './rules/common.js';
import { accountRules } from './rules/account.js';
import { customerRules } from './rules/customer.js';
import { employeeRules } from './rules/employee.js';
import { invoiceRules } from './rules/invoice.js';
import { itemRules } from './rules/item.js';
import { paymentMethodRules } from './rules/payment-method.js';
import { paymentRules } from './rules/payment.js';
import type { EntityRules } from './rules/types.js';
import { vendorRules } from './rules/vendor.js';
import type { Json, Row } from './store.js';

export interface ChangeEvent {
  realmId: string;
  entity: EntityName;
  id: string;
  operation: WebhookOperation;
  atMs: number;
}

const RULES: Partial<Record<EntityName, EntityRules>> = {
  Account: accountRules,
  Customer: customerRules,
  Vendor: vendorRules,
  Employee: employeeRules,
  Item: itemRules,
  Invoice: invoiceRules,
  Payment: paymentRules,
  PaymentMethod: paymentMethodRules,
};

/** Entities the data API can write: exactly those with rules. */
export function isWritable(entity: EntityName): boolean {
  return RULES[entity] !== undefined;
}

export function rulesFor(entity: EntityName): EntityRules {
  const rules = RULES[entity];
  if (!rules) throw unsupportedOperation(`Create/Update for ${entity}`);
  return rules;
}

/** A stored body without the sandbox's own `__` bookkeeping fields. */
function publicFields(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('__')));
}

/** The wire form of a stored row: body, then the envelope fields QBO always sends. */
export function present(row: Row): Json {
  return structuredClone({
    ...publicFields(row.body),
    domain: 'QBO',
    sparse: false,
    Id: row.id,
    SyncToken: syncTokenOf(row),
    MetaData: { CreateTime: metaTime(row.createdMs), LastUpdatedTime: metaTime(row.updatedMs) },
  });
}

export function syncTokenOf(row: Row): string {
  return String(row.body['__syncToken'] ?? '0');
}

/**
 * Create, update, delete and void for every writable entity, shared by the data API, batch and the
 * bookkeeper control routes, so all three enforce the same rules and raise the same webhooks.
 */
export class EntityService {
  constructor(private readonly emit: (event: ChangeEvent) => void) {}

  create(ctx: RuleContext, entity: EntityName, input: Json): Row {
    const rules = rulesFor(entity);
    const body = rules.build(ctx, input, null);
    const row: Row = {
      id: ctx.realm.newId(),
      body: { ...body, __syncToken: '0' },
      createdMs: ctx.nowMs,
      updatedMs: ctx.nowMs,
    };
    ctx.realm.table(entity).set(row.id, row);
    this.changed(ctx, entity, row.id, 'Create');
    this.afterWrite(ctx, entity, row, null);
    return row;
  }

  /** Loads the target of an update/delete/void: Id and SyncToken required, SyncToken must be current. */
  private target(ctx: RuleContext, entity: EntityName, input: Json): Row {
    if (input['Id'] === undefined || input['Id'] === null || input['Id'] === '') throw requiredMissing('Id');
    if (input['SyncToken'] === undefined || input['SyncToken'] === null || input['SyncToken'] === '')
      throw requiredMissing('SyncToken');
    const row = ctx.realm.get(entity, String(input['Id']));
    if (!row) throw objectNotFound('Id');
    if (String(input['SyncToken']) !== syncTokenOf(row)) throw staleObject();
    return row;
  }

  update(ctx: RuleContext, entity: EntityName, input: Json): Row {
    const rules = rulesFor(entity);
    const row = this.target(ctx, entity, input);
    rules.guardChange?.(ctx, row, 'Update');
    const sparse = input['sparse'] === true || input['sparse'] === 'true';
    // Sparse keeps what the client left out; a full update clears every writable field it omitted.
    const merged = sparse ? { ...publicFields(row.body), ...input } : input;
    const body = rules.build(ctx, merged, row);
    const previous = row.body;
    this.replace(ctx, row, body);
    this.changed(ctx, entity, row.id, 'Update');
    this.afterWrite(ctx, entity, row, previous);
    return row;
  }

  remove(ctx: RuleContext, entity: EntityName, input: Json): Json {
    const rules = rulesFor(entity);
    if (!rules.deletable) throw unsupportedOperation(`Delete for ${entity} (make it inactive instead)`);
    const row = this.target(ctx, entity, input);
    rules.guardChange?.(ctx, row, 'Delete');
    ctx.realm.table(entity).delete(row.id);
    ctx.realm.deposited.delete(row.id);
    ctx.realm.tombstones.push({ entity, id: row.id, deletedMs: ctx.nowMs });
    this.changed(ctx, entity, row.id, 'Delete');
    this.afterWrite(ctx, entity, null, row.body);
    return { domain: 'QBO', status: 'Deleted', Id: row.id };
  }

  void(ctx: RuleContext, entity: EntityName, input: Json): Row {
    const rules = rulesFor(entity);
    if (!rules.voided) throw unsupportedOperation(`Void for ${entity}`);
    const row = this.target(ctx, entity, input);
    rules.guardChange?.(ctx, row, 'Void');
    const previous = row.body;
    this.replace(ctx, row, rules.voided(ctx, row));
    this.changed(ctx, entity, row.id, 'Void');
    this.afterWrite(ctx, entity, row, previous);
    return row;
  }

  private replace(ctx: RuleContext, row: Row, body: Json): void {
    const next = String(Number(syncTokenOf(row)) + 1);
    row.body = { ...publicFields(body), __syncToken: next };
    row.updatedMs = ctx.nowMs;
  }

  private changed(ctx: RuleContext, entity: EntityName, id: string, operation: WebhookOperation): void {
    this.emit({ realmId: ctx.realm.realmId, entity, id, operation, atMs: ctx.nowMs });
  }

  /** A payment moves invoice balances; any money change moves the customer's balance. */
  private afterWrite(ctx: RuleContext, entity: EntityName, row: Row | null, previous: Json | null): void {
    const customers = new Set<string>();
    const customerOf = (b: Json | null | undefined): void => {
      const v = (b?.['CustomerRef'] as Json | undefined)?.['value'];
      if (typeof v === 'string') customers.add(v);
    };
    if (entity === 'Payment') {
      const invoices = new Set<string>();
      for (const b of [previous, row?.body]) {
        customerOf(b);
        for (const line of (b?.['Line'] as Json[] | undefined) ?? []) {
          for (const l of (line['LinkedTxn'] as LinkedTxn[] | undefined) ?? [])
            if (l.TxnType === 'Invoice') invoices.add(l.TxnId);
        }
      }
      for (const id of invoices) this.settleInvoice(ctx, id);
    }
    if (entity === 'Invoice') {
      customerOf(previous);
      customerOf(row?.body);
    }
    for (const c of customers) recomputeCustomerBalance(ctx.realm, c);
  }

  /** Applying a payment changes the invoice: new Balance and LinkedTxn, and a bumped SyncToken. */
  private settleInvoice(ctx: RuleContext, invoiceId: string): void {
    const invoice = ctx.realm.get('Invoice', invoiceId);
    if (!invoice) return;
    const { Balance, LinkedTxn } = invoiceSettlement(
      ctx.realm,
      invoiceId,
      dec(invoice.body['TotalAmt'] ?? 0, 'TotalAmt'),
    );
    if (Balance === invoice.body['Balance'] && JSON.stringify(LinkedTxn) === JSON.stringify(invoice.body['LinkedTxn']))
      return;
    this.replace(ctx, invoice, { ...invoice.body, Balance, LinkedTxn });
    this.changed(ctx, 'Invoice', invoiceId, 'Update');
  }
}
