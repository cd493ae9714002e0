import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { addPerson, signedIn } from '../browser/console-people.js';
import { screenshot, seriousViolations } from '../browser/page-checks.js';
import { startHarness, type Harness } from './harness.js';

// The Drift report page in a real browser: reached from the More menu, a run started by its button, the
// findings shown by kind with both values, and a fix applied by its named button.

let h: Harness;
let browser: Browser;
let firm: { firmId: string; key: string; realmId: string };
const numbers = { edited: 'DRF-1', voided: 'DRF-2' };

beforeAll(async () => {
  h = await startHarness();
  browser = await launchChromium();
  firm = await h.connectedFirm('Drift Console LLP', { syncModel: 1 });
  const as = (path: string, body: unknown) => h.call('POST', path, { key: firm.key, body }).then((r) => r.body);
  const payer = await as('/v1/payers', {
    type: 'individual',
    firstName: 'Rosa',
    lastName: 'Parks',
    email: 'rosa@drift.example',
  });
  const fee = await as('/v1/fee-items', { name: 'Asylum filing', unitPrice: '400.00' });
  const qboIds: Record<string, string> = {};
  for (const number of Object.values(numbers)) {
    const invoice = await as('/v1/invoices', {
      payerId: payer.id,
      number,
      invoiceDate: '2026-11-30',
      dueDate: '2026-12-30',
      lines: [{ feeItemId: fee.id, quantity: 1 }],
    });
    qboIds[number] = (
      await h.call('POST', `/v1/invoices/${invoice.id}/sync`, { key: firm.key })
    ).body.sync.qboInvoiceId;
  }
  await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Invoice/${qboIds[numbers.edited]}`, {
    DueDate: '2027-01-15',
  });
  await h.sandbox('POST', `/__sandbox/realms/${firm.realmId}/Invoice/${qboIds[numbers.voided]}/void`, {});
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the Drift report page', () => {
  it('runs a report, shows each difference with both values, and applies a fix by its button', async () => {
    const billing = await addPerson(h, firm.key, 'billing', 'billing@drift-console.example');
    const page = await signedIn(browser, h.url, billing);
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Drift report' }).click();
    await page.getByRole('heading', { name: 'Drift report', level: 1 }).waitFor();
    await page.getByText('No drift report yet').waitFor();

    await page.getByRole('button', { name: 'Run drift report' }).click();
    const edited = page.getByRole('table', { name: 'Invoices edited in QuickBooks' });
    await edited.waitFor();
    const dueRow = edited.getByRole('row', { name: new RegExp(`${numbers.edited}.*Due date`) });
    expect(await dueRow.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['Due date', '2026-12-30', '2027-01-15']),
    );
    await page.getByRole('button', { name: `Sync Again ${numbers.edited}` }).waitFor();
    expect(await page.getByRole('table', { name: 'Invoices voided in QuickBooks only' }).isVisible()).toBe(true);
    await screenshot(page, 'drift-report');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: `Accept QuickBooks' void ${numbers.voided}` }).click();
    const voidedTable = page.getByRole('table', { name: 'Invoices voided in QuickBooks only' });
    await voidedTable.getByText('Fixed').waitFor();
    expect(await page.getByRole('button', { name: `Accept QuickBooks' void ${numbers.voided}` }).count()).toBe(0);
    const invoices = (await h.call('GET', '/v1/invoices', { key: firm.key })).body.invoices;
    expect(invoices.find((i: any) => i.number === numbers.voided).status).toBe('void');
  });

  it('is not offered to a viewer', async () => {
    const viewer = await addPerson(h, firm.key, 'viewer', 'viewer@drift-console.example');
    const page = await signedIn(browser, h.url, viewer);
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('button', { name: 'More' }).click();
    expect(await page.getByRole('menuitem', { name: 'Drift report' }).count()).toBe(0);
  });
});
