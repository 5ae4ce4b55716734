// A Chinese user walks every screen: no visible text may be Latin-only unless it is a proper name,
// a code or a number the user's data holds (brand names, tracking and order numbers, user names,
// shelf codes, file names). The same walk in English takes the screenshots at 1366×768.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { launchChromium } from '../helpers/browser';
import { unwrap } from '../helpers/unwrap';
import { ARTIFACTS, packFile, PUBLIC_PACK, tempDir } from '../helpers/paths';
import { SYSTEM } from '../../shared/systemIdentities';
import { latinOnly as latinWords, packNames, UI_NAMES, visibleTexts } from '../helpers/zhText';

const SHOTS = process.env.PARCEL_GATE_SHOTS ?? path.join(ARTIFACTS, 'screens');
let bridge: Bridge;
let browser: Browser;
let dir: string;
let blank: string;
const ALLOWED = new Set<string>([...UI_NAMES, 'Boss', 'Li', 'Na', 'Wang', 'test', 'system']);
// What the walk types in (destination, carrier): the user's own words.
for (const w of ['Los', 'Angeles', 'SF', 'Express']) ALLOWED.add(w);


beforeAll(async () => {
  dir = tempDir('e2e-zh');
  fs.mkdirSync(SHOTS, { recursive: true });
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const s = bridge.service;
  const sys = { system: SYSTEM.test };
  await unwrap(s.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, sys));
  await unwrap(s.call('shelves:import', { file: { name: 'shelves.csv', bytes: new TextEncoder().encode('code,label\nA-01,A排\nA-02,A排\n') } }, sys));
  for (const [name, role, pin] of [
    ['Boss', 'admin', '9753'],
    ['Wang', 'supervisor', '1357'],
    ['Li Na', 'inspector', '2468'],
  ] as const) {
    await unwrap(s.call('users:add', { name, role, pin, locale: 'zh' }, sys));
  }
  // Brand names and aliases, and every user-data word, are proper names.
  for (const w of packNames(PUBLIC_PACK)) ALLOWED.add(w);
  const li = await unwrap(s.call('session:signIn', { name: 'Li Na', pin: '2468', station: 'S1' }));
  const wang = await unwrap(s.call('session:signIn', { name: 'Wang', pin: '1357', station: 'S9' }));
  const held = await unwrap(s.call('parcel:inspect', { scan: 'SF529989826725', photoIds: [] }, { token: li.token }));
  await unwrap(s.call('hold:setLocation', { holdId: held.holdId!, location: 'A-01' }, { token: li.token }));
  const h2 = await unwrap(s.call('parcel:inspect', { scan: 'SF036947341402', photoIds: [] }, { token: li.token }));
  await unwrap(s.call('hold:decide', { holdId: h2.holdId!, disposition: 'RETURN', reason: '卖家无法证明来源' }, { token: wang.token }));
  await unwrap(s.call('parcel:inspect', { scan: 'ZT880391829181', photoIds: [] }, { token: li.token }));
  // Released parcels for the outbound walk, one per language.
  for (const scan of ['ZT793301483616', 'SF659493135521']) {
    const h = await unwrap(s.call('parcel:inspect', { scan, photoIds: [] }, { token: li.token }));
    await unwrap(s.call('hold:decide', { holdId: h.holdId!, disposition: 'RELEASE', reason: '复核无品牌' }, { token: wang.token }));
  }
  blank = path.join(dir, 'blank.jpg');
  await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#7a7a7a' } }).jpeg().toFile(blank);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

const latinOnly = (texts: string[]) => latinWords(texts, ALLOWED);

/** Locale keys or placeholders shown as they are: a missing translation. */
const rawKeys = (texts: string[]) =>
  texts.filter((x) => /\{\{|\b(app|nav|reason|station|holds|detail|errors|auditField|auditAction|work|idle|flag|outbound|cases|tag|common)\.[a-z]+[A-Z_.]/.test(x) || /^[a-z]+\.[a-z]+[A-Z][a-zA-Z]*$/.test(x));

/**
 * What a person at a 1366×768 screen would not see: the page wider than the window (something cut
 * off at the right), the top bar on two rows, or a text box cut by its own box.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page ${document.documentElement.scrollWidth}px wide`);
    const bar = document.querySelector('.topbar');
    if (bar) {
      // Two rows: some item starts below where another one ends.
      const boxes = [...bar.querySelectorAll(':scope > *, nav > *')].map((e) => e.getBoundingClientRect()).filter((b) => b.height > 0 && b.width > 0);
      const firstBottom = Math.min(...boxes.map((b) => b.bottom));
      if (boxes.some((b) => b.top >= firstBottom - 1)) out.push('top bar wraps to two rows');
    }
    for (const el of document.querySelectorAll<HTMLElement>('button, th, .chip, .mono')) {
      if (!el.offsetParent || el.closest('.print-only')) continue;
      if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflow !== 'visible') out.push(`cut off: ${el.textContent?.slice(0, 30)}`);
    }
    return out;
  });
}

/** The hold tag on paper (rendered for printing): both languages, no raw key, the chain head whole. */
async function tagProblems(page: Page): Promise<string[]> {
  const tag = page.locator('.print-only .hold-tag');
  if (!(await tag.count())) return [];
  const text = (await tag.textContent()) ?? '';
  const out = rawKeys([text]).map((x) => `tag: ${x}`);
  if (!/扣留 — 禁止转运/.test(text) || !/HOLD — DO NOT FORWARD/.test(text)) out.push('tag: title not in both languages');
  if (!/\(UTC\+8\)/.test(text)) out.push('tag: time without its zone');
  return out;
}

async function signIn(page: Page, name: string, pin: string) {
  await page.goto(bridge.url);
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByLabel(/PIN/).fill(pin);
  await page.getByRole('button', { name: /Sign in|登录/ }).click();
  await expect.poll(() => page.getByRole('textbox', { name: 'Tracking number' }).isVisible(), { timeout: 10_000 }).toBe(true);
}

/** Visits every screen (station with a verdict, queue, detail, outbound with an alarm, audit, reports, admin). */
async function walk(page: Page, lang: 'zh' | 'en', check: (screen: string) => Promise<void>) {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  await check('signin');
  await page.getByRole('textbox', { name: 'Tracking number' }).focus();
  await page.keyboard.type('UNK00000001', { delay: 4 });
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.notice.warn').isVisible()).toBe(true);
  await page.keyboard.press('Enter'); // no photos: says why
  await check('station-scan');
  await page.locator('input[type=file]').first().setInputFiles(blank);
  await expect.poll(() => page.locator('.thumb.unreadable').count(), { timeout: 60_000 }).toBe(1);
  await page.getByRole('textbox', { name: 'Tracking number' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.verdict.hold').isVisible(), { timeout: 60_000 }).toBe(true);
  await check('station-hold');
  // Leaving it: Esc first asks (its tag is not printed), then lists it to redo.
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('.notice.warn').last().isVisible()).toBe(true);
  await check('station-esc-asks');
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('.redo').isVisible()).toBe(true);
  await check('station-redo');

  await page.getByRole('button', { name: L('扣留队列', 'Hold queue') }).click();
  await expect.poll(() => page.getByRole('table').count()).toBeGreaterThan(0);
  await check('holds');
  await page.getByRole('combobox', { name: L('状态', 'Status') }).selectOption('decided');
  await expect.poll(async () => (await page.getByRole('table').textContent()) ?? '').toContain('SF036947341402');
  await check('holds-decided');
  await page.getByRole('combobox', { name: L('状态', 'Status') }).selectOption('undecided');
  await page.getByRole('checkbox', { name: /SF529989826725/ }).check();
  await check('holds-bulk');
  // A bulk decision's results stay on screen until dismissed.
  const bulk = page.getByRole('form', { name: L('批量处理所选扣留', 'Decide the selected holds') });
  await bulk.getByRole('radio', { name: L('等待凭证', 'Wait for proof') }).check();
  await bulk.getByRole('textbox').fill(L('请客户提供发票', 'Ask for the invoice'));
  await bulk.getByRole('button', { name: /1/ }).click();
  await expect.poll(() => page.locator('.card.bulk-results').isVisible()).toBe(true);
  await check('holds-bulk-results');
  await page.locator('.card.bulk-results button').click();
  await page.getByRole('button', { name: /SF529989826725/ }).last().click();
  await page.getByRole('radio', { name: L('销毁', 'Destroy') }).check();
  await check('detail-flag-choice');
  await page.getByRole('textbox', { name: L('理由（必填）', 'Reason (required)') }).fill('测试理由');
  await page.getByRole('button', { name: L('签署：销毁', 'Sign: Destroy') }).click();
  await expect.poll(() => page.getByRole('alertdialog').isVisible()).toBe(true);
  await check('detail-confirm');
  await page.getByRole('button', { name: L('取消', 'Cancel') }).click();
  await page.getByRole('button', { name: L('关闭', 'Close') }).click();

  await page.getByRole('button', { name: L('出库', 'Outbound') }).click();
  await page.getByRole('textbox', { name: L('目的地', 'Destination') }).fill('Los Angeles');
  await page.getByRole('textbox', { name: L('承运商', 'Carrier') }).fill('SF Express');
  await page.getByRole('button', { name: L('新建出库批次', 'New shipment') }).last().click();
  const scan = page.getByRole('textbox', { name: L('扫描包裹加入批次', 'Scan parcel into shipment') });
  await expect.poll(() => scan.isVisible()).toBe(true);
  await scan.fill('SF529989826725');
  await scan.press('Enter');
  await expect.poll(() => page.locator('.gate-alarm').isVisible()).toBe(true);
  await check('outbound-alarm');
  // A released parcel scanned in twice: the second scan is a calm note, and the line can be removed.
  const released = L('ZT793301483616', 'SF659493135521');
  await scan.fill(released);
  await scan.press('Enter');
  await expect.poll(() => page.getByRole('table', { name: L('本批次包裹', 'Parcels on this shipment') }).textContent()).toContain(released);
  await scan.fill(released);
  await scan.press('Enter');
  await check('outbound-again');

  await page.getByRole('button', { name: L('审计', 'Audit') }).click();
  await expect.poll(() => page.getByRole('table').count()).toBe(1);
  await check('audit');
  await page.getByRole('button', { name: L('报表', 'Reports') }).click();
  await expect.poll(() => page.locator('.recharts-bar-rectangle').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await check('reports');
  await page.getByRole('button', { name: L('数据与用户', 'Data & users') }).click();
  await expect.poll(() => page.getByRole('table').count()).toBe(1);
  await check('admin');
  // Import errors: a GBK orders file, and a shelves file with bad rows.
  await page.getByLabel(L('订单 (orders.csv)', 'Orders (orders.csv)'), { exact: true }).setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from([0x6f, 0x72, 0x64, 0x65, 0x72, 0x0a, 0xb0, 0xa1, 0x0a]) });
  await page.getByRole('button', { name: L('导入', 'Import') }).first().click();
  await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/orders\.csv/);
  await check('admin-import-gbk');
  await page.getByLabel(L('货架（shelves.csv）', 'Shelves (shelves.csv)'), { exact: true }).setInputFiles({ name: 'shelves.csv', mimeType: 'text/csv', buffer: Buffer.from('code,active\nA-01,1\nA-01,1\nB 2,7\n') });
  await page.getByRole('button', { name: L('导入', 'Import') }).nth(1).click();
  await expect.poll(() => page.getByRole('alert').filter({ hasText: 'shelves.csv' }).isVisible()).toBe(true);
  await check('admin-import-rows');
  // Replaying the rules over the parcels inspected above: the result line and any changes.
  await page.getByRole('button', { name: L('规则回放', 'Replay rules') }).click();
  await page.getByRole('form', { name: L('规则回放', 'Replay rules') }).getByRole('button').click();
  await expect.poll(() => page.getByRole('status').count()).toBeGreaterThan(0);
  await check('replay');
  await page.getByRole('button', { name: L('卖家与仿冒标识', 'Sellers & marks') }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2 }).count()).toBeGreaterThan(1);
  await check('sellers');
  // The idle countdown, then the sign-in screen saying why, listing what was left.
  await page.evaluate(() => localStorage.setItem('parcel-gate.idleMinutes', '0.1'));
  await expect.poll(() => page.locator('.idle-warning').isVisible(), { timeout: 15_000 }).toBe(true);
  await check('idle-countdown');
  await expect.poll(() => page.locator('.signed-out').isVisible(), { timeout: 15_000 }).toBe(true);
  await page.evaluate(() => localStorage.removeItem('parcel-gate.idleMinutes'));
  await check('signed-out-idle');
}

