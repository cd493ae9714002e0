import type { Db } from '../../db/database.js';
import { saveConnection } from '../../db/queries/connections.js';
import { setFirmSyncSettings } from '../../db/queries/firms.js';
import { authorizeUrl, exchangeCode } from '../../quickbooks/oauth.js';
import type { QboSettings } from '../../quickbooks/settings.js';
import type { TokenStore } from '../../quickbooks/token-store.js';

/**
 * Connects a firm to a company in the local QBO sandbox the way Intuit's consent screen would (the sandbox
 * consents by itself), stores the tokens encrypted and turns sync on. For the demo and the tests only,
 * until the firm setup flow does this through the API.
 */
export async function connectFirmToSandbox(
  deps: { db: Db; tokens: TokenStore; settings: QboSettings },
  firmId: string,
  companyName: string,
  syncModel: 1 | 2 = 1,
): Promise<{ realmId: string }> {
  const sandboxOrigin = new URL(deps.settings.authorizeUrl).origin;
  const created = await fetch(`${sandboxOrigin}/__sandbox/realms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ companyName }),
  });
  if (!created.ok) throw new Error(`the sandbox refused to create a company: ${created.status} ${await created.text()}`);
  const { realmId } = (await created.json()) as { realmId: string };

  const consent = new URL(authorizeUrl(deps.settings, `seed-${firmId}`));
  consent.searchParams.set('realmId', realmId);
  const redirect = await fetch(consent, { redirect: 'manual' });
  const location = redirect.headers.get('location');
  if (redirect.status !== 302 || !location) throw new Error(`the sandbox did not consent: ${redirect.status} ${await redirect.text()}`);

  const issued = await exchangeCode(deps.settings, location);
  await saveConnection(deps.db, firmId, realmId, companyName, deps.tokens.seal(issued));
  // Activated a moment in the past, so invoices created from now on are eligible.
  await setFirmSyncSettings(deps.db, firmId, { subscribed: true, syncModel, active: true, activatedAt: new Date(Date.now() - 1000) });
  return { realmId };
}
