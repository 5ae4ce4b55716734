// End to end: the admin's backup panel and the top bar's warning, in Chinese and English, in Chromium
// through the browser bridge: no folder set → warned; folder chosen and a backup taken → the last good
// backup shows with its age and place and the warning goes; the drive unplugged → warned again.
// Screenshots of the panel in both languages go to test-artifacts/screens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { SYSTEM } from '../../shared/systemIdentities';
import { launchChromium } from '../helpers/browser';
import { ARTIFACTS, tempDir } from '../helpers/paths';
import { signIn } from '../helpers/ui';
import { latinOnly, UI_NAMES, visibleTexts } from '../helpers/zhText';

const SHOTS = process.env.PARCEL_GATE_SHOTS ?? path.join(ARTIFACTS, 'screens');

let bridge: Bridge;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = tempDir('e2e-backup');
  fs.mkdirSync(SHOTS, { recursive: true });
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const r = await bridge.service.call('users:add', { name: 'Zhao', role: 'admin', pin: '1234', locale: 'zh' }, { system: SYSTEM.test });
  if (!r.ok) throw new Error(r.error.message);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

describe('backup panel and warning', () => {
  it('warns until a backup is taken, shows the last good one in zh and en, and warns when the folder is gone', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, bridge.url, 'Zhao', '1234');
    const topWarning = page.locator('.topbar .backup-warning');
    await expect.poll(() => topWarning.textContent()).toBe('未设置备份');

    await page.getByRole('button', { name: '数据与用户' }).click();
    const panel = page.getByRole('region', { name: '备份' });
    await expect.poll(() => panel.isVisible()).toBe(true);
    await expect.poll(() => panel.locator('.backup-warnings').textContent()).toContain('尚未设置备份文件夹');

    // A folder that does not exist is refused in Chinese.
    const folder = path.join(dir, 'usb-drive');
    await panel.getByLabel(/备份文件夹/).fill(folder);
    await panel.getByRole('button', { name: '保存备份设置' }).click();
    await expect.poll(() => panel.locator('.error').textContent()).toContain('不存在或无法写入');

    fs.mkdirSync(folder);
    await panel.getByRole('button', { name: '保存备份设置' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('备份设置已保存。');
    await expect.poll(() => topWarning.textContent()).toBe('尚无备份');

    await panel.getByRole('button', { name: '立即备份' }).click();
    await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/^备份 backup-\S+ 已写入并校验通过。$/);
    await expect.poll(() => topWarning.count()).toBe(0);
    expect(await panel.textContent()).toContain('0 小时前');
    expect(await panel.textContent()).toContain(folder);
    expect(fs.readdirSync(folder).filter((f) => f.startsWith('backup-'))).toHaveLength(1);
    // Nothing in English in the Chinese panel but the folder's own path and the backup's name.
    const texts = (await visibleTexts(page)).filter((tx) => !tx.includes(folder) && !/^backup-/.test(tx));
    expect(latinOnly(texts, new Set([...UI_NAMES, 'Zhao']))).toEqual([]);
    await panel.screenshot({ path: path.join(SHOTS, 'zh-backup-panel.png') });

    await page.getByRole('combobox', { name: '语言', exact: true }).selectOption('en');
    const panelEn = page.getByRole('region', { name: 'Backups' });
    await expect.poll(() => panelEn.textContent()).toContain('Last good backup');
    expect(await panelEn.textContent()).toContain('0 h ago');
    expect(await panelEn.getByRole('status').textContent()).toMatch(/^Backup backup-\S+ written and verified\.$/);
    await panelEn.screenshot({ path: path.join(SHOTS, 'en-backup-panel.png') });

    // The drive is unplugged: the panel and the top bar say so, in the user's language.
    fs.renameSync(folder, `${folder}-away`);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await page.getByRole('button', { name: 'Data & users' }).click();
    await expect.poll(() => panelEn.locator('.backup-warnings').textContent()).toContain(`The backup folder ${folder} cannot be reached`);
    await expect.poll(() => page.locator('.topbar .backup-warning').textContent()).toBe('Backup folder lost');
    await panelEn.screenshot({ path: path.join(SHOTS, 'en-backup-unreachable.png') });
    await page.locator('.topbar').screenshot({ path: path.join(SHOTS, 'en-backup-topbar.png') });
    await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('zh');
    await expect.poll(() => page.locator('.topbar .backup-warning').textContent()).toBe('无法访问备份文件夹');
    await expect.poll(() => page.getByRole('region', { name: '备份' }).locator('.backup-warnings').textContent()).toContain('移动硬盘未接入');
    await page.getByRole('region', { name: '备份' }).screenshot({ path: path.join(SHOTS, 'zh-backup-unreachable.png') });
    await page.locator('.topbar').screenshot({ path: path.join(SHOTS, 'zh-backup-topbar.png') });
    await page.close();
  }, 90_000);
});
