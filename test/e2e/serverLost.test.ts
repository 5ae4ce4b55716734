// End to end: the station fails closed when its database server is lost. The bridge runs on SQLite;
// the test makes the server "lost" by answering the page's own API requests with SERVER_LOST (the
// renderer cannot tell), and plays `system:engine`, which this branch's service does not have, as a
// PostgreSQL station would answer it. Banner in both languages, no verdict, photos kept, Send again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import type { EngineStatus, ManifestLine } from '../../shared/api';
import { encodeWire } from '../../shared/wire';
import { SYSTEM } from '../../shared/systemIdentities';
import { launchChromium } from '../helpers/browser';
import { unwrap } from '../helpers/unwrap';
import { ARTIFACTS, packFile, PUBLIC_PACK, tempDir } from '../helpers/paths';
import { signIn } from '../helpers/ui';
import { latinOnly, packNames, UI_NAMES, visibleTexts } from '../helpers/zhText';

const SHOTS = process.env.PARCEL_GATE_SHOTS ?? path.join(ARTIFACTS, 'screens');
const photo = (name: string) => path.join(PUBLIC_PACK, 'photos', name);
const ALLOWED = new Set([...UI_NAMES, 'Li', 'Na', 'Wang', 'PostgreSQL', ...packNames(PUBLIC_PACK)]);

let bridge: Bridge;
let browser: Browser;
let dir: string;


