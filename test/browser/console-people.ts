import type { Browser, Page } from 'playwright-core';
import type { Harness } from '../integration/harness.js';

export type Role = 'admin' | 'billing' | 'viewer';

export interface Person {
  email: string;
  password: string;
}

/** A firm user made through the API with the firm's admin key, able to sign in at once. */
export async function addPerson(h: Harness, adminKey: string, role: Role, email: string): Promise<Person> {
  const password = `${role}-password-${Math.random().toString(36).slice(2, 10)}`;
  await h.addUser(adminKey, { email, name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`, role, password });
  return { email, password };
}

/** A fresh browser window, signed in through the console's form as a person would. */
export async function signedIn(browser: Browser, url: string, person: Person): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(url);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
