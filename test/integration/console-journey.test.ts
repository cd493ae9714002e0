import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { addPerson, signedIn, type Person } from '../browser/console-people.js';
import { screenshot, seriousViolations } from '../browser/page-checks.js';
import { startHarness, type Harness } from './harness.js';

// The seed's journey in a real browser, against the real stack: a super user sets QuickBooks up in the
// seed's order, billing staff create, sync, revise and bulk-sync invoices and read the Sync Log Report.
// Controls are found by role and visible name, as people and screen readers find them.

let h: Harness;
let browser: Browser;
let firm: { firmId: string; key: string };
let admin: Person;
let billing: Person;

beforeAll(async () => {
  h = await startHarness({ temporalUiUrl: 'http://temporal-ui.example:8233' });
  browser = await launchChromium();
  firm = await h.newFirm('Journey Immigration LLP');
  admin = await addPerson(h, firm.key, 'admin', 'super@journey.example');
  billing = await addPerson(h, firm.key, 'billing', 'billing@journey.example');
  // Billing data from before QuickBooks: a payer whose QuickBooks customer already exists, and a fee item.
  for (const [firstName, lastName, email] of [
    ['Amara', 'Okafor', 'amara@okafor.example'],
    ['Bashir', 'Rahimi', 'bashir@rahimi.example'],
    ['Wei', 'Chen', 'wei@chen.example'],
  ]) {
    await h.call('POST', '/v1/payers', { key: firm.key, body: { type: 'individual', firstName, lastName, email } });
  }
  await h.call('POST', '/v1/fee-items', {
    key: firm.key,
    body: { name: 'Green Card Petition', description: 'I-485 adjustment of status', unitPrice: '1500.00' },
  });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const status = () => h.call('GET', '/v1/quickbooks/status', { key: firm.key }).then((r) => r.body);
const row = (page: Page, number: string) =>
  page.getByRole('row').filter({ has: page.getByRole('cell', { name: number, exact: true }) });

async function expectNoSeriousViolations(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

describe('the super user sets QuickBooks up', () => {
  it('subscribes, chooses Model 1, connects through the consent screen, maps with auto-match and activates', async () => {
    const page = await signedIn(browser, h.url, admin);
    await page.getByRole('link', { name: 'QuickBooks Sync' }).click();
    await screenshot(page, '01-setup-start');
    await expectNoSeriousViolations(page);

    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(async () => (await status()).subscribed).toBe(true);

    // Model 2 says what it turns off before anyone chooses it.
    await page
      .getByText(/payment plans/i)
      .first()
      .waitFor();
    await page.getByRole('radio', { name: /^Model 1/ }).check();
    await page
      .getByRole('group', { name: /sync model/i })
      .getByRole('button', { name: 'Save' })
      .click();
    await expect.poll(async () => (await status()).syncModel).toBe(1);

    // Intuit's consent redirect: here the sandbox's consent screen, which approves and sends the browser back.
    await page.getByRole('button', { name: 'Connect to QuickBooks' }).click();
    await page.waitForURL(/\/quickbooks\?connected=1/);
    const connected = await status();
    expect(connected.connection).toMatchObject({ status: 'connected' });
    await page.getByText(`Connected to ${connected.connection.companyName}`).first().waitFor();

    // The bookkeeper already keeps some of these payers as customers, one of them under another name.
    const realm = connected.connection.realmId;
    const customer = (name: string, email: string) =>
      h.sandbox<any>('POST', `/__sandbox/realms/${realm}/Customer`, {
        DisplayName: name,
        PrimaryEmailAddr: { Address: email },
      });
    const amara = await customer('Amara Okafor', 'amara@okafor.example');
    const bashir = await customer('Bashir Rahimi', 'bashir@rahimi.example');
    const chen = await customer('Chen Family Trust', 'trust@chen.example');
    const mappedTo = async (payerName: string) =>
      (await h.call('GET', '/v1/mappings/payers', { key: firm.key })).body.mappings.find(
        (m: any) => m.payerName === payerName,
      );

    await page.getByRole('link', { name: 'Mapping' }).first().click();
    await page
      .getByRole('row', { name: /Bashir Rahimi/ })
      .getByRole('button', { name: 'Accept' })
      .click();
    await expect.poll(async () => (await mappedTo('Bashir Rahimi')).qboCustomerId).toBe(bashir.Id);

    const weiRow = page.getByRole('row', { name: /Wei Chen/ });
    await weiRow.getByRole('button', { name: /^Choose/ }).click();
    await weiRow.getByLabel('Search QuickBooks customers').fill('Chen');
    await weiRow.getByRole('button', { name: 'Map to Chen Family Trust' }).click();
    await expect.poll(async () => (await mappedTo('Wei Chen')).qboCustomerId).toBe(chen.Id);

    await page
      .getByRole('row', { name: /Green Card Petition/ })
      .getByRole('button', { name: 'Create new in QuickBooks' })
      .click();
    await expect
      .poll(async () => (await h.call('GET', '/v1/mappings/fee-items', { key: firm.key })).body.mappings[0].createNew)
      .toBe(true);

    // Auto-match takes the rest: Amara's customer, found by her email.
    await page.getByRole('button', { name: 'Auto-match' }).click();
    await expect.poll(async () => (await mappedTo('Amara Okafor')).qboCustomerId).toBe(amara.Id);
    await screenshot(page, '02-mapping');
    await expectNoSeriousViolations(page);

    await page.getByRole('link', { name: 'QuickBooks Sync' }).click();
    await page.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(async () => (await status()).active).toBe(true);
    await page.getByRole('button', { name: 'Disconnect' }).waitFor();
    await screenshot(page, '03-setup-done');
  });
});

describe('the super user manages people', () => {
  it('adds a billing person through Users, who can then sign in', async () => {
    const signInPage = await (await browser.newContext()).newPage();
    await signInPage.goto(h.url);
    await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(signInPage, '00-sign-in');
    await expectNoSeriousViolations(signInPage);

    const page = await signedIn(browser, h.url, admin);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    const form = page.getByRole('form', { name: 'Add user' });
    await form.getByLabel('Name').fill('Nadia Haddad');
    await form.getByLabel('Email').fill('nadia@journey.example');
    await form.getByLabel('Role').selectOption('billing');
    await form.getByLabel('Password (optional)').fill('nadia-first-password');
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'nadia@journey.example' }).waitFor();
    await screenshot(page, '08-users');
    await expectNoSeriousViolations(page);

    const nadia = await signedIn(browser, h.url, { email: 'nadia@journey.example', password: 'nadia-first-password' });
    await nadia.getByRole('link', { name: 'Invoices' }).waitFor();
    expect(await nadia.getByRole('link', { name: 'Users' }).count()).toBe(0);

    // She forgot it: the super user hands her a one-time link, and only the new password works after it.
    await page.getByRole('button', { name: 'Reset password of Nadia Haddad' }).click();
    const link = await page.getByLabel('Set-password link for Nadia Haddad').inputValue();
    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(link);
    await fresh.getByLabel('New password').fill('nadia-second-password');
    await fresh.getByLabel('Retype to confirm').fill('nadia-second-password');
    await fresh.getByRole('button', { name: 'Set password' }).click();
    await fresh.getByRole('button', { name: 'Go to sign in' }).waitFor();
    expect((await h.signIn('nadia@journey.example', 'nadia-second-password')).cookie).toMatch(/^qbs_session=/);
    await expect(h.signIn('nadia@journey.example', 'nadia-first-password')).rejects.toThrow(/401/);
  });
});

describe('billing staff', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn(browser, h.url, billing);
  });

  it('enter a corporation with its billing person, and a fee item', async () => {
    await page.getByRole('link', { name: 'Payers' }).click();
    await page.getByRole('button', { name: 'New payer' }).click();
    const payer = page.getByRole('form', { name: 'New payer' });
    await payer.getByRole('radio', { name: 'Corporation' }).check();
    await payer.getByLabel('Company name').fill('Northwind Traders, Inc.');
    await payer.getByLabel("Billing person's first name").fill('Grace');
    await payer.getByLabel("Billing person's last name").fill('Liu');
    await payer.getByLabel("Billing person's email").fill('grace.liu@northwind.example');
    await payer.getByRole('button', { name: 'Add payer' }).click();
    await page.getByRole('cell', { name: 'Northwind Traders, Inc.' }).waitFor();
    await screenshot(page, '09-payers');
    await expectNoSeriousViolations(page);

    await page.getByRole('link', { name: 'Fee items' }).click();
    await page.getByRole('button', { name: 'New fee item' }).click();
    const feeItem = page.getByRole('form', { name: 'New fee item' });
    await feeItem.getByLabel('Name').fill('RFE Response');
    await feeItem.getByLabel('Unit price').fill('950.00');
    await feeItem.getByRole('button', { name: 'Add fee item' }).click();
    await page.getByRole('cell', { name: 'RFE Response' }).waitFor();
    await screenshot(page, '10-fee-items');

    const saved = (await h.call('GET', '/v1/payers', { key: firm.key })).body.payers.find(
      (p: any) => p.companyName === 'Northwind Traders, Inc.',
    );
    expect(saved).toMatchObject({
      type: 'corporation',
      billingPerson: { firstName: 'Grace', lastName: 'Liu', email: 'grace.liu@northwind.example' },
    });
    const fees = (await h.call('GET', '/v1/fee-items', { key: firm.key })).body.feeItems;
    expect(fees.find((f: any) => f.name === 'RFE Response')).toMatchObject({ unitPrice: '950.00' });
  });

  it('create an invoice, Sync Now, revise it and Sync Again', async () => {
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('button', { name: 'New invoice' }).click();
    await page.getByLabel('Payer').selectOption({ label: 'Amara Okafor' });
    await page.getByLabel('Invoice number').fill('JRN-1');
    await page.getByLabel('Invoice date').fill('2026-11-30');
    await page.getByLabel('Due date').fill('2026-12-30');
    await page.getByLabel('Fee item').first().selectOption({ label: 'Green Card Petition' });
    await page.getByLabel('Quantity').first().fill('1');
    await page.getByRole('button', { name: 'Create invoice' }).click();
    // Leaving before the create answers would race the console's own move to the new invoice.
    await page.getByRole('heading', { name: 'Invoice JRN-1' }).waitFor();

    await page.getByRole('link', { name: 'Invoices' }).click();
    const invoiceRow = row(page, 'JRN-1');
    await invoiceRow.getByText('Not synced').waitFor();
    await invoiceRow.getByRole('button', { name: 'Sync Now' }).click();
    await invoiceRow.getByText('Synced', { exact: true }).waitFor();
    const realmId = (await status()).connection.realmId;
    const inQuickBooks = async () =>
      (await h.sandbox<any[]>('GET', `/__sandbox/realms/${realmId}/Invoice`)).filter((i) => i.DocNumber === 'JRN-1');
    expect((await inQuickBooks()).map((i) => i.TotalAmt)).toEqual([1500]);

    await invoiceRow.getByRole('link', { name: 'JRN-1' }).click();
    await page.getByRole('button', { name: 'Revise' }).click();
    await page.getByLabel('Quantity').first().fill('2');
    await page.getByRole('button', { name: 'Save revision' }).click();
    await page.getByText('Out of date').first().waitFor();
    await screenshot(page, '05-invoice-page');
    await expectNoSeriousViolations(page);

    await page.getByRole('link', { name: 'Invoices' }).click();
    await row(page, 'JRN-1').getByRole('button', { name: 'Sync Again' }).click();
    await row(page, 'JRN-1').getByText('Synced', { exact: true }).waitFor();
    expect((await inQuickBooks()).map((i) => i.TotalAmt)).toEqual([3000]);
  });

  it('record a payment under Model 1', async () => {
    await row(page, 'JRN-1').getByRole('link', { name: 'JRN-1' }).click();
    await page.getByLabel('Amount').fill('500.00');
    await page.getByLabel('Payment date').fill('2026-12-01');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('cell', { name: '500.00', exact: true }).first().waitFor();
    const invoices = (await h.call('GET', '/v1/invoices', { key: firm.key })).body.invoices;
    expect(invoices.find((i: any) => i.number === 'JRN-1').balance).toBe('2500.00');
  });

  it('select several invoices and Sync to QuickBooks, watching the progress bar reach the end', async () => {
    const payerId = (await h.call('GET', '/v1/payers', { key: firm.key })).body.payers[0].id;
    const feeItemId = (await h.call('GET', '/v1/fee-items', { key: firm.key })).body.feeItems[0].id;
    const numbers = ['JRN-B1', 'JRN-B2', 'JRN-B3', 'JRN-B4', 'JRN-B5'];
    for (const number of numbers) {
      await h.call('POST', '/v1/invoices', {
        key: firm.key,
        body: {
          payerId,
          number,
          invoiceDate: '2026-11-30',
          dueDate: '2026-12-30',
          lines: [{ feeItemId, quantity: 1 }],
        },
      });
    }
    await page.getByRole('link', { name: 'Invoices' }).click();
    for (const number of numbers) await page.getByRole('checkbox', { name: `Select ${number}` }).check();
    await page.getByRole('button', { name: 'Sync to QuickBooks' }).click();
    const progress = page.getByRole('progressbar');
    await progress.waitFor();
    await screenshot(page, '04-invoices-bulk');
    await expect
      .poll(async () => [await progress.getAttribute('aria-valuenow'), await progress.getAttribute('aria-valuemax')], {
        timeout: 60_000,
      })
      .toEqual(['5', '5']);
    for (const number of numbers) await row(page, number).getByText('Synced', { exact: true }).waitFor();
    await expectNoSeriousViolations(page);
  });

  it('open the Sync Log Report from the split menu and download everything as CSV', async () => {
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Sync Log Report' }).click();
    await page.getByRole('heading', { name: 'Sync Log Report' }).waitFor();
    await page.getByRole('cell', { name: 'invoice_created' }).first().waitFor();
    await screenshot(page, '06-sync-log');
    await expectNoSeriousViolations(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = (await readFile(await download.path(), 'utf8')).trim().split('\r\n');
    const all = (await h.call('GET', '/v1/sync-log?limit=500', { key: firm.key })).body.entries;
    expect(csv[0]).toBe('id,at,level,action,entityType,entityId,message,qboId,workflowId,intuitTid');
    expect(csv).toHaveLength(1 + all.length);
  });

  it("show admins, and only admins, the link to an invoice's workflow in the Temporal Web UI", async () => {
    const invoiceId = (await h.call('GET', '/v1/invoices', { key: firm.key })).body.invoices.find(
      (i: any) => i.number === 'JRN-1',
    ).id;
    await page.goto(`${h.url}/invoices/${invoiceId}`);
    await page.getByRole('heading', { name: 'Invoice JRN-1' }).waitFor();
    expect(await page.getByRole('link', { name: /Open workflow in Temporal/ }).count()).toBe(0);

    const adminPage = await signedIn(browser, h.url, admin);
    await adminPage.goto(`${h.url}/invoices/${invoiceId}`);
    const link = adminPage.getByRole('link', { name: /Open workflow in Temporal/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(
      `http://temporal-ui.example:8233/namespaces/default/workflows/${encodeURIComponent(`invoice/${firm.firmId}/${invoiceId}`)}`,
    );
  });
});
