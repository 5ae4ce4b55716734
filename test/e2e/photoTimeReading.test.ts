// Photo-time reading at the station: each photo goes to the reader as it is taken, so by the time
// the inspector presses Enter the reads are done and the verdict uses them; no photo is read again.
// Seen by the reading client's count of photos sent to the reading process, not by timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { launchChromium } from '../helpers/browser';
import { signIn } from '../helpers/ui';
import { packFile, PUBLIC_PACK, tempDir } from '../helpers/paths';

let bridge: Bridge;
let browser: Browser;

beforeAll(async () => {
  const dir = tempDir('e2e-photo-time');
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const r = await bridge.service.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, { system: 'test' });
  if (!r.ok) throw new Error(r.error.message);
  const u = await bridge.service.call('users:add', { name: 'Li Na', role: 'inspector', pin: '2468', locale: 'en' }, { system: 'test' });
  if (!u.ok) throw new Error(u.error.message);
  await bridge.service.warmUp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

describe('reading each photo when it is taken', () => {
  it('reads the photos before Enter, and the verdict follows Enter without a new read', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page, bridge.url, 'Li Na', '2468');
    const field = page.getByRole('textbox', { name: 'Tracking number' });
    await field.focus();
    await page.keyboard.type('ZT311294804327', { delay: 4 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('scanned').isVisible(), { timeout: 20_000 }).toBe(true);
    const sentBefore = bridge.service.ocr.readsSent;

    // Two photos taken one after the other: each is sent to the reader as it arrives.
    await page.locator('input[type=file]').first().setInputFiles(path.join(PUBLIC_PACK, 'photos', 'P0012-1-waybill.jpg'));
    await page.locator('input[type=file]').first().setInputFiles(path.join(PUBLIC_PACK, 'photos', 'P0012-2-tag.jpg'));
    await expect.poll(() => page.locator('.thumb.read').count(), { timeout: 120_000 }).toBe(2);
    expect(bridge.service.ocr.readsSent - sentBefore).toBe(2);

    await field.focus();
    await page.keyboard.press('Enter');
    const verdict = page.getByRole('status', { name: 'Verdict' });
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toContain('HOLD');
    expect(await verdict.textContent()).toContain('Burberry');
    // The verdict came from the reads already done: nothing more was sent to the reader.
    expect(bridge.service.ocr.readsSent - sentBefore).toBe(2);
  });
});
