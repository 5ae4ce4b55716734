// End to end: the hold queue puts a hold whose return option closes within 48 hours first, with the
// warning, in English and in Chinese; its detail lists the clocks and the proof request form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { unwrap } from '../helpers/unwrap';
import { launchChromium } from '../helpers/browser';
import { signIn } from '../helpers/ui';
import { packFile, tempDir } from '../helpers/paths';
import { ordersWithDelivery } from '../helpers/holdCases';
import { addDays, localDate } from '../../shared/holds/workingDays';
import { SYSTEM } from '../../shared/systemIdentities';

let bridge: Bridge;
let browser: Browser;

beforeAll(async () => {
  const dir = tempDir('e2e-clocks');
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const s = bridge.service;
  const sys = { system: SYSTEM.test };
  const must = unwrap;
  await must(s.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json') }, sys));
  // Delivered six warehouse days ago: the return window ends at midnight tomorrow, 24 to 48 hours away.
  await must(s.call('data:import', { orders: ordersWithDelivery({ SF784187113400: addDays(localDate(new Date()), -6) }) }, sys));
  await must(s.call('users:add', { name: 'Wang', role: 'supervisor', pin: '1357', locale: 'en' }, sys));
  for (const scan of ['SF529989826725', 'ZT884190506534', 'SF784187113400']) await must(s.call('parcel:inspect', { scan, photoIds: [] }, sys));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

describe('hold clocks in Chromium', () => {
  it('the hold losing its return option within 48 hours is first, with the warning', async () => {
    const page = await browser.newPage();
    await signIn(page, bridge.url, 'Wang', '1357');
    await page.getByRole('button', { name: 'Hold queue' }).click();
    const table = page.getByRole('table', { name: 'Hold queue' });
    const first = table.getByRole('row').nth(1);
    await expect.poll(() => first.textContent()).toContain('SF784187113400');
    expect(await first.getByRole('status').textContent()).toMatch(/^Return option closes in (2\d|3\d|4[0-7]) h$/);
    // The later holds carry no warning.
    expect(await table.getByRole('row').nth(2).getByRole('status').count()).toBe(0);

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
    const firstZh = page.getByRole('table', { name: '扣留队列' }).getByRole('row').nth(1);
    await expect.poll(() => firstZh.getByRole('status').textContent()).toMatch(/^退货期限将在 \d+ 小时内结束$/);

    await firstZh.getByRole('button', { name: /SF784187113400/ }).click();
    await expect.poll(() => page.getByRole('region', { name: '期限' }).textContent()).toContain('自收货日起');
    expect(await page.getByRole('form', { name: '请客户提供证明' }).isVisible()).toBe(true);
    await page.close();
  });
});
