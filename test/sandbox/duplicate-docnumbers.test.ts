import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  connect,
  control,
  faultCode,
  serviceItemId,
  startSandbox,
  type ApiResult,
  type Company,
  type Sandbox,
} from './helpers.js';

// The company preference behind QBO's 6140: `warn` refuses a DocNumber already used unless the request
// says include=allowduplicatedocnum (batch: optionsData); `allow` is a company with the warning off.

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

interface Books {
  company: Company;
  invoice(docNumber: string, q?: Record<string, string>): Promise<ApiResult>;
}

async function books(preferences: Record<string, unknown> = {}): Promise<Books> {
  const { realmId } = (await control(sb.base, 'POST', '/realms', preferences)).json;
  const company = await connect(sb.base, realmId);
  const itemId = await serviceItemId(sb.base, company, 'Filing fee');
  const customerId = (await api(sb.base, company, 'POST', '/customer', { DisplayName: 'Duplicate Numbers Client' }))
    .json.Customer.Id;
  const invoice = (docNumber: string, q: Record<string, string> = {}) =>
    api(
      sb.base,
      company,
      'POST',
      '/invoice',
      {
        CustomerRef: { value: customerId },
        DocNumber: docNumber,
        Line: [
          {
            DetailType: 'SalesItemLineDetail',
            Amount: 10,
            SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 10 },
          },
        ],
      },
      q,
    );
  return { company, invoice };
}

function expect6140(r: ApiResult, docNumber: string, heldBy: string): void {
  expect(r.status).toBe(400);
  expect(r.json.Fault.type).toBe('ValidationFault');
  expect(r.json.Fault.Error[0]).toMatchObject({
    code: '6140',
    Message: 'Duplicate Document Number Error',
    element: 'DocNumber',
  });
  expect(r.json.Fault.Error[0].Detail).toContain(
    `DocNumber=${docNumber} is assigned to TxnType=Invoice with TxnId=${heldBy}`,
  );
}

describe("duplicateDocNumbers: 'warn' (the default)", () => {
  it('refuses a second invoice with the number, on create and on update, unless the request allows it', async () => {
    const b = await books();
    const first = await b.invoice('INV-7');
    expect(first.status).toBe(200);
    expect6140(await b.invoice('INV-7'), 'INV-7', first.json.Invoice.Id);
    const other = (await b.invoice('INV-8')).json.Invoice;
    const renumber = await api(sb.base, b.company, 'POST', '/invoice', {
      Id: other.Id,
      SyncToken: other.SyncToken,
      sparse: true,
      DocNumber: 'INV-7',
    });
    expect6140(renumber, 'INV-7', first.json.Invoice.Id);
    expect((await b.invoice('INV-7', { include: 'allowduplicatedocnum' })).status).toBe(200);
  });

  it('in a batch, optionsData allowduplicatedocnum lets one item through and not the other', async () => {
    const b = await books();
    const first = (await b.invoice('B-1')).json.Invoice;
    const body = {
      CustomerRef: first.CustomerRef,
      DocNumber: 'B-1',
      Line: first.Line.filter((l: any) => l.DetailType === 'SalesItemLineDetail'),
    };
    const r = await api(sb.base, b.company, 'POST', '/batch', {
      BatchItemRequest: [
        { bId: 'plain', operation: 'create', Invoice: body },
        { bId: 'allowed', operation: 'create', optionsData: 'allowduplicatedocnum', Invoice: body },
      ],
    });
    expect(r.status).toBe(200);
    const [plain, allowed] = r.json.BatchItemResponse;
    expect(plain.Fault.Error[0].code).toBe('6140');
    expect(allowed.Invoice.DocNumber).toBe('B-1');
  });
});

describe("duplicateDocNumbers: 'allow'", () => {
  it('accepts the same number again without a word, as a company with the warning off', async () => {
    const b = await books({ duplicateDocNumbers: 'allow' });
    const first = await b.invoice('INV-7');
    const second = await b.invoice('INV-7');
    expect(second.status).toBe(200);
    expect(second.json.Invoice.DocNumber).toBe('INV-7');
    expect(second.json.Invoice.Id).not.toBe(first.json.Invoice.Id);
    const found = await api(sb.base, b.company, 'GET', '/query', undefined, {
      query: "SELECT * FROM Invoice WHERE DocNumber = 'INV-7'",
    });
    expect(found.json.QueryResponse.Invoice).toHaveLength(2);
  });

  it('follows the preference as it changes, for the requests after the change', async () => {
    const b = await books();
    expect((await b.invoice('SW-1')).status).toBe(200);
    expect(faultCode(await b.invoice('SW-1'))).toBe('6140');
    await control(sb.base, 'PUT', `/realms/${b.company.realmId}/preferences`, { duplicateDocNumbers: 'allow' });
    expect((await b.invoice('SW-1')).status).toBe(200);
    await control(sb.base, 'PUT', `/realms/${b.company.realmId}/preferences`, { duplicateDocNumbers: 'warn' });
    expect(faultCode(await b.invoice('SW-1'))).toBe('6140');
  });

  it('is per company: another realm still warns', async () => {
    const loose = await books({ duplicateDocNumbers: 'allow' });
    const strict = await books();
    expect((await loose.invoice('X-1')).status).toBe(200);
    expect((await loose.invoice('X-1')).status).toBe(200);
    expect((await strict.invoice('X-1')).status).toBe(200);
    expect(faultCode(await strict.invoice('X-1'))).toBe('6140');
  });
});
