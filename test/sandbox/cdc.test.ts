import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, serviceItemId, startSandbox, type ApiResult, type Company, type Sandbox } from './helpers.js';

// The clock is injected so "changed since" and the 30-day window can be pinned to the millisecond.

const T0 = Date.UTC(2026, 10, 1, 17, 0, 0);
let now = T0;
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ now: () => now });
});
afterAll(async () => {
  await sb.close();
});

interface Books {
  company: Company;
  post(path: string, body: unknown, q?: Record<string, string>): Promise<ApiResult>;
  invoice(amount: number): Promise<any>;
  customerId: string;
}

/** A fresh company with one customer and one fee item, so each test reads only its own changes. */
async function books(): Promise<Books> {
  const company = await connect(sb.base);
  const post = (path: string, body: unknown, q: Record<string, string> = {}) =>
    api(sb.base, company, 'POST', path, body, q);
  const itemId = await serviceItemId(sb.base, company, 'Consultation');
  const customerId = (await post('/customer', { DisplayName: 'CDC Client' })).json.Customer.Id;
  const invoice = async (amount: number) =>
    (
      await post('/invoice', {
        CustomerRef: { value: customerId },
        Line: [
          {
            DetailType: 'SalesItemLineDetail',
            Amount: amount,
            SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: amount },
          },
        ],
      })
    ).json.Invoice;
  return { company, post, invoice, customerId };
}

function cdc(company: Company, entities: string, changedSince: string): Promise<ApiResult> {
  return api(sb.base, company, 'GET', '/cdc', undefined, { entities, changedSince });
}

describe('deletes', () => {
  it('come back as status Deleted stubs carrying only Id and MetaData.LastUpdatedTime, next to changes since the moment asked', async () => {
    now = T0;
    const b = await books();
    const untouched = await b.invoice(10);
    const doomedInvoice = await b.invoice(20);
    const paid = await b.invoice(30);
    const doomedPayment = (
      await b.post('/payment', {
        CustomerRef: { value: b.customerId },
        TotalAmt: 30,
        Line: [{ Amount: 30, LinkedTxn: [{ TxnId: paid.Id, TxnType: 'Invoice' }] }],
      })
    ).json.Payment;

    now = T0 + 60_000;
    const since = new Date(now - 1).toISOString();
    const fresh = await b.invoice(40);
    expect(
      (await b.post('/invoice', { Id: doomedInvoice.Id, SyncToken: doomedInvoice.SyncToken }, { operation: 'delete' }))
        .status,
    ).toBe(200);
    expect(
      (await b.post('/payment', { Id: doomedPayment.Id, SyncToken: doomedPayment.SyncToken }, { operation: 'delete' }))
        .status,
    ).toBe(200);

    const r = await cdc(b.company, 'Invoice,Payment', since);
    expect(r.status).toBe(200);
    const [invoices, payments] = r.json.CDCResponse[0].QueryResponse;
    const invoiceIds = invoices.Invoice.map((x: any) => x.Id).sort();
    // The payment's delete reopened `paid`, so it changed too; `untouched` did not.
    expect(invoiceIds).toEqual([doomedInvoice.Id, fresh.Id, paid.Id].sort());
    expect(invoiceIds).not.toContain(untouched.Id);
    const stamp = '2026-11-01T09:01:00-08:00';
    expect(invoices.Invoice.find((x: any) => x.Id === doomedInvoice.Id)).toEqual({
      domain: 'QBO',
      status: 'Deleted',
      Id: doomedInvoice.Id,
      MetaData: { LastUpdatedTime: stamp },
    });
    expect(payments.Payment).toEqual([
      { domain: 'QBO', status: 'Deleted', Id: doomedPayment.Id, MetaData: { LastUpdatedTime: stamp } },
    ]);
    expect(invoices.Invoice.find((x: any) => x.Id === paid.Id)).toMatchObject({ Balance: 30, LinkedTxn: [] });
  });
});

describe('voids', () => {
  it('come back as full records with zeroed amounts and the "Voided" note, not as stubs', async () => {
    now = T0;
    const b = await books();
    const since = new Date(now - 1).toISOString();
    const inv = await b.invoice(75);
    expect((await b.post('/invoice', { Id: inv.Id, SyncToken: inv.SyncToken }, { operation: 'void' })).status).toBe(
      200,
    );
    const other = await b.invoice(50);
    const pay = (
      await b.post('/payment', {
        CustomerRef: { value: b.customerId },
        TotalAmt: 50,
        Line: [{ Amount: 50, LinkedTxn: [{ TxnId: other.Id, TxnType: 'Invoice' }] }],
      })
    ).json.Payment;
    expect(
      (
        await b.post(
          '/payment',
          { Id: pay.Id, SyncToken: pay.SyncToken, sparse: true },
          { operation: 'update', include: 'void' },
        )
      ).status,
    ).toBe(200);

    const [invoices, payments] = (await cdc(b.company, 'Invoice,Payment', since)).json.CDCResponse[0].QueryResponse;
    const voidedInvoice = invoices.Invoice.find((x: any) => x.Id === inv.Id);
    expect(voidedInvoice).toMatchObject({
      TotalAmt: 0,
      Balance: 0,
      SyncToken: '1',
      PrivateNote: 'Voided',
      CustomerRef: { value: b.customerId },
    });
    expect(voidedInvoice.status).toBeUndefined();
    expect(voidedInvoice.Line.length).toBeGreaterThan(0);
    const [voidedPayment] = payments.Payment;
    expect(voidedPayment).toMatchObject({
      Id: pay.Id,
      TotalAmt: 0,
      UnappliedAmt: 0,
      SyncToken: '1',
      PrivateNote: 'Voided',
    });
    expect(voidedPayment.status).toBeUndefined();
  });
});

describe('window', () => {
  it('looks back 30 days at most', async () => {
    now = T0;
    const b = await books();
    const day = 24 * 3600 * 1000;
    const inside = await cdc(b.company, 'Customer', new Date(now - 30 * day + 1000).toISOString());
    expect(inside.status).toBe(200);
    expect(inside.json.CDCResponse[0].QueryResponse[0].Customer.map((x: any) => x.Id)).toEqual([b.customerId]);
    const tooOld = new Date(now - 30 * day - 1000).toISOString();
    const outside = await cdc(b.company, 'Customer', tooOld);
    expect(outside.status).toBe(400);
    expect(outside.json.Fault.type).toBe('ValidationFault');
    // QBO's wording (Wish-Org/QuickBooksSharp#19): an unsupported operation, not a date-format error.
    expect(outside.json.Fault.Error[0]).toMatchObject({
      code: '500',
      Message: 'Unsupported Operation',
      Detail: `Operation cdc with changedSince date ${tooOld} which is older than fixed days is not supported.`,
    });
  });

  it('answers an empty QueryResponse for an entity with no changes', async () => {
    now = T0;
    const b = await books();
    now = T0 + 1000;
    const r = await cdc(b.company, 'Invoice', new Date(now).toISOString());
    expect(r.json.CDCResponse).toEqual([{ QueryResponse: [{}] }]);
  });
});
