import { okJson } from '../http-json.js';

// A firm's super user's setup, through the API, as the billing UI drives it: subscribe, choose the sync
// model, connect QuickBooks (the local sandbox's consent screen approves by itself, for a company created
// for this firm), and activate. Used by the demo and the tests.

const call = (apiUrl: string, key: string, method: string, path: string, body?: unknown): Promise<any> =>
  okJson(method, `${apiUrl}${path}`, { bearer: key, body });

export interface ConsentResult {
  realmId: string;
  /** Where the sandbox sent the browser back: the API's callback with code, state and realmId. */
  callbackUrl: string;
}

/** Follows the consent URL the API gave out; the sandbox consents for `realmId` (a new company if absent). */
export async function consent(authorizeUrl: string, realmId?: string): Promise<ConsentResult> {
  const url = new URL(authorizeUrl);
  if (realmId) url.searchParams.set('realmId', realmId);
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location)
    throw new Error(`the QuickBooks consent page answered ${response.status}: ${await response.text()}`);
  const callbackUrl = new URL(location, url).toString();
  const granted = new URL(callbackUrl).searchParams.get('realmId');
  if (!granted)
    throw new Error(
      `the consent redirect carried no realmId: ${new URL(callbackUrl).searchParams.get('error') ?? 'no error given'}`,
    );
  return { realmId: granted, callbackUrl };
}

export async function createSandboxCompany(sandboxOrigin: string, companyName: string): Promise<string> {
  return (await okJson<{ realmId: string }>('POST', `${sandboxOrigin}/__sandbox/realms`, { body: { companyName } }))
    .realmId;
}

export async function setUpQuickBooks(
  apiUrl: string,
  adminKey: string,
  options: { companyName: string; syncModel?: 1 | 2 },
): Promise<{ realmId: string }> {
  await call(apiUrl, adminKey, 'POST', '/v1/quickbooks/subscription');
  await call(apiUrl, adminKey, 'PUT', '/v1/quickbooks/settings', { syncModel: options.syncModel ?? 1 });
  const { authorizeUrl } = await call(apiUrl, adminKey, 'POST', '/v1/quickbooks/connect');
  const realmId = await createSandboxCompany(new URL(authorizeUrl).origin, options.companyName);
  const { callbackUrl } = await consent(authorizeUrl, realmId);
  const callback = await fetch(callbackUrl, { redirect: 'manual' });
  if (callback.status !== 302)
    throw new Error(`the API's OAuth callback answered ${callback.status}: ${await callback.text()}`);
  await call(apiUrl, adminKey, 'POST', '/v1/quickbooks/activate');
  return { realmId };
}
