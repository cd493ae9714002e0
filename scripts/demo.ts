import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDb } from '../db/database.js';
import { ensureDatabase } from '../db/ensure-database.js';
import { migrateToLatest } from '../db/migrator.js';
import { hashApiKey, issueApiKey } from '../db/queries/firms.js';
import { releaseEmail } from '../db/queries/users.js';
import { buildConsole } from '../console/build.js';
import { TokenCipher } from '../qbo-connection/token-cipher.js';
import { startService, type Service } from './child-process.js';
import { databaseServer } from './database-server.js';
import { okJson } from './http-json.js';
import { seedBillingData } from './seed/billing-data.js';
import { setUpQuickBooks } from './seed/connect-to-sandbox.js';
import { startTemporalDevServer } from './temporal-dev-server.js';

// `npm run demo`: every part on embedded defaults, the billing console, a demo firm connected to a sandbox
// company with billing data and people to sign in as, a second firm that has not set anything up yet, and
// the commands to try the API. Ctrl-C stops everything this started.

const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const say = (line = '') => console.log(line);

const settingsEnv: NodeJS.ProcessEnv = {
  PORT: env.PORT ?? '3000',
  HOST: env.HOST ?? '127.0.0.1',
  QBO_ENVIRONMENT: env.QBO_ENVIRONMENT ?? 'local',
  QBO_SANDBOX_PORT: env.QBO_SANDBOX_PORT ?? '4010',
  TOKEN_ENCRYPTION_KEY: env.TOKEN_ENCRYPTION_KEY ?? TokenCipher.generateKey(),
  ADMIN_TOKEN: env.ADMIN_TOKEN ?? randomBytes(18).toString('base64url'),
  SESSION_SECRET: env.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
  QBO_WEBHOOK_VERIFIER_TOKEN: env.QBO_WEBHOOK_VERIFIER_TOKEN ?? 'quickbooks-sync-demo-verifier',
  QBO_WEBHOOK_URL:
    env.QBO_WEBHOOK_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '3000'}/v1/webhooks/quickbooks`,
  TEMPORAL_TASK_QUEUE: env.TEMPORAL_TASK_QUEUE ?? 'quickbooks-sync',
  LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
};

/** What the demo started, in order: stopped in reverse. */
const running: Array<{ stop(): Promise<void> }> = [];
let stopping: Promise<never> | undefined;

/**
 * Stops the parts, last started first, then exits. A signal that comes while it does joins it: a Ctrl-C
 * reaches the demo once from the terminal and again through npm and tsx, which pass it on.
 */
function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    say('\nstopping everything the demo started...');
    for (const part of running.reverse()) await part.stop().catch(() => undefined);
    process.exit(code);
  })();
  return stopping;
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// A closed terminal: the parts out of its reach (the embedded PostgreSQL) are stopped too.
process.on('SIGHUP', () => void stopAll(0));

/** Parts whose output is shown: start-up chatter (e.g. the worker's bundler) is held back until a part is ready. */
const live = new Set<string>();

async function startPart(name: string, entry: string, extra: NodeJS.ProcessEnv, ready: RegExp): Promise<Service> {
  const service = await startService({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', entry],
    cwd: root,
    env: { ...env, ...settingsEnv, ...extra },
    ready,
    readyTimeoutMs: 120_000,
    onOutput: (line) => live.has(name) && console.log(`[${name}] ${line}`),
  });
  live.add(name);
  return service;
}

async function main(): Promise<void> {
  // First, so that a DATABASE_URL that does not answer stops the demo before anything else starts.
  const database = await databaseServer({ purpose: 'demo', say });
  running.push(database);
  settingsEnv['DATABASE_URL'] = database.url;

  let temporalAddress = env.TEMPORAL_ADDRESS;
  let temporalUiUrl = env.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    mkdirSync(`${root}.tools`, { recursive: true });
    say('starting the Temporal dev server (with its Web UI)...');
    const server = await startTemporalDevServer({
      port: Number(env.TEMPORAL_DEV_PORT ?? 7233),
      uiPort: Number(env.TEMPORAL_UI_PORT ?? 8233),
      dbFile: `${root}.tools/temporal-demo.sqlite`,
    });
    running.push(server);
    temporalAddress = server.address;
    temporalUiUrl ??= server.uiUrl ?? undefined;
  }
  const shared = { TEMPORAL_ADDRESS: temporalAddress, ...(temporalUiUrl && { TEMPORAL_UI_URL: temporalUiUrl }) };

  say('starting the QBO sandbox...');
  running.push(await startPart('sandbox', 'sandbox/main.ts', {}, /QBO sandbox listening on/));

  say('building the billing console...');
  await buildConsole();

  const databaseUrl = database.url;
  if (await ensureDatabase(databaseUrl)) say(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  const db = createDb(databaseUrl, 2);
  await migrateToLatest(db);

  say('starting the worker and the API...');
  running.push(await startPart('worker', 'worker/main.ts', shared, /worker polling task queue/));
  running.push(await startPart('api', 'api/main.ts', shared, /API listening on/));
  const apiUrl = `http://${settingsEnv.HOST}:${settingsEnv.PORT}`;
  await waitForReady(apiUrl);

  const firm = await createDemoFirm(apiUrl, 'Demo Immigration Law Group');
  const apiKey = env.DEMO_API_KEY ? await takeOverKey(db, firm.id, env.DEMO_API_KEY) : firm.apiKey;
  const { realmId } = await setUpQuickBooks(apiUrl, apiKey, {
    companyName: 'Demo Immigration Law Group (QuickBooks sandbox)',
    syncModel: 1,
  });
  const seeded = await seedBillingData(apiUrl, apiKey);
  const superUser = await addUser(db, apiUrl, apiKey, {
    email: env.DEMO_ADMIN_EMAIL ?? 'admin@demo-law.example',
    name: 'Dana Reyes',
    role: 'admin',
    password: env.DEMO_ADMIN_PASSWORD,
  });
  const billing = await addUser(db, apiUrl, apiKey, {
    email: 'billing@demo-law.example',
    name: 'Sam Okafor',
    role: 'billing',
  });
  // A firm whose super user has not subscribed yet, to walk the setup from the start.
  const newcomer = await createDemoFirm(apiUrl, 'Harbor Immigration Partners');
  const newcomerAdmin = await addUser(db, apiUrl, newcomer.apiKey, {
    email: 'owner@harbor-immigration.example',
    name: 'Lee Harbor',
    role: 'admin',
  });
  await db.destroy();

  const first = seeded.invoices[0]!;
  const sandboxUrl = `http://127.0.0.1:${settingsEnv.QBO_SANDBOX_PORT}`;
  const signIn = (who: { email: string; password: string }, what: string) =>
    say(`    ${who.email.padEnd(34)} ${who.password.padEnd(20)} ${what}`);
  say();
  say('quickbooks-sync demo is running. Ctrl-C stops everything it started.');
  say();
  say(`  Billing console   ${apiUrl}/   sign in as:`);
  signIn(superUser, `${firm.name}: super user (admin)`);
  signIn(billing, `${firm.name}: billing staff`);
  signIn(newcomerAdmin, `${newcomer.name}: super user, nothing set up yet`);
  say();
  say(`  API               ${apiUrl}/v1   (OpenAPI UI: ${apiUrl}/docs)`);
  if (temporalUiUrl) say(`  Temporal Web UI   ${temporalUiUrl}`);
  say(`  Temporal server   ${temporalAddress}`);
  say(`  QBO sandbox       ${sandboxUrl}   (company ${realmId})`);
  say(`  demo firm         ${firm.name} (${firm.id})`);
  say(`  demo API key      ${apiKey}`);
  say(`  ADMIN_TOKEN       ${settingsEnv.ADMIN_TOKEN}`);
  say();
  say(
    `Seeded ${seeded.payers} payers, ${seeded.feeItems} fee items and ${seeded.invoices.length} invoices. From a shell:`,
  );
  say();
  say(`  curl -s -H 'Authorization: Bearer ${apiKey}' ${apiUrl}/v1/invoices`);
  say(
    `  curl -s -X POST -H 'Authorization: Bearer ${apiKey}' ${apiUrl}/v1/invoices/${first.id}/sync      # Sync Now: ${first.number}`,
  );
  say(`  curl -s -H 'Authorization: Bearer ${apiKey}' '${apiUrl}/v1/sync-log?invoiceId=${first.id}'`);
  say(
    `  curl -s ${sandboxUrl}/__sandbox/realms/${realmId}/Invoice                                   # what QuickBooks now holds`,
  );
  if (temporalUiUrl) {
    say();
    say(
      `  then open ${temporalUiUrl}/namespaces/default/workflows/${encodeURIComponent(`invoice/${firm.id}/${first.id}`)}`,
    );
    say(`  or filter the workflow list with: FirmId = '${firm.id}' AND SyncStatus = 'synced'`);
  }
  say();
}

