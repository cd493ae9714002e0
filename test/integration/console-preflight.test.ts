import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { addPerson, signedIn, type Person } from '../browser/console-people.js';
import { screenshot, seriousViolations } from '../browser/page-checks.js';
import { startHarness, type Harness } from './harness.js';

// "Sync to QuickBooks" in a real browser checks first: a number another customer's QuickBooks invoice
// already has shows under "Before syncing" with its fix, and billing staff sync the rest or cancel.

let h: Harness;
let browser: Browser;
let firm: { firmId: string; key: string; realmId: string };
let billing: Person;
let page: Page;

const as = (method: string, path: string, body?: unknown) => h.call(method, path, { key: firm.key, body });
const row = (number: string) =>
  page.getByRole('row').filter({ has: page.getByRole('cell', { name: number, exact: true }) });
const jobs = async () =>
  Number(
    (
      await h.db
        .selectFrom('sync_jobs')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('firm_id', '=', firm.firmId)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  h = await startHarness();
  browser = await launchChromium();
  firm = await h.connectedFirm('Preflight Console LLP');
  billing = await addPerson(h, firm.key, 'billing', 'billing@preflight-console.example');
  const payer = (await as('POST', '/v1/payers', { type: 'individual', firstName: 'Lena', lastName: 'Park' })).body;
  const fee = (await as('POST', '/v1/fee-items', { name: 'Visa consultation', unitPrice: '120.00' })).body;
  for (const number of ['PF-1', 'PF-2', 'PF-CLASH']) {
    const created = await as('POST', '/v1/invoices', {
      payerId: payer.id,
      number,
      invoiceDate: '2026-11-30',
      dueDate: '2026-12-30',
      lines: [{ feeItemId: fee.id, quantity: 1 }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  // The bookkeeper already used PF-CLASH for someone else in QuickBooks.
  const realm = `/__sandbox/realms/${firm.realmId}`;
  const stranger = await h.sandbox<any>('POST', `${realm}/Customer`, { DisplayName: 'Someone Else Entirely' });
  const income = (await h.sandbox<any[]>('GET', `${realm}/Account`)).find((a) => a.AccountType === 'Income');
  const item = await h.sandbox<any>('POST', `${realm}/Item`, {
    Name: 'Bookkeeper service',
    Type: 'Service',
    IncomeAccountRef: { value: income.Id },
  });
  await h.sandbox('POST', `${realm}/Invoice`, {
    DocNumber: 'PF-CLASH',
    CustomerRef: { value: stranger.Id },
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 50,
        SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1, UnitPrice: 50 },
      },
    ],
  });
  page = await signedIn(browser, h.url, billing);
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('Sync to QuickBooks checks before it starts', () => {
  it('shows the problems by reason with the fix, and syncs the rest', async () => {
    for (const number of ['PF-1', 'PF-2', 'PF-CLASH'])
      await page.getByRole('checkbox', { name: `Select ${number}` }).check();
    await page.getByRole('button', { name: 'Sync to QuickBooks' }).click();

    const panel = page.getByRole('region', { name: 'Before syncing' });
    const heading = panel.getByRole('heading', { name: 'Before syncing' });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await panel.getByText('1 of 3 invoices would not sync. The other 2 can be synced now.').waitFor();
    const problem = panel.getByRole('region', { name: /already used in QuickBooks by another customer/ });
    await problem.getByText(/Revise the invoice with another number/).waitFor();
    await problem.getByRole('listitem').filter({ hasText: 'PF-CLASH' }).waitFor();
    expect(await problem.getByRole('listitem').count()).toBe(1);
    expect(await jobs()).toBe(0);
    await screenshot(page, '10-before-syncing');
    expect(await seriousViolations(page)).toEqual([]);

    await panel.getByRole('button', { name: 'Sync the rest' }).click();
    const progress = page.getByRole('progressbar');
    await expect
      .poll(async () => [await progress.getAttribute('aria-valuenow'), await progress.getAttribute('aria-valuemax')], {
        timeout: 60_000,
      })
      .toEqual(['2', '2']);
    await expect(panel.count()).resolves.toBe(0);
    for (const number of ['PF-1', 'PF-2']) await row(number).getByText('Synced', { exact: true }).waitFor();
    await row('PF-CLASH').getByText('Not synced', { exact: true }).waitFor();
  });

  it('starts nothing when cancelled, and offers no sync when nothing would go through', async () => {
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('checkbox', { name: 'Select PF-CLASH' }).check();
    await page.getByRole('button', { name: 'Sync to QuickBooks' }).click();
    const panel = page.getByRole('region', { name: 'Before syncing' });
    await panel.getByText('None of them can be synced until these are fixed.').waitFor();
    expect(await panel.getByRole('button', { name: 'Sync the rest' }).isDisabled()).toBe(true);

    await panel.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    expect(await jobs()).toBe(1);
  });
});
