// End to end, the station as warehouse staff use it all day: the scanner wins wherever the focus
// is, an unknown tracking number warns at scan, an unreadable photo asks for a retake, keys that
// cannot act say why, and a hold left without a shelf stays listed until it has one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { unwrap } from '../helpers/unwrap';
import { launchChromium } from '../helpers/browser';
import { signIn } from '../helpers/ui';
import { packFile, tempDir } from '../helpers/paths';

let bridge: Bridge;
let browser: Browser;
let dir: string;
let blank: string;


beforeAll(async () => {
  dir = tempDir('e2e-scanner');
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const s = bridge.service;
  await unwrap(s.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, { system: 'test' }));
  await unwrap(s.call('shelves:import', { file: { name: 'shelves.csv', bytes: new TextEncoder().encode('code,label\nA-01,Row A\nA-02,Row A\n') } }, { system: 'test' }));
  await unwrap(s.call('users:add', { name: 'Li Na', role: 'inspector', pin: '2468', locale: 'en' }, { system: 'test' }));
  // A photo with nothing on it: no barcode, no text. The rules call it unreadable.
  blank = path.join(dir, 'blank.jpg');
  await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#7a7a7a' } }).jpeg().toFile(blank);
  browser = await launchChromium(); // no camera
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

/**
 * A USB scanner: every key within a few milliseconds, then Enter, wherever the focus is. (Whether
 * the station labels it "scanned" or "typed" depends on this machine's load; where the keys land
 * does not, and that is what these tests check.)
 */
async function scannerBurst(page: Page, text: string) {
  await page.keyboard.type(text, { delay: 4 });
  await page.keyboard.press('Enter');
}

const tracking = (page: Page) => page.getByRole('region', { name: 'Tracking' }).locator('.tracking');

describe('station: the scanner always wins', () => {
  let page: Page;

  it('warns at scan time when the tracking number matches no order, before any photo', async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, bridge.url, 'Li Na', '2468');
    await page.getByRole('textbox', { name: 'Tracking number' }).focus();
    await scannerBurst(page, 'UNK00000001');
    const warning = page.getByRole('alert').filter({ hasText: 'matches no order' });
    await expect.poll(() => warning.isVisible()).toBe(true);
    expect(await warning.textContent()).toContain('UNK00000001');
    expect(await page.locator('.thumb').count()).toBe(0);
  });

  it('Enter with no photos and Space with no camera say why nothing happened', async () => {
    await page.getByRole('textbox', { name: 'Tracking number' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Take at least one photo first' }).isVisible()).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'No camera' }).isVisible()).toBe(true);
  });

  it('marks an unreadable photo at once and asks for a retake; Retake without a camera opens the file chooser', async () => {
    await page.locator('input[type=file]').first().setInputFiles(blank);
    const thumb = page.locator('.thumb');
    await expect.poll(() => thumb.textContent(), { timeout: 60_000 }).toContain('Could not be read');
    expect(await thumb.getByRole('alert').textContent()).toContain('retake it');
    const chooser = page.waitForEvent('filechooser', { timeout: 5000 });
    await thumb.getByRole('button', { name: 'Retake' }).click();
    const fc = await chooser;
    await fc.setFiles(blank);
    await expect.poll(() => page.locator('.thumb').textContent(), { timeout: 60_000 }).toContain('Could not be read');
    expect(await page.locator('.thumb').count()).toBe(1);
    await page.getByRole('textbox', { name: 'Tracking number' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status', { name: 'Verdict' }).textContent(), { timeout: 60_000 }).toContain('HOLD');
  });

  it('a scan while the focus is on the shelf list starts the next parcel and leaves the shelf unchanged', async () => {
    const shelf = page.getByRole('combobox', { name: 'Hold location' });
    await shelf.focus();
    await scannerBurst(page, 'ZT880391829181');
    await expect.poll(() => tracking(page).textContent()).toContain('ZT880391829181');
    expect(await page.getByRole('textbox', { name: 'Tracking number' }).inputValue()).toBe('');
    const held = await unwrap(bridge.service.call('parcel:lookup', { trackingNo: 'UNK00000001' }, { system: 'test' }));
    expect(held.parcel?.status).toBe('HELD');
    expect(held.parcel?.openHold?.location).toBeNull();
    // The hold without a shelf stays listed at the top of the station.
    const needs = page.getByRole('region', { name: 'Held parcels that need a shelf' });
    await expect.poll(() => needs.isVisible()).toBe(true);
    expect(await needs.textContent()).toContain('UNK00000001');

    // Open it, scan its shelf: it is shelved and leaves the list.
    await needs.getByRole('button', { name: 'UNK00000001' }).click();
    await expect.poll(() => tracking(page).textContent()).toContain('UNK00000001');
    await scannerBurst(page, 'A-02');
    await expect.poll(() => needs.isVisible()).toBe(false);
    const shelved = await unwrap(bridge.service.call('parcel:lookup', { trackingNo: 'UNK00000001' }, { system: 'test' }));
    expect(shelved.parcel?.openHold?.location).toBe('A-02');
  });

  it('moving a held parcel to another shelf and finding it are one scan each', async () => {
    await scannerBurst(page, 'UNK00000001');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Already on hold' }).textContent()).toContain('A-02');
    await scannerBurst(page, 'A-01');
    await expect.poll(async () => (await unwrap(bridge.service.call('parcel:lookup', { trackingNo: 'UNK00000001' }, { system: 'test' }))).parcel?.openHold?.location).toBe('A-01');
  });

  it('a scan after a mouse click on a button starts the next parcel', async () => {
    await page.getByRole('button', { name: /Take photo/ }).click();
    await scannerBurst(page, 'ZT311294804327');
    await expect.poll(() => tracking(page).textContent()).toContain('ZT311294804327');
  });
});
