// Steps every end-to-end test takes the way a person does.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Opens the app, picks the user, types the PIN, signs in, and waits for the station to show. */
export async function signIn(page: Page, url: string, name: string, pin: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByLabel(/PIN/).fill(pin);
  await page.getByRole('button', { name: /Sign in|登录/ }).click();
  await expect.poll(() => page.getByRole('textbox', { name: 'Tracking number' }).isVisible(), { timeout: 10_000 }).toBe(true);
}
