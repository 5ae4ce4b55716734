// The station's backup schedule and channels under Node with a clock the test moves (no waiting):
// every 4 hours, at the sign-out of the last user, retried soon after a failure; the status the admin
// panel and the top bar show (last good backup, warnings) and who may run or set backups.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/main/db/backup';
import { freshService } from '../helpers/service';
import { tempDir } from '../helpers/paths';
import { SYSTEM } from '../../shared/systemIdentities';

const H = 3_600_000;

function clockedStation() {
  let now = Date.parse('2026-12-07T01:00:00Z');
  const t = freshService({ now: () => new Date(now) });
  const folder = tempDir('backup-folder');
  return { t, folder, advance: (ms: number) => (now += ms) };
}

describe('backup schedule and channels', () => {
  it('backs up when first set up, every 4 hours after, and not between', async () => {
    const { t, folder, advance } = clockedStation();
    await t.sys('users:add', { name: 'root', role: 'admin', pin: '1234' });
    expect((await t.sys('backup:status', {})).warnings).toEqual(['not-configured']);
    expect(await t.service.backups.schedule.tick()).toBe(false); // no folder, nothing scheduled
    await t.sys('backup:setSettings', { folder, keepLast: 14, intervalHours: 4 });
    expect((await t.sys('backup:status', {})).warnings).toEqual(['none-yet']);
    expect(await t.service.backups.schedule.tick()).toBe(true);
    const s1 = await t.sys('backup:status', {});
    expect(s1.warnings).toEqual([]);
    expect(s1.lastGood).toMatchObject({ takenAt: '2026-12-07T01:00:00.000Z', folder });
    advance(3 * H + 59 * 60_000);
    expect(await t.service.backups.schedule.tick()).toBe(false);
    advance(60_000);
    expect(await t.service.backups.schedule.tick()).toBe(true);
    expect((await listBackups(folder)).map((b) => b.good)).toEqual([true, true]);
    // A day and more without a good backup: the warning both screens show.
    advance(25 * H);
    expect((await t.sys('backup:status', {})).warnings).toEqual(['stale']);
    await t.service.close();
  });

  it('backs up at the sign-out of the last user, not while another is still signed in', async () => {
    const { t, folder, advance } = clockedStation();
    await t.sys('users:add', { name: 'root', role: 'admin', pin: '1234' });
    await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '5678' });
    await t.sys('backup:setSettings', { folder, keepLast: 14, intervalHours: 4 });
    await t.service.backups.run('test');
    advance(H);
    const signIn = async (name: string, pin: string) => {
      const r = await t.service.call('session:signIn', { name, pin, station: 'S1' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.token;
    };
    const root = await signIn('root', '1234');
    const ann = await signIn('ann', '5678');
    expect((await t.service.call('session:signOut', {}, { token: ann })).ok).toBe(true);
    expect((await t.sys('backup:status', {})).running).toBe(false);
    expect(await listBackups(folder)).toHaveLength(1);
    advance(60_000);
    expect((await t.service.call('session:signOut', {}, { token: root })).ok).toBe(true);
    // The sign-out backup runs in the background: signing out does not wait for it.
    expect((await t.sys('backup:status', {})).running).toBe(true);
    await t.service.backups.idle();
    expect(await listBackups(folder)).toHaveLength(2);
    expect((await t.sys('backup:status', {})).lastRun).toMatchObject({ ok: true, why: 'sign-out' });
    await t.service.close();
  });

  it('an unreachable folder is a warning, a failed run is never the last good one, and it is retried in 15 minutes', async () => {
    const { t, folder, advance } = clockedStation();
    await t.sys('users:add', { name: 'root', role: 'admin', pin: '1234' });
    await t.sys('backup:setSettings', { folder, keepLast: 14, intervalHours: 4 });
    expect(await t.service.backups.schedule.tick()).toBe(true);
    const good = (await t.sys('backup:status', {})).lastGood;
    // The USB drive is unplugged.
    fs.renameSync(folder, `${folder}-away`);
    advance(4 * H);
    expect(await t.service.backups.schedule.tick()).toBe(true);
    const s = await t.sys('backup:status', {});
    expect(s.warnings).toEqual(['unreachable', 'last-failed']);
    expect(s.lastRun).toMatchObject({ ok: false, problems: [{ code: 'FOLDER_UNREACHABLE' }] });
    expect(s.lastRun!.problems[0].messageZh).toContain('无法访问');
    expect(s.lastGood).toEqual(good);
    // Not created on the local disk in its place.
    expect(fs.existsSync(folder)).toBe(false);
    advance(14 * 60_000);
    expect(await t.service.backups.schedule.tick()).toBe(false);
    fs.renameSync(`${folder}-away`, folder);
    advance(60_000);
    expect(await t.service.backups.schedule.tick()).toBe(true);
    expect((await t.sys('backup:status', {})).warnings).toEqual([]);
    await t.service.close();
  });

  it('refuses a missing folder or one inside the station data folder, in the user language key; only admins run backups', async () => {
    const { t } = clockedStation();
    await t.sys('users:add', { name: 'root', role: 'admin', pin: '1234' });
    await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '5678' });
    const missing = await t.service.call('backup:setSettings', { folder: path.join(t.dir, 'no-such-drive'), keepLast: 14, intervalHours: 4 }, { system: SYSTEM.test });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'BAD_REQUEST', key: 'backupFolderUnreachable' });
    fs.mkdirSync(path.join(t.dir, 'data', 'inside'), { recursive: true });
    const inside = await t.service.call('backup:setSettings', { folder: path.join(t.dir, 'data', 'inside'), keepLast: 14, intervalHours: 4 }, { system: SYSTEM.test });
    expect(!inside.ok && inside.error).toMatchObject({ key: 'backupFolderInsideData' });
    const s = await t.service.call('session:signIn', { name: 'ann', pin: '5678', station: 'S1' });
    const token = s.ok ? s.value.token : null;
    expect((await t.service.call('backup:status', {}, { token })).ok).toBe(true);
    const run = await t.service.call('backup:run', {}, { token });
    expect(!run.ok && run.error.code).toBe('FORBIDDEN');
    await t.service.close();
  });
});
