// The whole public pack through the station UI, as an inspector would work it: scanner for the
// tracking number, the camera for the goods, files for the other photos; alternating Chinese and
// English. Every verdict must match the pack, and every HOLD must end with a location and a tag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { launchChromium, photoToY4m } from '../helpers/browser';
import { signIn } from '../helpers/ui';
import { ARTIFACTS, packFile, PUBLIC_PACK, tempDir } from '../helpers/paths';

interface Parcel {
  id: string;
  scan: string | null;
  photos: string[];
}
interface Expected {
  id: string;
  outcome: 'CLEAR' | 'HOLD';
  reasons: string[];
  tracking: string;
}

let bridge: Bridge;
let dir: string;

beforeAll(async () => {
  dir = tempDir('e2e-pack');
  fs.mkdirSync(path.join(ARTIFACTS, 'pack-tags'), { recursive: true });
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const s = bridge.service;
  for (const r of [
    await s.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, { system: 'test' }),
    await s.call('users:add', { name: 'Zhou', role: 'inspector', pin: '8642', locale: 'zh' }, { system: 'test' }),
    await s.call(
      'shelves:import',
      { file: { name: 'shelves.csv', bytes: new TextEncoder().encode(`code\n${Array.from({ length: 60 }, (_, i) => `H-${String(i + 1).padStart(2, '0')}`).join('\n')}\n`) } },
      { system: 'test' },
    ),
  ]) {
    if (!r.ok) throw new Error(r.error.message);
  }
  await s.warmUp();
});

afterAll(async () => bridge?.close());

describe('the public pack at the station, by scanner and camera', () => {
  it('gives every parcel its expected verdict; every hold gets a location and a printed tag', async () => {
    const parcels: Parcel[] = JSON.parse(fs.readFileSync(path.join(PUBLIC_PACK, 'parcels.json'), 'utf8'));
    const expected = new Map((JSON.parse(fs.readFileSync(path.join(PUBLIC_PACK, 'expected.json'), 'utf8')) as Expected[]).map((e) => [e.id, e]));
    const results: string[] = [];
    const wrong: string[] = [];
    for (const [i, p] of parcels.entries()) {
      const photos = p.photos.map((f) => path.join(PUBLIC_PACK, f));
      const cameraPhoto = photos.find((f) => /tag/.test(f)) ?? photos[0];
      const browser = await launchChromium({ fakeCamera: photoToY4m(cameraPhoto, path.join(dir, `${p.id}.y4m`)) });
      try {
        const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
        await signIn(page, bridge.url, 'Zhou', '8642');
        const field = page.getByRole('textbox', { name: 'Tracking number' });
        const english = i % 2 === 1;
        // The choice is the user's and is remembered: set it either way.
        await page.getByRole('combobox', { name: /语言|Language/ }).selectOption(english ? 'en' : 'zh');

        if (p.scan) {
          await field.focus();
          await page.keyboard.type(p.scan, { delay: 3 });
          await page.keyboard.press('Enter');
        }
        await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
        await field.focus();
        await page.keyboard.press('Space');
        const others = photos.filter((f) => f !== cameraPhoto);
        if (others.length) await page.locator('input[type=file]').first().setInputFiles(others);
        await expect.poll(() => page.locator('.thumb').count()).toBe(photos.length);
        await field.focus();
        await page.keyboard.press('Enter');
        const verdict = page.getByRole('status', { name: english ? 'Verdict' : '查验结果' });
        try {
          await expect.poll(() => verdict.locator('.verdict-word').count(), { timeout: 60_000 }).toBe(1);
        } catch (err) {
          await page.screenshot({ path: path.join(ARTIFACTS, 'pack-tags', `${p.id}-no-verdict.png`) });
          throw new Error(`${p.id}: no verdict on screen (${await verdict.textContent()})`, { cause: err });
        }
        const word = (await verdict.locator('.verdict-word').textContent()) ?? '';
        const outcome = /HOLD|扣留/.test(word) ? 'HOLD' : 'CLEAR';
        const codes = (await verdict.locator('.reasons li').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.code ?? ''))).sort();
        const e = expected.get(p.id)!;
        const line = `${p.id} ${outcome} ${codes.join(',')}`;
        results.push(line);
        if (line !== `${p.id} ${e.outcome} ${[...e.reasons].sort().join(',')}`) wrong.push(`${line} (expected ${e.outcome} ${e.reasons.join(',')})`);

        if (outcome === 'HOLD') {
          // The shelf's barcode, scanned like the parcel's.
          const shelf = `H-${String(i + 1).padStart(2, '0')}`;
          await page.keyboard.type(shelf, { delay: 4 });
          await page.keyboard.press('Enter');
          // Saved when the hold panel says so (the recent list shows earlier shelves too).
          await expect.poll(() => page.getByRole('region', { name: /Hold shelf|扣留货架/ }).getByRole('status').filter({ hasText: shelf }).count()).toBe(1);
          await page.emulateMedia({ media: 'print' });
          const pdf = path.join(ARTIFACTS, 'pack-tags', `${p.id}.pdf`);
          await page.pdf({ path: pdf, width: '100mm', height: '150mm', printBackground: true });
          const text = execFileSync('pdftotext', [pdf, '-']).toString();
          expect(text).toContain(e.tracking);
          expect(text).toContain(shelf);
        }
        if (i === 0 || (outcome === 'HOLD' && i < 12)) await page.screenshot({ path: path.join(ARTIFACTS, 'pack-tags', `${p.id}.png`) });
      } finally {
        await browser.close();
      }
    }
    fs.writeFileSync(path.join(ARTIFACTS, 'pack-station-verdicts.txt'), results.join('\n'));
    expect(wrong).toEqual([]);
    // Every hold of the pack is on a shelf.
    const holds = await bridge.service.call('holds:list', { page: { offset: 0, limit: 100 } }, { system: 'test' });
    if (!holds.ok) throw new Error(holds.error.message);
    expect(holds.value.total).toBe([...expected.values()].filter((e) => e.outcome === 'HOLD').length);
    expect(holds.value.rows.filter((h) => !h.location)).toEqual([]);
    // Every parcel through a real browser with OCR: minutes on a loaded machine.
  }, 1_500_000);
});