describe('every screen in the user language', () => {
  it('the Chinese walk finds no English-only text', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const offenders: Record<string, string[]> = {};
    const check = async (screen: string) => {
      const texts = await visibleTexts(page);
      const bad = [...latinOnly(texts), ...rawKeys(texts), ...(await layoutProblems(page)), ...(await tagProblems(page))];
      // The browser's own file chooser says "Choose File / No file chosen" in its own language.
      const nativeFileInputs = await page.locator('input[type=file]:visible').count();
      if (nativeFileInputs) bad.push(`${nativeFileInputs} native file chooser(s)`);
      if (bad.length) offenders[screen] = bad;
      await page.screenshot({ path: path.join(SHOTS, `zh-${screen}.png`) });
    };
    await page.goto(bridge.url);
    await expect.poll(() => page.getByRole('button', { name: /Boss/ }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'zh-signin.png') });
    await signIn(page, 'Boss', '9753');
    await walk(page, 'zh', check);
    expect(offenders).toEqual({});
  });

  it('the same walk in English: no raw key, nothing cut off, the top bar on one row', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'Boss', '9753');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    const offenders: Record<string, string[]> = {};
    await walk(page, 'en', async (screen) => {
      // English: no raw key, nothing cut off, one row of top bar, the tag in both languages.
      const bad = [...rawKeys(await visibleTexts(page)), ...(await layoutProblems(page)), ...(await tagProblems(page))];
      if (bad.length) offenders[screen] = bad;
      await page.screenshot({ path: path.join(SHOTS, `en-${screen}.png`) });
    });
    expect(offenders).toEqual({});
    // Back to Chinese for the next run's user.
    await page.getByRole('combobox', { name: 'Language' }).first().selectOption('zh');
  });
});
