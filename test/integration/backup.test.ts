// Backups and restore of a station (issue 24): a backup taken while another process inspects is
// consistent, a deleted database comes back from it and the restore names what it lost, a newer
// database is not overwritten unless forced, and a damaged backup is refused by name.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { listBackups, takeBackup, verifyBackup, EVIDENCE_POOL, BACKUP_DB, evidencePath } from '../../electron/main/db/backup';
import { restoreBackup } from '../../electron/main/db/restore';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { backupTracking, inspectOne, runInspectWorker, seedStation } from '../helpers/backupStation';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

function station() {
  const dir = tempDir('backup');
  const dbFile = path.join(dir, 'station.db');
  const dataDir = path.join(dir, 'data');
  const evidenceDir = path.join(dataDir, 'evidence');
  const folder = path.join(dir, 'backups');
  fs.mkdirSync(folder);
  return { dir, dbFile, dataDir, evidenceDir, folder };
}

async function withStorage<T>(dbFile: string, fn: (s: SqliteStorage) => Promise<T>): Promise<T> {
  const s = new SqliteStorage(dbFile);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

describe('station backups', () => {
  it('a backup taken while a second process inspects parcels is consistent: integrity, chain, photos', async () => {
    const st = station();
    await withStorage(st.dbFile, (s) => seedStation(s));
    const rounds = 120;
    let seen = 0;
    const backups: Awaited<ReturnType<typeof takeBackup>>[] = [];
    let taking: Promise<void> | null = null;
    const worker = runInspectWorker(st.dbFile, st.evidenceDir, rounds, (line) => {
      seen = Number(line.split(' ')[1]);
      // Start backing up once the other station is well under way, and keep going while it works.
      if (seen === 10 && !taking) {
        taking = (async () => {
          for (let k = 0; k < 4; k++) backups.push(await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date(Date.UTC(2026, 11, 7, 1, 0, k)) }));
        })();
      }
    });
    await worker;
    await taking;
    expect(backups).toHaveLength(4);
    for (const b of backups) expect(b.problems, b.name).toEqual([]);
    // Taken mid-stream: the first backup holds some but not all of the worker's inspections.
    const heads = backups.map((b) => b.manifest!.chainHead!.seq);
    const final = await withStorage(st.dbFile, async (s) => (await s.chainHead())!.seq);
    expect(heads[0]).toBeGreaterThanOrEqual(2 + 10);
    expect(heads[0]).toBeLessThan(final);
    for (const b of backups) {
      // Verified again from scratch, every photo hashed: the photos of every inspection in the copy are there.
      expect(await verifyBackup(b.dir, { hashPhotos: 'all' })).toEqual([]);
      const db = new Database(path.join(b.dir, BACKUP_DB), { readonly: true });
      const inspections = (db.prepare('SELECT count(*) AS n FROM inspections').get() as { n: number }).n;
      const photos = (db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n;
      db.close();
      expect(photos).toBeGreaterThanOrEqual(inspections);
      expect(b.manifest!.photos.count).toBe(photos);
    }
    // Content-addressed pool: a photo is copied once, however many backups hold it.
    expect(backups.reduce((a, b) => a + b.manifest!.photos.copied, 0)).toBe(backups[3].manifest!.photos.count);
  }, 120_000);

  it('a deleted database is restored from the backup, verifies, names the events after it, and works at once', async () => {
    const st = station();
    await withStorage(st.dbFile, async (s) => {
      await seedStation(s);
      for (let i = 1; i <= 5; i++) await inspectOne(s, st.evidenceDir, 'BKA', i);
    });
    const b = await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date('2026-12-07T01:00:00Z') });
    expect(b.ok).toBe(true);
    const backupHead = b.manifest!.chainHead!.seq;
    await withStorage(st.dbFile, async (s) => {
      for (let i = 6; i <= 9; i++) await inspectOne(s, st.evidenceDir, 'BKA', i);
    });
    const lostTo = backupHead + 4;
    // The disk dies: database and photos gone; the anchor log (another disk, or printed heads) survives.
    for (const f of [st.dbFile, `${st.dbFile}-wal`, `${st.dbFile}-shm`]) fs.rmSync(f, { force: true });
    fs.rmSync(st.evidenceDir, { recursive: true, force: true });

    const r = cli(['--db', st.dbFile, '--data', st.dataDir, 'restore', '--from', st.folder, '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Restored ${b.name}`);
    expect(r.stdout).toContain(`Events ${backupHead + 1}–${lostTo}`);
    expect(r.stdout).toContain('re-inspect every parcel handled in that time');

    await withStorage(st.dbFile, async (s) => {
      const v = await s.verifyAudit();
      expect(v.intact).toBe(true);
      expect(v.anchors?.checked).toBeGreaterThan(0);
      // Works at once: a new inspection with a new photo, then the chain still verifies.
      await inspectOne(s, st.evidenceDir, 'BKB', 1);
      expect((await s.verifyAudit()).intact).toBe(true);
      const restoreEvent = (await s.listAudit({ action: 'station.restore', offset: 0, limit: 5 })).rows[0];
      expect(restoreEvent.details).toMatchObject({ backup: b.name, head: backupHead, lost: { from: backupHead + 1, to: lostTo } });
    });
    // The evidence came back too, byte for byte.
    const db = new Database(st.dbFile, { readonly: true });
    const photos = db.prepare('SELECT sha256, mime FROM photos').all() as { sha256: string; mime: string }[];
    db.close();
    for (const p of photos) expect(fs.existsSync(evidencePath(st.evidenceDir, p.sha256, p.mime))).toBe(true);
  }, 60_000);

  it('refuses to overwrite a newer database unless forced, and names the lost inspections and parcels (zh too)', async () => {
    const st = station();
    await withStorage(st.dbFile, async (s) => {
      await seedStation(s);
      await inspectOne(s, st.evidenceDir, 'BKC', 1);
    });
    const b = await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date('2026-12-07T02:00:00Z') });
    await withStorage(st.dbFile, async (s) => {
      for (let i = 2; i <= 4; i++) await inspectOne(s, st.evidenceDir, 'BKC', i);
    });
    const refused = await restoreBackup({ from: b.dir, dbFile: st.dbFile, dataDir: st.dataDir, now: new Date() });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.refusal).toMatchObject({ code: 'NEWER_DATABASE', backupHead: b.manifest!.chainHead!.seq, lost: { kinds: { inspections: 3, decisions: 0 }, parcels: [2, 3, 4].map((i) => backupTracking('BKC', i)) } });
    expect(fs.existsSync(st.dbFile)).toBe(true);

    const zh = cli(['--db', st.dbFile, '--data', st.dataDir, 'restore', '--from', b.dir, '--lang', 'zh']);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('已拒绝');
    expect(zh.stderr).toContain('3 次查验');
    expect(zh.stderr).not.toMatch(/Refused|inspections/);

    const forced = cli(['--db', st.dbFile, '--data', st.dataDir, 'restore', '--from', b.dir, '--force', '--lang', 'en']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('3 inspections');
    expect(forced.stdout).toContain(`Re-inspect these parcels: ${[2, 3, 4].map((i) => backupTracking('BKC', i)).join(', ')}`);
    const kept = forced.stdout.match(/Kept the replaced file as (\S+station\.db\.before-restore-\S+)/);
    expect(kept).not.toBeNull();
    expect(fs.existsSync(kept![1])).toBe(true);
    await withStorage(st.dbFile, async (s) => expect((await s.verifyAudit()).intact).toBe(true));
  }, 60_000);

  it('a corrupted backup is refused by name, and never counted as good', async () => {
    const st = station();
    await withStorage(st.dbFile, async (s) => {
      await seedStation(s);
      for (let i = 1; i <= 3; i++) await inspectOne(s, st.evidenceDir, 'BKD', i);
    });
    const good = await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date('2026-12-07T03:00:00Z') });
    const bad = await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date('2026-12-07T04:00:00Z') });
    expect(good.ok && bad.ok).toBe(true);
    // Damage the newer backup's database in the middle of the file.
    const file = path.join(bad.dir, BACKUP_DB);
    const bytes = fs.readFileSync(file);
    for (let i = 0; i < 64; i++) bytes[Math.floor(bytes.length / 2) + i] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const problems = await verifyBackup(bad.dir);
    expect(problems.map((p) => p.code)).toContain('DB_HASH');
    expect(problems[0].message).toContain(bad.name);

    const r = cli(['--db', path.join(st.dir, 'new.db'), '--data', path.join(st.dir, 'new-data'), 'restore', '--from', bad.dir, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Refused: backup ${bad.name} failed its check`);
    expect(r.stderr).toContain('does not match the hash in its manifest');
    expect(fs.existsSync(path.join(st.dir, 'new.db'))).toBe(false);

    // A damaged evidence photo in the pool is named too.
    const db = new Database(path.join(good.dir, BACKUP_DB), { readonly: true });
    const p = db.prepare('SELECT sha256, mime FROM photos LIMIT 1').get() as { sha256: string; mime: string };
    db.close();
    const photo = evidencePath(path.join(st.folder, EVIDENCE_POOL), p.sha256, p.mime);
    const pb = fs.readFileSync(photo);
    pb[pb.length - 5] ^= 0x01;
    fs.writeFileSync(photo, pb);
    const photoProblems = await verifyBackup(good.dir, { hashPhotos: 'all' });
    expect(photoProblems.map((x) => x.code)).toEqual(['PHOTO_HASH']);
    expect(photoProblems[0].message).toContain(p.sha256.slice(0, 12));

    // A backup that fails its check right after it is written is reported by name and listed as not good:
    // here a station photo rotted on disk (same size, other bytes) after a new one was stored.
    await withStorage(st.dbFile, (s) => inspectOne(s, st.evidenceDir, 'BKD', 4));
    const db4 = new Database(st.dbFile, { readonly: true });
    const newest = db4.prepare("SELECT sha256, mime FROM photos WHERE original_name = 'p4.png'").get() as { sha256: string; mime: string };
    db4.close();
    const rotten = evidencePath(st.evidenceDir, newest.sha256, newest.mime);
    const rb = fs.readFileSync(rotten);
    rb[rb.length - 5] ^= 0x01;
    fs.writeFileSync(rotten, rb);
    const failed = await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date('2026-12-07T05:00:00Z') });
    expect(failed.ok).toBe(false);
    expect(failed.problems.map((x) => x.code)).toEqual(['PHOTO_HASH']);
    expect(failed.problems[0].message).toContain(failed.name);
    const listed = await listBackups(st.folder);
    expect(listed.map((l) => [l.name, l.good])).toEqual([
      [failed.name, false],
      [bad.name, true], // its verdict as written; restore checks again, as above
      [good.name, true],
    ]);
  }, 60_000);
  it('replaces an older copy of the same station without --force, but not a database of another history', async () => {
    const st = station();
    await withStorage(st.dbFile, async (s) => {
      await seedStation(s);
      await inspectOne(s, st.evidenceDir, 'BKE', 1);
    });
    const older = await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date('2026-12-07T06:00:00Z') });
    await withStorage(st.dbFile, (s) => inspectOne(s, st.evidenceDir, 'BKE', 2));
    const newer = await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date('2026-12-07T07:00:00Z') });
    // A machine holding an older copy of the file catches up from the newer backup: nothing of its own is lost.
    const copy = path.join(st.dir, 'copy.db');
    fs.copyFileSync(path.join(older.dir, BACKUP_DB), copy);
    const caughtUp = await restoreBackup({ from: newer.dir, dbFile: copy, dataDir: path.join(st.dir, 'copy-data'), now: new Date() });
    expect(caughtUp.ok && caughtUp.report.lost).toBeNull();
    await withStorage(copy, async (s) => expect((await s.verifyAudit()).intact).toBe(true));
    // Another station's database, shorter but not a copy of this one: refused, naming where they differ.
    const other = path.join(st.dir, 'other.db');
    await withStorage(other, (s) => seedStation(s));
    const refused = await restoreBackup({ from: newer.dir, dbFile: other, dataDir: path.join(st.dir, 'other-data'), now: new Date() });
    expect(!refused.ok && refused.refusal).toMatchObject({ code: 'OTHER_HISTORY', seq: 2 });
  }, 60_000);
  it('the command line backs up, rotates, and reports a folder it cannot write, in zh and en', async () => {
    const st = station();
    await withStorage(st.dbFile, async (s) => {
      await seedStation(s);
      await inspectOne(s, st.evidenceDir, 'BKF', 1);
    });
    const args = ['--db', st.dbFile, '--data', st.dataDir, 'backup', '--out', st.folder];
    const first = cli([...args, '--lang', 'en']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^Backup backup-\S+ written and verified in \d+ ms: 3 events \(head 3\), 1 evidence files \(1 new\)/);
    const firstName = (await listBackups(st.folder))[0].name;
    // A backup cut off two hours ago left its half-written folder; one being written now is left alone.
    const cutOff = path.join(st.folder, 'backup-2026-01-01T00-00-00Z.partial');
    const writing = path.join(st.folder, 'backup-2026-01-01T01-00-00Z.partial');
    fs.mkdirSync(cutOff);
    fs.mkdirSync(writing);
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(cutOff, twoHoursAgo, twoHoursAgo);
    const second = cli([...args, '--keep', '1', '--lang', 'zh']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('已写入并校验');
    expect(second.stdout).toContain('新增 0 个');
    expect(second.stdout).toContain(`按保留规则删除：${firstName}`);
    expect((await listBackups(st.folder)).map((b) => b.name)).not.toContain(firstName);
    expect(second.stdout).toContain(path.basename(cutOff));
    expect([fs.existsSync(cutOff), fs.existsSync(writing)]).toEqual([false, true]);

    const notAFolder = path.join(st.dir, 'a-file');
    fs.writeFileSync(notAFolder, 'x');
    const failed = cli(['--db', st.dbFile, '--data', st.dataDir, 'backup', '--out', notAFolder, '--lang', 'zh']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('失败，不计为有效备份');
    expect(failed.stderr).toContain('无法访问或写入备份文件夹');
    const badKeep = cli([...args, '--keep', '0', '--lang', 'en']);
    expect(badKeep.code).toBe(2);
    expect(badKeep.stderr).toContain('--keep 0: expected a whole number of at least 1');
  }, 120_000);
  it('a restore that fails half-way is undone: the database it was replacing is back as it was', async () => {
    const st = station();
    await withStorage(st.dbFile, async (s) => {
      await seedStation(s);
      await inspectOne(s, st.evidenceDir, 'BKG', 1);
    });
    const b = await takeBackup({ dbFile: st.dbFile, evidenceDir: st.evidenceDir, folder: st.folder, now: new Date('2026-12-07T08:00:00Z') });
    await withStorage(st.dbFile, (s) => inspectOne(s, st.evidenceDir, 'BKG', 2));
    const headBefore = await withStorage(st.dbFile, async (s) => (await s.chainHead())!.seq);
    // The target's evidence folder cannot be written (here: a file stands where the folder should be).
    const target = path.join(st.dir, 'target-data');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'evidence'), 'not a folder');
    await expect(restoreBackup({ from: b.dir, dbFile: st.dbFile, dataDir: target, force: true, now: new Date() })).rejects.toThrow(/failed and was undone/);
    expect(fs.readdirSync(st.dir).filter((f) => f.includes('before-restore'))).toEqual([]);
    await withStorage(st.dbFile, async (s) => {
      expect((await s.chainHead())!.seq).toBe(headBefore);
      expect((await s.verifyAudit()).intact).toBe(true);
    });
  }, 60_000);
});
