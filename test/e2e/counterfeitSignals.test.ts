// End to end for issue 10 in Chromium, in Chinese: an admin keeps the allow/deny list on its own
// screen; the hold queue shows a deny-list hold in Chinese, filters by the new reason, and lists
// entries that stop counting within 7 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { launchChromium } from '../helpers/browser';
import { unwrap } from '../helpers/unwrap';
import { ARTIFACTS, packFile, tempDir } from '../helpers/paths';
import { addDays } from '../../shared/rules/sellerLists';
import { localIsoDate } from '../../shared/dates';
import { SYSTEM } from '../../shared/systemIdentities';

let bridge: Bridge;
let browser: Browser;


beforeAll(async () => {
  const dir = tempDir('e2e-cf');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const s = bridge.service;
  const sys = { system: SYSTEM.test };
  await unwrap(s.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, sys));
  await unwrap(s.call('users:add', { name: 'Zhao', role: 'admin', pin: '9753', locale: 'zh' }, sys));
  // The seller of ORD700001 (shop-405037) is denied; its parcel holds with no photo needed for that reason.
  await unwrap(s.call('sellerLists:add', { list: 'deny', storeId: 'shop-405037', reason: '品牌方投诉售假', expiresOn: addDays(localIsoDate(new Date()), 5) }, sys));
  await unwrap(s.call('parcel:inspect', { scan: 'SF529989826725', photoIds: [] }, sys));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

describe('counterfeit signals in the UI', () => {
  it('the admin adds an allow entry on the sellers screen; the queue shows the deny hold in Chinese, filters by it, and lists expiring entries', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(bridge.url);
    await page.getByRole('button', { name: /Zhao/ }).click();
    await page.getByLabel(/PIN/).fill('9753');
    await page.getByRole('button', { name: /Sign in|登录/ }).click();
    await expect.poll(() => page.getByRole('button', { name: '卖家与仿冒标识' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: '卖家与仿冒标识' }).click();
    const form = page.getByRole('form', { name: '添加条目' });
    await form.getByLabel('店铺编号').fill('tmall-nike-partner');
    await form.getByLabel('品牌', { exact: true }).fill('Nike');
    await form.getByLabel('原因', { exact: true }).fill('品牌授权函 2026');
    await form.getByLabel('有效至').fill(addDays(localIsoDate(new Date()), 3));
    await form.getByRole('button', { name: '添加条目' }).click();
    const lists = page.getByRole('region', { name: '允许名单与禁止名单' });
    await expect.poll(() => lists.getByRole('table').textContent()).toContain('tmall-nike-partner');
    expect(await page.getByRole('region', { name: '仿冒标识与仿品用语' }).textContent()).toContain('18 条');
    await page.screenshot({ path: path.join(ARTIFACTS, 'counterfeit-1-sellers.png') });

    await page.getByRole('button', { name: '扣留队列' }).click();
    const notice = page.getByRole('region', { name: '7 天内到期的允许/禁止名单条目：' });
    await expect.poll(() => notice.textContent()).toContain('tmall-nike-partner');
    expect(await notice.textContent()).toContain('shop-405037');
    await page.getByRole('combobox', { name: '原因' }).selectOption({ label: '卖家在禁止名单' });
    const queue = page.getByRole('table', { name: '扣留队列' });
    await expect.poll(() => queue.getByRole('row').count()).toBe(2);
    expect(await queue.textContent()).toContain('卖家在禁止名单');
    await page.screenshot({ path: path.join(ARTIFACTS, 'counterfeit-2-queue.png') });
    await page.close();
  });
});
