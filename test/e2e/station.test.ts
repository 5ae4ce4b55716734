// End to end: the built renderer in Chromium through the browser bridge, real services, a fake
// camera fed from a scenario photo. Elements are found by role and name, as a screen reader would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { launchChromium, photoToY4m } from '../helpers/browser';
import { signIn } from '../helpers/ui';
import { unwrap } from '../helpers/unwrap';
import { ARTIFACTS, packFile, PUBLIC_PACK, tempDir } from '../helpers/paths';

const photo = (name: string) => path.join(PUBLIC_PACK, 'photos', name);

let bridge: Bridge;
let dir: string;


beforeAll(async () => {
  dir = tempDir('e2e');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const s = bridge.service;
  await unwrap(s.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, { system: 'test' }));
  const shelves = `code,label\nB-12,Row B\nB-13,Row B\n`;
  await unwrap(s.call('shelves:import', { file: { name: 'shelves.csv', bytes: new TextEncoder().encode(shelves) } }, { system: 'test' }));
  await unwrap(s.call('users:add', { name: 'Li Na', role: 'inspector', pin: '2468', locale: 'en' }, { system: 'test' }));
  await unwrap(s.call('users:add', { name: '王主管', role: 'supervisor', pin: '1357', locale: 'zh' }, { system: 'test' }));
  await s.warmUp();
});

afterAll(async () => {
  await bridge?.close();
});


/** Types like a USB scanner: every key within a few milliseconds, then Enter. */
async function scanLikeScanner(page: Page, text: string) {
  const field = page.getByRole('textbox', { name: 'Tracking number' });
  await field.focus();
  await page.keyboard.type(text, { delay: 4 });
  await page.keyboard.press('Enter');
}

describe('inspector station in Chromium', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('holds an undeclared Burberry parcel: scan, camera, verdict, location, hold tag', async () => {
    const cam = photoToY4m(photo('P0012-2-tag.jpg'), path.join(dir, 'tag12.y4m'));
    browser = await launchChromium({ fakeCamera: cam });
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, bridge.url, 'Li Na', '2468');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-1-ready.png') });

    await scanLikeScanner(page, 'ZT311294804327');
    await expect.poll(() => page.getByText('scanned').isVisible()).toBe(true);
    // The fake camera's first frames are black; the station waits for a real one.
    await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.thumb.read').count(), { timeout: 60_000 }).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-2-photos.png') });
    // The last photo, and the verdict asked for at once: the verdict waits for its upload and read.
    await page.locator('input[type=file]').first().setInputFiles(photo('P0012-1-waybill.jpg'));
    await page.getByRole('textbox', { name: 'Tracking number' }).focus();
    await page.keyboard.press('Enter');
    const verdict = page.getByRole('status', { name: 'Verdict' });
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toContain('HOLD');
    expect(await verdict.textContent()).toContain('Undeclared brand');
    expect(await verdict.textContent()).toContain('Burberry');
    // The verdict waited for the waybill photo sent just before Enter: the stored inspection has both
    // photos, the waybill's read among the verdict's reads. (How fast is for bench:inspect, not a test.)
    const stored = await unwrap(bridge.service.call('parcel:detail', { trackingNo: 'ZT311294804327' }, { system: 'test' }));
    expect(stored.inspections.at(-1)?.photoIds).toHaveLength(2);
    expect(stored.inspections.at(-1)?.reads.map((r) => r.kind)).toContain('waybill');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-3-hold.png') });

    // The shelf is its barcode, scanned like any other: it shelves the hold on screen.
    await scanLikeScanner(page, 'B-12');
    await expect.poll(() => page.getByText('Location B-12 saved').isVisible()).toBe(true);

    // The tag: one 100×150 mm page (the printer's paper comes from the page's CSS), reasons in words.
    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(ARTIFACTS, 'hold-tag.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Math.round((Number(size[1]) / 72) * 25.4)).toBe(100);
    expect(Math.round((Number(size[2]) / 72) * 25.4)).toBe(150);
    const tagText = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(tagText).toContain('Undeclared brand');
    expect(tagText).toContain('未申报品牌');
    expect(tagText).toContain('B-12');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-4-located.png') });

    // The parcel is recorded held, at its location, and scanning it again says so at once.
    const lookup = await unwrap(bridge.service.call('parcel:lookup', { trackingNo: 'ZT311294804327' }, { system: 'test' }));
    expect(lookup.parcel?.status).toBe('HELD');
    expect(lookup.parcel?.openHold?.location).toBe('B-12');
    await page.keyboard.press('Escape');
    await scanLikeScanner(page, 'ZT311294804327');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Already on hold' }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-5-already-held.png') });
  });

  it('clears an official MUJI parcel in Chinese, typed by hand, photos dropped in as files', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, bridge.url, '王主管', '1357');
    const field = page.getByRole('textbox', { name: 'Tracking number' });
    await field.focus();
    await page.keyboard.type('ZT880391829181', { delay: 90 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('手输').isVisible()).toBe(true);
    await page.locator('input[type=file]').first().setInputFiles([photo('P0007-1-waybill.jpg'), photo('P0007-2-tag.jpg')]);
    await expect.poll(() => page.locator('.thumb.read').count(), { timeout: 60_000 }).toBe(2);
    await field.focus();
    await page.keyboard.press('Enter');
    const verdict = page.getByRole('status', { name: '查验结果' });
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toContain('放行');
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-6-cleared-zh.png') });
  });
});
