import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, query, serviceItemId, startSandbox, type Company, type Sandbox } from './helpers.js';

// QBO filters only on the properties its API reference marks filterable; a WHERE on any other is 400
// QueryValidationError 4001 "property 'X' is not queryable" (ruckus/quickbooks-ruby#403), not an empty list.

let sb: Sandbox;
let c: Company;
let customerId: string;

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  customerId = (
    await api(sb.base, c, 'POST', '/customer', {
      DisplayName: "O'Neil Partners",
      PrimaryEmailAddr: { Address: 'billing@oneil.example' },
    })
  ).json.Customer.Id;
  const itemId = await serviceItemId(sb.base, c, 'Consultation');
  await api(sb.base, c, 'POST', '/invoice', {
    CustomerRef: { value: customerId },
    DocNumber: 'F-1001',
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 40,
        SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 40 },
      },
    ],
  });
});
afterAll(async () => {
  await sb.close();
});

describe('4001 for a property QBO does not filter on', () => {
  it.each([
    ['Customer', 'Notes', "SELECT * FROM Customer WHERE Notes = 'x'"],
    ['Customer', 'PrimaryPhone', "SELECT * FROM Customer WHERE PrimaryPhone = '555'"],
    ['Customer', 'AcctNum', "SELECT * FROM Customer WHERE AcctNum = '7'"],
    ['Item', 'UnitPrice', 'SELECT * FROM Item WHERE UnitPrice > 10'],
    ['Item', 'IncomeAccountRef', "SELECT * FROM Item WHERE IncomeAccountRef = '1'"],
    ['Account', 'AcctNum', "SELECT * FROM Account WHERE AcctNum = '4000'"],
    ['Account', 'AccountSubType', "SELECT * FROM Account WHERE AccountSubType = 'Checking'"],
    ['Invoice', 'PrivateNote', "SELECT * FROM Invoice WHERE PrivateNote = 'matter 17'"],
    ['Invoice', 'EmailStatus', "SELECT * FROM Invoice WHERE EmailStatus = 'NotSet'"],
    ['Invoice', 'Active', 'SELECT * FROM Invoice WHERE Active = true'],
    ['Payment', 'DepositToAccountRef', "SELECT * FROM Payment WHERE DepositToAccountRef = '4'"],
    ['Payment', 'PrivateNote', "SELECT * FROM Payment WHERE PrivateNote LIKE 'Voided%'"],
  ])('%s.%s', async (_entity, property, statement) => {
    const r = await query(sb.base, c, statement);
    expect(r.status).toBe(400);
    // QBO's shape: no `element` on query errors.
    expect(r.json.Fault).toEqual({
      type: 'ValidationFault',
      Error: [
        {
          Message: 'Invalid query',
          Detail: `QueryValidationError: property '${property}' is not queryable`,
          code: '4001',
        },
      ],
    });
  });

  it('names the property as the statement spelt it, and is refused in COUNT, after a filterable one, and in a batch', async () => {
    const lower = await query(sb.base, c, "select * from invoice where privatenote = 'x'");
    expect(lower.json.Fault.Error[0].Detail).toBe("QueryValidationError: property 'privatenote' is not queryable");
    const count = await query(
      sb.base,
      c,
      "SELECT COUNT(*) FROM Invoice WHERE DocNumber = 'F-1001' AND PrivateNote = 'x'",
    );
    expect(count.json.Fault.Error[0].code).toBe('4001');
    const batch = await api(sb.base, c, 'POST', '/batch', {
      BatchItemRequest: [{ bId: 'q1', Query: "SELECT * FROM Customer WHERE Notes = 'x'" }],
    });
    expect(batch.status).toBe(200);
    expect(batch.json.BatchItemResponse[0].Fault.Error[0]).toMatchObject({
      code: '4001',
      Detail: "QueryValidationError: property 'Notes' is not queryable",
    });
  });
});

describe('filterable properties keep working', () => {
  it.each([
    ['Customer', "SELECT * FROM Customer WHERE PrimaryEmailAddr = 'billing@oneil.example'", 1],
    ['Customer', "SELECT * FROM Customer WHERE CompanyName = 'nobody' AND Balance > 0", 0],
    ['Item', "SELECT * FROM Item WHERE Type = 'Service' AND Sku = 'none'", 0],
    ['Account', "SELECT * FROM Account WHERE Classification = 'Revenue' AND CurrentBalance >= 0", 2],
    [
      'Invoice',
      "SELECT * FROM Invoice WHERE TotalAmt = 40 AND Balance > 0 AND TxnDate > '2000-01-01' AND DueDate > '2000-01-01'",
      1,
    ],
    ['Payment', "SELECT * FROM Payment WHERE TotalAmt > 0 AND PaymentRefNum = 'none'", 0],
  ])('%s: %s', async (_entity, statement, rows) => {
    const r = await query(sb.base, c, statement);
    expect(r.status).toBe(200);
    const [list] = Object.values(r.json.QueryResponse).filter(Array.isArray) as unknown[][];
    expect(list?.length ?? 0).toBe(rows);
  });

  it('ORDERBY on a property that is not filterable is not refused (no source shows QBO refusing it)', async () => {
    const r = await query(sb.base, c, 'SELECT * FROM Item ORDERBY UnitPrice DESC');
    expect(r.status).toBe(200);
  });

  // Every statement the product sends (activities/post-invoice.ts, activities/resolve-item.ts,
  // quickbooks/query.ts, quickbooks/listing.ts, api/routes/quickbooks-browse.ts) and the one these tests' helpers send.
  it.each([
    ["SELECT * FROM Invoice WHERE DocNumber = 'F-1001'"],
    ["SELECT * FROM Account WHERE AccountType = 'Income' AND Active = true ORDERBY Id"],
    ["SELECT * FROM Customer WHERE DisplayName = 'O\\'Neil Partners' AND Active IN (true, false)"],
    ["SELECT * FROM Item WHERE Name = 'Consultation' AND Active IN (true, false)"],
    ['SELECT * FROM Customer WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000'],
    ['SELECT * FROM Item WHERE Active IN (true, false) ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000'],
    [
      "SELECT * FROM Customer WHERE DisplayName LIKE '%neil%' AND Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 26",
    ],
    [
      "SELECT * FROM Item WHERE Name LIKE '%consult%' AND Active IN (true, false) ORDERBY Id STARTPOSITION 1 MAXRESULTS 26",
    ],
    ["SELECT * FROM Account WHERE Name = 'Services'"],
  ])("the product's %s", async (statement) => {
    const r = await api(sb.base, c, 'POST', '/query', statement);
    expect(r.status).toBe(200);
    expect(r.json.Fault).toBeUndefined();
  });
});
