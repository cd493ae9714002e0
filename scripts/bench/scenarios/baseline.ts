import { randomBytes } from 'node:crypto';
import { MINOR_VERSION } from '../../../quickbooks/client.js';
import { consent, createSandboxCompany } from '../../seed/connect-to-sandbox.js';
import { okJson } from '../http.js';
import type { Stack } from '../../stack.js';

export interface BaselineResult {
  invoicesPerSecond: number;
}

/** An access token for a new sandbox company, through the same OAuth consent and code exchange as any app. */
async function accessToken(stack: Stack, realmId: string): Promise<string> {
  const { settings } = stack;
  const authorize = new URL(settings.authorizeUrl);
  authorize.search = new URLSearchParams({
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    state: randomBytes(8).toString('hex'),
  }).toString();
  const { callbackUrl } = await consent(authorize.toString(), realmId);
  const response = await fetch(settings.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: new URL(callbackUrl).searchParams.get('code') ?? '',
      redirect_uri: settings.redirectUri,
    }),
  });
  if (!response.ok)
    throw new Error(`the sandbox's token endpoint answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The customer and item a simple integration would have looked up once, made as a bookkeeper would. */
async function knownCustomerAndItem(
  stack: Stack,
  realmId: string,
): Promise<{ customerId: string; itemIds: [string, string] }> {
  const control = `${stack.sandboxUrl}/__sandbox/realms/${realmId}`;
  const accounts = await okJson<Array<{ Id: string; AccountType: string }>>('GET', `${control}/Account`);
  const income = accounts.find((a) => a.AccountType === 'Income');
  if (!income) throw new Error('the sandbox company has no income account');
  const customer = await okJson('POST', `${control}/Customer`, {
    body: { DisplayName: 'Bench Payer', PrimaryEmailAddr: { Address: 'payer@bench.example' } },
  });
  const item = (Name: string) =>
    okJson('POST', `${control}/Item`, { body: { Name, Type: 'Service', IncomeAccountRef: { value: income.Id } } });
  const [filing, hours] = [await item('Filing fee'), await item('Attorney hours')];
  return { customerId: customer.Id, itemIds: [filing.Id, hours.Id] };
}

/**
 * C. What firms run instead: a plain loop that posts one invoice per round trip with fetch, straight to
 * QBO (the sandbox, unthrottled as in B), the same two-line invoices the product posts.
 */
export async function runBaseline(stack: Stack, invoices: number): Promise<BaselineResult> {
  const realmId = await createSandboxCompany(stack.sandboxUrl, 'Bench Baseline (QuickBooks)');
  const token = await accessToken(stack, realmId);
  const { customerId, itemIds } = await knownCustomerAndItem(stack, realmId);
  const url = `${stack.settings.apiBaseUrl}/v3/company/${realmId}/invoice?minorversion=${MINOR_VERSION}`;
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' };

  const started = performance.now();
  for (let i = 0; i < invoices; i++) {
    const hours = 1 + (i % 7);
    const rate = 300 + (i % 13) + 0.5;
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        CustomerRef: { value: customerId },
        DocNumber: `BASE-${i + 1}`,
        TxnDate: '2026-11-25',
        DueDate: '2026-12-25',
        BillEmail: { Address: 'payer@bench.example' },
        Line: [
          {
            DetailType: 'SalesItemLineDetail',
            Description: 'USCIS filing fee',
            Amount: 675,
            SalesItemLineDetail: { ItemRef: { value: itemIds[0] }, Qty: 1, UnitPrice: 675 },
          },
          {
            DetailType: 'SalesItemLineDetail',
            Description: 'Attorney time (hourly)',
            Amount: hours * rate,
            SalesItemLineDetail: { ItemRef: { value: itemIds[1] }, Qty: hours, UnitPrice: rate },
          },
        ],
      }),
    });
    if (!response.ok)
      throw new Error(`the baseline's invoice ${i + 1} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  }
  return { invoicesPerSecond: invoices / ((performance.now() - started) / 1000) };
}