beforeAll(async () => {
  dir = tempDir('e2e-lost');
  fs.mkdirSync(SHOTS, { recursive: true });
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const s = bridge.service;
  const sys = { system: SYSTEM.test };
  await unwrap(s.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, sys));
  await unwrap(s.call('users:add', { name: 'Li Na', role: 'inspector', pin: '2468', locale: 'zh' }, sys));
  await unwrap(s.call('users:add', { name: 'Wang', role: 'supervisor', pin: '1357', locale: 'zh' }, sys));
  await s.warmUp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

/**
 * Stands between the page and the bridge: answers `system:engine` with `engine`, answers SERVER_LOST
 * for every channel in `lost`, and lets everything else through to the real service.
 */
async function interpose(page: Page) {
  const net = {
    engine: null as EngineStatus | null,
    lost: new Set<string>(),
    asked: { engine: 0, lost: 0 },
  };
  const answer = (route: Route, value: unknown) =>
    route.fulfill({ status: 200, headers: { 'content-type': 'application/x-parcel-gate', 'cache-control': 'no-store' }, body: Buffer.from(encodeWire(value)) });
  await page.route(
    (url) => url.pathname.startsWith('/api/'),
    async (route) => {
      const channel = decodeURIComponent(new URL(route.request().url()).pathname.slice(5));
      if (channel === 'system:engine') {
        net.asked.engine++;
        if (net.engine) return answer(route, { ok: true, value: net.engine });
        return route.continue();
      }
      if (net.lost.has(channel)) {
        net.asked.lost++;
        return answer(route, { ok: false, error: { code: 'SERVER_LOST', message: 'The database server cannot be reached (connection refused); nothing was stored' } });
      }
      return route.continue();
    },
  );
  return net;
}

const PG: EngineStatus = { engine: 'postgres', where: '10.0.0.5:5432/warehouse', user: 'pg_gate_station', connected: true, schema: 8 };

/** Switches the UI language as the user does, and waits until it is stored as the user's. */
async function setLanguage(page: Page, lang: 'zh' | 'en'): Promise<void> {
  const stored = page.waitForResponse((r) => decodeURIComponent(new URL(r.url()).pathname) === '/api/users:setLocale');
  await page.getByRole('combobox', { name: /^(语言|Language)$/ }).selectOption(lang);
  await stored;
}

async function chineseOnly(page: Page, screen: string): Promise<void> {
  expect(latinOnly(await visibleTexts(page), ALLOWED), screen).toEqual([]);
}

describe('a station that loses its database server', () => {
  it('shows its engine, fails closed with a banner in the user language, keeps the photos, and sends the same parcel again', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // The page's clock runs as usual, and can be moved on at once to show that no poll is left.
    await page.clock.install();
    const net = await interpose(page);
    const engineBadge = page.locator('.topbar .engine');
    const banner = page.locator('.server-lost');
    const verdict = page.getByRole('status', { name: /查验结果|Verdict/ });

    // The local file: its name, not its folder, in the user's language.
    net.engine = { engine: 'sqlite', where: path.join(dir, 'station.db'), connected: true, schema: 8 };
    await signIn(page, bridge.url, 'Li Na', '2468');
    await expect.poll(() => engineBadge.textContent()).toBe('本机数据库 station.db');
    expect(await engineBadge.getAttribute('title')).toContain(path.join(dir, 'station.db'));
    await chineseOnly(page, 'station-sqlite');
    await page.screenshot({ path: path.join(SHOTS, 'zh-station-engine-sqlite.png') });

    // A station on the shared server says which one, as whom (in the tooltip), never a password.
    net.engine = PG;
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, bridge.url, 'Li Na', '2468');
    await expect.poll(() => engineBadge.textContent()).toBe('服务器 PostgreSQL 10.0.0.5:5432/warehouse');
    expect(await engineBadge.getAttribute('title')).toContain('pg_gate_station');
    await chineseOnly(page, 'station-postgres');
    await page.screenshot({ path: path.join(SHOTS, 'zh-station-engine-postgres.png') });
    expect(await banner.count()).toBe(0);

    // A parcel that would clear, photographed while the server answers.
    const field = page.getByRole('textbox', { name: 'Tracking number' });
    await field.focus();
    await page.keyboard.type('ZT880391829181', { delay: 4 });
    await page.keyboard.press('Enter');
    await page.locator('input[type=file]').first().setInputFiles([photo('P0007-1-waybill.jpg'), photo('P0007-2-tag.jpg')]);
    await expect.poll(() => page.locator('.thumb.read').count(), { timeout: 60_000 }).toBe(2);

    // The server goes: the verdict request answers SERVER_LOST, and the engine says not connected.
    net.lost.add('parcel:inspect');
    net.engine = { ...PG, connected: false };
    await field.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(net.asked.lost).toBe(1);
    expect(await banner.textContent()).toContain('无法连接数据库服务器');
    expect(await banner.getAttribute('role')).toBe('alert');
    await expect.poll(() => verdict.textContent()).toContain('无结果');
    expect(await verdict.textContent()).not.toContain('放行');
    expect(await page.locator('.verdict.clear').count()).toBe(0);
    expect(await verdict.locator('.verdict-word').textContent()).toBe('无结果');
    // The photos and the scan stay: two thumbnails still showing their pictures, the tracking number.
    expect(await page.locator('.thumb').count()).toBe(2);
    expect(await page.locator('.thumb img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0))).toEqual([true, true]);
    expect(await page.locator('.parcel-head .tracking').textContent()).toContain('ZT880391829181');
    expect(await page.getByRole('button', { name: '重新发送' }).isVisible()).toBe(true);
    await expect.poll(() => engineBadge.textContent()).toContain('未连接');
    await chineseOnly(page, 'server-lost');
    await page.screenshot({ path: path.join(SHOTS, 'zh-server-lost.png') });

    // The same station in English says the same.
    await setLanguage(page, 'en');
    await expect.poll(() => banner.textContent()).toContain('The database server cannot be reached');
    expect(await verdict.textContent()).toContain('NO VERDICT');
    expect(await verdict.textContent()).not.toContain('CLEARED');
    expect(await engineBadge.textContent()).toBe('Server PostgreSQL 10.0.0.5:5432/warehouse · not connected');
    await page.screenshot({ path: path.join(SHOTS, 'en-server-lost.png') });

    // While lost, the station asks the server every few seconds; sending again meanwhile still fails closed.
    const askedWhileLost = net.asked.engine;
    await expect.poll(() => net.asked.engine, { timeout: 8_000 }).toBeGreaterThan(askedWhileLost);
    await page.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => net.asked.lost).toBe(2);
    await expect.poll(() => verdict.textContent()).toContain('NO VERDICT');
    expect(await page.locator('.thumb').count()).toBe(2);

    // The server is back: the next check clears the banner by itself, and the polling stops.
    net.lost.clear();
    net.engine = PG;
    await expect.poll(() => banner.count(), { timeout: 8_000 }).toBe(0);
    expect(await engineBadge.textContent()).toBe('Server PostgreSQL 10.0.0.5:5432/warehouse');
    // Ten polling intervals later, not one more question: the polling stopped when the server came back.
    const askedWhenBack = net.asked.engine;
    await page.clock.runFor(30_000);
    expect(net.asked.engine).toBe(askedWhenBack);
    await page.screenshot({ path: path.join(SHOTS, 'en-station-engine-postgres.png') });

    // Send again: the same scan and photos, now a verdict, stored.
    await page.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toContain('CLEARED');
    const lookup = await unwrap(bridge.service.call('parcel:lookup', { trackingNo: 'ZT880391829181' }, { system: 'test' }));
    expect(lookup.parcel?.status).toBe('CLEARED');
    await page.screenshot({ path: path.join(SHOTS, 'en-sent-again.png') });
    await setLanguage(page, 'zh');
    await page.close();
  });

  it('sends again a photo the lost server never took, and tells the inspector to redo a parcel left unsent', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const net = await interpose(page);
    net.engine = PG;
    await signIn(page, bridge.url, 'Li Na', '2468');
    await setLanguage(page, 'en');
    const field = page.getByRole('textbox', { name: 'Tracking number' });
    const verdict = page.getByRole('status', { name: 'Verdict' });

    // The photo itself cannot be stored: it is kept here, marked as not sent, and not to be retaken.
    await field.focus();
    await page.keyboard.type('ZT311294804327', { delay: 4 });
    await page.keyboard.press('Enter');
    net.lost.add('photo:add');
    net.engine = { ...PG, connected: false };
    await page.locator('input[type=file]').first().setInputFiles(photo('P0012-2-tag.jpg'));
    await expect.poll(() => page.locator('.thumb.unsent').textContent()).toContain('Not sent: kept here');
    expect(await page.locator('.retake-prompt').count()).toBe(0);
    await expect.poll(() => page.locator('.server-lost').isVisible()).toBe(true);
    await expect.poll(() => verdict.textContent()).toContain('NO VERDICT');

    net.lost.clear();
    net.engine = PG;
    await expect.poll(() => page.locator('.server-lost').count(), { timeout: 8_000 }).toBe(0);
    await page.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toMatch(/HOLD|CLEARED/);
    expect(await page.locator('.thumb.unsent').count()).toBe(0);
    const inspected = await unwrap(bridge.service.call('parcel:detail', { trackingNo: 'ZT311294804327' }, { system: 'test' }));
    expect(inspected.inspections[0].photoIds).toHaveLength(1);

    // A parcel left while nothing of it could be stored: listed to redo, by its tracking number.
    // (The held parcel on screen has no printed tag yet: Esc asks, the second Esc leaves it listed.)
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await field.focus();
    await page.keyboard.type('SF529989826725', { delay: 4 });
    await page.keyboard.press('Enter');
    net.lost.add('photo:add');
    net.lost.add('parcel:inspect');
    net.engine = { ...PG, connected: false };
    await page.locator('input[type=file]').first().setInputFiles(photo('P0001-1-waybill.jpg'));
    await expect.poll(() => page.locator('.thumb.unsent').count()).toBe(1);
    await field.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByText(/SF529989826725 is unfinished: nothing was stored/).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    const redo = page.getByRole('alert').filter({ hasText: 'Unfinished parcels' });
    await expect.poll(() => redo.isVisible()).toBe(true);
    expect(await redo.textContent()).toMatch(/SF529989826725.*nothing was stored \(the server was lost\)/);
    expect(await page.locator('.thumb').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'en-redo.png') });
    // It is still listed after a trip to another screen.
    await page.getByRole('button', { name: 'Outbound' }).click();
    await page.getByRole('button', { name: 'Inspect' }).click();
    await expect.poll(() => redo.isVisible()).toBe(true);
    await setLanguage(page, 'zh');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '未完成的包裹' }).isVisible()).toBe(true);
    await chineseOnly(page, 'redo');
    await page.screenshot({ path: path.join(SHOTS, 'zh-redo.png') });
    await page.close();
  });

  it('shows a supervisor the engine too, and never shows a parcel as added to a shipment when the call failed', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const net = await interpose(page);
    net.engine = PG;
    await signIn(page, bridge.url, 'Wang', '1357');
    // The supervisor's longer row of screens wraps the top bar; the engine stays in it.
    await expect.poll(() => page.locator('.topbar .engine').textContent()).toBe('服务器 PostgreSQL 10.0.0.5:5432/warehouse');
    const bar = await page.locator('.topbar').boundingBox();
    expect(bar!.width).toBeLessThanOrEqual(1366);
    expect(await page.getByRole('button', { name: '退出' }).isVisible()).toBe(true);
    await chineseOnly(page, 'supervisor');
    await page.screenshot({ path: path.join(SHOTS, 'zh-supervisor-engine.png') });
    await setLanguage(page, 'en');
    await page.screenshot({ path: path.join(SHOTS, 'en-supervisor-engine.png') });
    await page.getByRole('button', { name: 'Outbound' }).click();
    await page.getByRole('textbox', { name: 'Destination' }).fill('Los Angeles');
    await page.getByRole('textbox', { name: 'Carrier' }).fill('SF Express');
    await page.getByRole('button', { name: 'New shipment' }).last().click();
    const scan = page.getByRole('textbox', { name: 'Scan parcel into shipment' });
    await expect.poll(() => scan.isVisible()).toBe(true);
    const lines = page.getByRole('table', { name: 'Parcels on this shipment' });

    net.lost.add('shipment:addParcel');
    await scan.fill('ZT880391829181');
    await scan.press('Enter');
    await expect.poll(() => page.locator('.gate-alarm').textContent()).toContain('NOT STORED');
    expect(await page.locator('.gate-alarm').textContent()).toContain('The database server cannot be reached');
    expect(await page.getByText('ZT880391829181 added').count()).toBe(0);
    expect(await lines.textContent()).not.toContain('ZT880391829181');
    await page.screenshot({ path: path.join(SHOTS, 'en-outbound-server-lost.png') });

    // Back: the same scan adds it, and only now does the screen say so.
    net.lost.clear();
    await expect.poll(() => page.locator('.server-lost').count(), { timeout: 8_000 }).toBe(0);
    await scan.fill('ZT880391829181');
    await scan.press('Enter');
    await expect.poll(() => page.getByText('ZT880391829181 added').isVisible()).toBe(true);
    expect(await lines.textContent()).toContain('ZT880391829181');
    const shipments = await unwrap(bridge.service.call('shipments:list', { status: 'OPEN' }, { system: 'test' }));
    const manifest = await unwrap(bridge.service.call('shipment:manifest', { shipmentId: shipments[0].shipmentId }, { system: 'test' }));
    expect(manifest.lines.map((l: ManifestLine) => l.trackingNo)).toEqual(['ZT880391829181']);
    await setLanguage(page, 'zh');
    await page.close();
  });
});
