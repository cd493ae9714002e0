import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { addPerson, signedIn } from '../browser/console-people.js';
import { screenshot, seriousViolations } from '../browser/page-checks.js';
import { startHarness, type Harness } from './harness.js';

// What the console must never do, seen in a real browser: show one firm's data to another, let a viewer
// press what it may not, run text a payer typed, load anything but its own scripts; and the Model 2 cue
// appearing by itself when a payment is received in QuickBooks.

const VERIFIER = 'console-rules-verifier';

let h: Harness;
let browser: Browser;
let firm: { firmId: string; key: string; realmId: string };
let invoice: { id: string; number: string; qboInvoiceId: string };

beforeAll(async () => {
  h = await startHarness({ webhookVerifierToken: VERIFIER });
  browser = await launchChromium();
  await h.sandbox('POST', '/__sandbox/webhooks', {
    url: `${h.url}/v1/webhooks/quickbooks`,
    verifierToken: VERIFIER,
    format: 'classic',
    dropRate: 0,
    duplicateRate: 0,
  });
  firm = await h.connectedFirm('Rules Immigration LLP', { syncModel: 2 });
  const as = (path: string, body: unknown) => h.call('POST', path, { key: firm.key, body }).then((r) => r.body);
  const payer = await as('/v1/payers', {
    type: 'individual',
    firstName: '<img src=x onerror=alert(1)>',
    lastName: 'Tester',
    email: 'xss@rules.example',
  });
  const fee = await as('/v1/fee-items', { name: 'Naturalization', unitPrice: '725.00' });
  const created = await as('/v1/invoices', {
    payerId: payer.id,
    number: 'RUL-1',
    invoiceDate: '2026-11-30',
    dueDate: '2026-12-30',
    lines: [{ feeItemId: fee.id, quantity: 1 }],
  });
  const synced = await h.call('POST', `/v1/invoices/${created.id}/sync`, { key: firm.key });
  invoice = { id: created.id, number: 'RUL-1', qboInvoiceId: synced.body.sync.qboInvoiceId };
});
afterAll(async () => {
  await h?.sandbox('POST', '/__sandbox/webhooks', { url: null, dropRate: 0, duplicateRate: 0 });
  await browser?.close();
  await h?.close();
});

describe('the billing console', () => {
  it('serves only its own scripts, under a policy without inline scripts, and signs people out', async () => {
    const response = await fetch(`${h.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);

    const viewer = await addPerson(h, firm.key, 'viewer', 'viewer@rules.example');
    const page = await signedIn(browser, h.url, viewer);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await page.context().request.get(`${h.url}/v1/invoices`)).status()).toBe(401);
  });

  it('shows a payer who typed markup verbatim and runs none of it', async () => {
    const billing = await addPerson(h, firm.key, 'billing', 'billing@rules.example');
    const page = await signedIn(browser, h.url, billing);
    const alerts: string[] = [];
    page.on('dialog', (dialog) => void alerts.push(dialog.message()));
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByText('<img src=x onerror=alert(1)> Tester').first().waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(alerts).toEqual([]);
  });

  it('lets a viewer read invoices but press nothing that changes them', async () => {
    const viewer = await addPerson(h, firm.key, 'viewer', 'reader@rules.example');
    const page = await signedIn(browser, h.url, viewer);
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('cell', { name: invoice.number, exact: true }).waitFor();
    for (const name of ['Sync Now', 'Sync Again', 'Sync to QuickBooks', 'New invoice']) {
      const buttons = page.getByRole('button', { name, exact: true });
      for (const button of await buttons.all()) expect(await button.isDisabled()).toBe(true);
    }
    expect(await page.getByRole('checkbox', { name: `Select ${invoice.number}` }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);

    // The seed gives every user the sync logs: the viewer reads the report and the invoice's own history.
    await page.getByRole('link', { name: 'Sync Log Report' }).click();
    await page.getByRole('table', { name: 'Sync log entries' }).getByText(invoice.number).first().waitFor();
    await page.goto(`${h.url}/invoices/${invoice.id}`);
    await page.getByRole('table', { name: `Sync history of invoice ${invoice.number}` }).waitFor();
  });

  it("shows a second firm's user none of the first firm's data", async () => {
    const other = await h.newFirm('Elsewhere Law PC');
    const stranger = await addPerson(h, other.key, 'admin', 'admin@elsewhere.example');
    const page = await signedIn(browser, h.url, stranger);
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByText(/No invoices yet/).waitFor();
    expect(await page.getByText(invoice.number).count()).toBe(0);
    await page.goto(`${h.url}/invoices/${invoice.id}`);
    await page
      .getByText(/not found/i)
      .first()
      .waitFor();
    expect(await page.getByText(invoice.number).count()).toBe(0);
    await page.getByRole('link', { name: 'Sync Log Report' }).click();
    expect(await page.getByText(invoice.number).count()).toBe(0);
  });

  it('under Model 2 offers no payment recording and shows the cue when a payment arrives from QuickBooks', async () => {
    const billing = await addPerson(h, firm.key, 'billing', 'cashier@rules.example');
    const page = await signedIn(browser, h.url, billing);
    await page.getByRole('link', { name: 'Invoices' }).click();
    const cue = page
      .getByRole('row')
      .filter({ hasText: invoice.number })
      .getByLabel(/^Payment received in QuickBooks/);
    expect(await cue.count()).toBe(0);

    await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/receive-payment`, {
      invoiceId: invoice.qboInvoiceId,
      amount: 225,
    });
    // No reload: the list keeps itself current.
    await cue.waitFor({ timeout: 30_000 });
    expect(await cue.getAttribute('aria-label')).toContain('225.00');
    await screenshot(page, '07-payment-cue');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: invoice.number }).click();
    await page.getByText('Payments are received in QuickBooks under Model 2').waitFor();
    expect(await page.getByRole('button', { name: 'Record payment' }).count()).toBe(0);
  });

  it('can be used from the keyboard alone: sign in, skip to the content', async () => {
    const person = await addPerson(h, firm.key, 'billing', 'keyboard@rules.example');
    const page = await (await browser.newContext()).newPage();
    await page.goto(h.url);
    await page.getByLabel('Email').focus();
    await page.keyboard.type(person.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(person.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // Signing in lands on the invoice list with the focus on its heading, where a screen reader starts.
    await expect.poll(() => page.locator('main :focus').count()).toBe(1);

    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.locator('main:focus, main :focus').count()).toBe(1);
  });

  it('says on every screen when QuickBooks needs reconnecting', async () => {
    const lapsed = await h.connectedFirm('Lapsed Connection LLP');
    const person = await addPerson(h, lapsed.key, 'admin', 'admin@lapsed.example');
    await h.db
      .updateTable('qbo_connections')
      .set({ status: 'needs_reconnect' })
      .where('firm_id', '=', lapsed.firmId)
      .execute();
    const page = await signedIn(browser, h.url, person);
    for (const screen of ['Invoices', 'Mapping', 'Sync Log Report']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();
      await page
        .getByRole('region', { name: 'QuickBooks connection' })
        .getByText('QuickBooks needs reconnecting.')
        .waitFor();
    }
    expect(
      await page
        .getByRole('region', { name: 'QuickBooks connection' })
        .getByRole('link', { name: 'Reconnect now' })
        .count(),
    ).toBe(1);
  });
});
