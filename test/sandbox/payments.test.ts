import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  connect,
  control,
  faultCode,
  serviceItemId,
  startSandbox,
  type Company,
  type Sandbox,
} from './helpers.js';

let sb: Sandbox;
let c: Company;
let itemId: string;
let n = 0;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  itemId = await serviceItemId(sb.base, c, 'Filing Fee');
});
afterAll(async () => {
  await sb.close();
});

const post = (path: string, body: unknown, q: Record<string, string> = {}) => api(sb.base, c, 'POST', path, body, q);

async function invoiceFor(total: number): Promise<{ customer: any; invoice: any }> {
  const customer = (await post('/customer', { DisplayName: `Payer ${++n}` })).json.Customer;
  const invoice = (
    await post('/invoice', {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: total,
          SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: total },
        },
      ],
    })
  ).json.Invoice;
  return { customer, invoice };
}

describe('Payment', () => {
  it('applying a payment reduces the invoice Balance, links it, and bumps its SyncToken (so a stale re-push 5010s)', async () => {
    const { customer, invoice } = await invoiceFor(1000);
    const pay = await post('/payment', {
      CustomerRef: { value: customer.Id },
      TotalAmt: 600,
      Line: [{ Amount: 400, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    });
    expect(pay.status).toBe(200);
    expect(pay.json.Payment).toMatchObject({
      TotalAmt: 600,
      UnappliedAmt: 200,
      SyncToken: '0',
      CustomerRef: { value: customer.Id, name: customer.DisplayName },
    });
    expect(pay.json.Payment.DepositToAccountRef.name).toBe('Undeposited Funds');
    expect(pay.json.Payment.Line[0].LinkedTxn).toEqual([{ TxnId: invoice.Id, TxnType: 'Invoice' }]);
    const inv = (await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice;
    expect(inv).toMatchObject({
      Balance: 600,
      TotalAmt: 1000,
      SyncToken: '1',
      LinkedTxn: [{ TxnId: pay.json.Payment.Id, TxnType: 'Payment' }],
    });
    expect(faultCode(await post('/invoice', { Id: invoice.Id, SyncToken: '0', sparse: true, PrivateNote: 'x' }))).toBe(
      '5010',
    );
    expect((await api(sb.base, c, 'GET', `/payment/${pay.json.Payment.Id}`)).json.Payment.Id).toBe(pay.json.Payment.Id);
  });

  it('refuses to apply more than the open balance or more than the payment', async () => {
    const { customer, invoice } = await invoiceFor(100);
    const over = await post('/payment', {
      CustomerRef: { value: customer.Id },
      TotalAmt: 150,
      Line: [{ Amount: 150, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    });
    expect(over.status).toBe(400);
    const more = await post('/payment', {
      CustomerRef: { value: customer.Id },
      TotalAmt: 10,
      Line: [{ Amount: 50, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    });
    expect(more.status).toBe(400);
    expect(faultCode(await post('/payment', { CustomerRef: { value: customer.Id } }))).toBe('2020');
  });

  it('void (operation=update&include=void) zeroes amounts, notes "Voided" and restores the invoice balance', async () => {
    const { customer, invoice } = await invoiceFor(300);
    const pay = (
      await post('/payment', {
        CustomerRef: { value: customer.Id },
        TotalAmt: 300,
        PrivateNote: 'check 1001',
        Line: [{ Amount: 300, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
      })
    ).json.Payment;
    expect((await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice.Balance).toBe(0);
    const voided = await post(
      '/payment',
      { Id: pay.Id, SyncToken: pay.SyncToken, sparse: true },
      { operation: 'update', include: 'void' },
    );
    expect(voided.status).toBe(200);
    expect(voided.json.Payment).toMatchObject({ TotalAmt: 0, UnappliedAmt: 0, SyncToken: '1' });
    expect(voided.json.Payment.PrivateNote).toMatch(/^Voided/);
    const inv = (await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice;
    expect(inv).toMatchObject({ Balance: 300, LinkedTxn: [], SyncToken: '2' });
  });

  it('delete removes the payment and its application', async () => {
    const { customer, invoice } = await invoiceFor(80);
    const pay = (
      await post('/payment', {
        CustomerRef: { value: customer.Id },
        TotalAmt: 80,
        Line: [{ Amount: 80, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
      })
    ).json.Payment;
    // An invoice with a payment applied cannot be voided or deleted.
    expect((await post('/invoice', { Id: invoice.Id, SyncToken: '1' }, { operation: 'void' })).status).toBe(400);
    const del = await post('/payment', { Id: pay.Id, SyncToken: '0' }, { operation: 'delete' });
    expect(del.json.Payment).toMatchObject({ status: 'Deleted', Id: pay.Id });
    expect((await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice.Balance).toBe(80);
  });

  it('receive-payment records a bookkeeper payment; a deposited one cannot change (6540)', async () => {
    const { invoice } = await invoiceFor(250);
    const r = await control(sb.base, 'POST', `/realms/${c.realmId}/receive-payment`, {
      invoiceId: invoice.Id,
      amount: 100,
      deposited: true,
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ TotalAmt: 100, UnappliedAmt: 0 });
    expect((await api(sb.base, c, 'GET', `/invoice/${invoice.Id}`)).json.Invoice.Balance).toBe(150);
    const change = await post('/payment', {
      Id: r.json.Id,
      SyncToken: r.json.SyncToken,
      sparse: true,
      PrivateNote: 'edit',
    });
    expect(faultCode(change)).toBe('6540');
    expect(
      faultCode(await post('/payment', { Id: r.json.Id, SyncToken: r.json.SyncToken }, { operation: 'delete' })),
    ).toBe('6540');
    expect(
      faultCode(
        await post(
          '/payment',
          { Id: r.json.Id, SyncToken: r.json.SyncToken },
          { operation: 'update', include: 'void' },
        ),
      ),
    ).toBe('6540');
    const full = await control(sb.base, 'POST', `/realms/${c.realmId}/receive-payment`, { invoiceId: invoice.Id });
    expect(full.json.TotalAmt).toBe(150);
  });
});