/** A person to sign in as; the email is taken over from an earlier demo run's firm, the password generated unless given. */
async function addUser(
  db: ReturnType<typeof createDb>,
  apiUrl: string,
  key: string,
  user: { email: string; name: string; role: 'admin' | 'billing' | 'viewer'; password?: string },
): Promise<{ email: string; password: string }> {
  const password = user.password ?? randomBytes(9).toString('base64url');
  await releaseEmail(db, user.email);
  await okJson('POST', `${apiUrl}/v1/users`, { bearer: key, body: { ...user, password } });
  return { email: user.email, password };
}

async function createDemoFirm(apiUrl: string, name: string): Promise<{ id: string; name: string; apiKey: string }> {
  const { firm, apiKey } = await okJson<{ firm: { id: string; name: string }; apiKey: string }>(
    'POST',
    `${apiUrl}/v1/firms`,
    { bearer: settingsEnv.ADMIN_TOKEN, body: { name } },
  );
  return { ...firm, apiKey };
}

/** DEMO_API_KEY becomes the demo firm's admin key, taken over from an earlier demo run's firm if need be. */
async function takeOverKey(db: ReturnType<typeof createDb>, firmId: string, key: string): Promise<string> {
  await db.deleteFrom('api_keys').where('key_hash', '=', hashApiKey(key)).execute();
  return issueApiKey(db, firmId, 'admin', key);
}

async function waitForReady(apiUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const ready = await fetch(`${apiUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the API at ${apiUrl} did not become ready`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void stopAll(1);
});
