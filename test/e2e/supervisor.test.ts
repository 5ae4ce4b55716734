// End to end for supervisors: release with a reason, four-eyes, the outbound gate's alarm, the
// audit chain verified in the UI; and an inspector refused by the API itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { launchChromium } from '../helpers/browser';
import { signIn } from '../helpers/ui';
import { unwrap } from '../helpers/unwrap';
import { ARTIFACTS, packFile, tempDir } from '../helpers/paths';
import { SYSTEM } from '../../shared/systemIdentities';

let bridge: Bridge;
let browser: Browser;
let heldId = 0;


beforeAll(async () => {
  const dir = tempDir('e2e-sup');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  bridge = await startBridge({ dbFile: path.join(dir, 'station.db'), dataDir: path.join(dir, 'data'), port: 0 });
  const s = bridge.service;
  const sys = { system: SYSTEM.test };
  await unwrap(s.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, sys));
  await unwrap(s.call('users:add', { name: 'Li Na', role: 'inspector', pin: '2468', locale: 'en' }, sys));
  await unwrap(s.call('users:add', { name: 'Wang', role: 'supervisor', pin: '1357', locale: 'en' }, sys));
  await unwrap(s.call('users:add', { name: 'Boss', role: 'admin', pin: '9753', locale: 'en' }, sys));
  // Parcels held without photos (nothing of the goods could be read): one by the inspector, one by Wang himself.
  const li = await unwrap(s.call('session:signIn', { name: 'Li Na', pin: '2468', station: 'S1' }));
  const wang = await unwrap(s.call('session:signIn', { name: 'Wang', pin: '1357', station: 'S9' }));
  heldId = (await unwrap(s.call('parcel:inspect', { scan: 'SF529989826725', photoIds: [] }, { token: li.token }))).holdId!;
  await unwrap(s.call('hold:setLocation', { holdId: heldId, location: 'A-01' }, { token: li.token }));
  await unwrap(s.call('parcel:inspect', { scan: 'ZT884190506534', photoIds: [] }, { token: wang.token }));
  await unwrap(s.call('parcel:inspect', { scan: 'SF311966278823', photoIds: [] }, { token: li.token }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});


describe('supervisor in Chromium', () => {
  it('an inspector cannot decide a hold through the API, whatever the UI shows', async () => {
    const page = await browser.newPage();
    await page.goto(bridge.url);
    const result = await page.evaluate(async (holdId) => {
      const post = (channel: string, body: unknown) => fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
      const session = await post('session:signIn', { req: { name: 'Li Na', pin: '2468', station: 'S1' } });
      return post('hold:decide', { req: { holdId, disposition: 'RELEASE', reason: 'I think it is fine' }, token: session.value.token });
    }, heldId);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await page.close();
  });

  it('releases a hold with a reason; four-eyes refuses a self-release; the gate refuses a held parcel with an alarm; the audit chain verifies', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, bridge.url, 'Wang', '1357');
    await page.getByRole('button', { name: 'Hold queue' }).click();
    const queue = page.getByRole('table', { name: 'Hold queue' });
    await expect.poll(() => queue.getByRole('row').count()).toBe(4);
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-1-queue.png') });

    // Release Li Na's hold, with a reason.
    await page.getByRole('button', { name: 'Open SF529989826725' }).click();
    // The detail has loaded: its order, then the decision form.
    await expect.poll(() => page.getByText(/ORD700001/).first().isVisible()).toBe(true);
    await page.getByRole('radio', { name: 'Release' }).check();
    await page.getByRole('textbox', { name: 'Reason (required)' }).fill('Re-photographed: plain notebook, no brand');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-2-detail.png') });
    await page.getByRole('button', { name: 'Sign: Release' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Decision recorded: Release' }).isVisible()).toBe(true);
    // The result shows beside the button, within a 1366×768 screen.
    const box = await page.getByRole('status').filter({ hasText: 'Decision recorded' }).boundingBox();
    expect(box!.y + box!.height).toBeLessThan(768 + (await page.evaluate(() => window.scrollY)));
    await page.getByRole('button', { name: 'Close' }).click();

    // Wang inspected this one himself: four-eyes does not offer him Release, and says why up front.
    await page.getByRole('button', { name: 'Open ZT884190506534' }).click();
    await expect.poll(() => page.getByRole('radio', { name: 'Release' }).isDisabled()).toBe(true);
    expect(await page.getByRole('note').filter({ hasText: 'four-eyes' }).textContent()).toMatch(/Wang inspected this parcel/);
    // The service refuses it all the same when asked directly.
    const self = await unwrap(bridge.service.call('session:signIn', { name: 'Wang', pin: '1357', station: 'S9' }));
    const refused = await bridge.service.call('hold:decide', { holdId: (await unwrap(bridge.service.call('parcel:lookup', { trackingNo: 'ZT884190506534' }, { system: 'test' }))).parcel!.openHold!.holdId, disposition: 'RELEASE', reason: 'My own parcel, looks fine' }, { token: self.token });
    expect(!refused.ok && refused.error.code).toBe('FOUR_EYES');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-3-four-eyes.png') });
    await page.getByRole('button', { name: 'Close' }).click();

    // Outbound: the released parcel goes on, the held one is refused with the alarm.
    await page.getByRole('button', { name: 'Outbound' }).click();
    await page.getByRole('textbox', { name: 'Destination' }).fill('Los Angeles');
    await page.getByRole('textbox', { name: 'Carrier' }).fill('SF International');
    await page.getByRole('button', { name: 'New shipment' }).last().click();
    const scan = page.getByRole('textbox', { name: 'Scan parcel into shipment' });
    await expect.poll(() => scan.isVisible()).toBe(true);
    await scan.fill('SF529989826725');
    await scan.press('Enter');
    await expect.poll(() => page.getByText('SF529989826725 added').isVisible()).toBe(true);
    await scan.fill('SF311966278823');
    await scan.press('Enter');
    const alarm = page.getByRole('alert');
    await expect.poll(() => alarm.textContent()).toContain('REFUSED');
    expect(await alarm.textContent()).toContain('SF311966278823 may not leave');
    expect(await alarm.textContent()).toContain('Held');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-4-gate-alarm.png') });
    await page.getByRole('button', { name: 'Close shipment' }).click();
    await expect.poll(() => page.getByText(/Closed/).first().isVisible()).toBe(true);

    // Destroy asks first, naming the parcel; nothing is decided until it is confirmed.
    await page.getByRole('button', { name: 'Hold queue' }).click();
    await page.getByRole('button', { name: 'Open SF311966278823' }).click();
    await page.getByRole('radio', { name: 'Destroy' }).check();
    await page.getByRole('textbox', { name: 'Reason (required)' }).fill('Counterfeit confirmed by the brand agent');
    await page.getByRole('button', { name: 'Sign: Destroy' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect.poll(() => confirm.textContent()).toContain('Destroy parcel SF311966278823?');
    const still = await unwrap(bridge.service.call('parcel:lookup', { trackingNo: 'SF311966278823' }, { system: 'test' }));
    expect(still.parcel?.status).toBe('HELD');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-3b-destroy-confirm.png') });
    await confirm.getByRole('button', { name: 'Yes, destroy SF311966278823' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Decision recorded: Destroy' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('decided');
    await expect.poll(() => page.getByRole('table', { name: 'Hold queue' }).textContent()).toMatch(/Destroy by Wang/);

    // The audit trail: verify in the UI.
    await page.getByRole('button', { name: 'Audit' }).click();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Audit chain intact: \d+ events checked/);
    const table = page.getByRole('table', { name: 'Audit trail' });
    expect(await table.textContent()).toContain('Released');
    expect(await table.textContent()).toContain('Parcel refused at the gate');
    expect(await table.textContent()).not.toContain('{"');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-5-audit.png') });

    await page.getByRole('button', { name: 'Reports' }).click();
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-6-reports.png'), fullPage: true });
  });

  it('an administrator unlocks a locked-out user and resets a PIN', async () => {
    for (let i = 0; i < 5; i++) await bridge.service.call('session:signIn', { name: 'Li Na', pin: '0000', station: 'S1' });
    const locked = await bridge.service.call('session:signIn', { name: 'Li Na', pin: '2468', station: 'S1' });
    expect(!locked.ok && locked.error.code).toBe('LOCKED_OUT');
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, bridge.url, 'Boss', '9753');
    await page.getByRole('button', { name: 'Data & users' }).click();
    const users = page.getByRole('table', { name: 'User list' });
    await expect.poll(() => users.textContent()).toContain('Locked until');
    await page.getByRole('button', { name: 'Unlock Li Na' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Li Na is unlocked' }).isVisible()).toBe(true);
    expect((await bridge.service.call('session:signIn', { name: 'Li Na', pin: '2468', station: 'S1' })).ok).toBe(true);

    await page.getByRole('button', { name: 'Reset PIN Li Na' }).click();
    await page.getByLabel('New PIN (4 to 12 digits)').fill('12');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The PIN must be 4 to 12 digits');
    await page.getByLabel('New PIN (4 to 12 digits)').fill('8642');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: "Li Na's PIN is reset" }).isVisible()).toBe(true);
    expect((await bridge.service.call('session:signIn', { name: 'Li Na', pin: '8642', station: 'S1' })).ok).toBe(true);
    expect((await bridge.service.call('session:signIn', { name: 'Li Na', pin: '2468', station: 'S1' })).ok).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-users.png') });
  });
});
