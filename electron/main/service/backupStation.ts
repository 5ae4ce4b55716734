// This station's backups as the service sees them: the admin's settings and the last results (two small
// files in the data folder, so they belong to the machine and its drives, not to the database that a
// restore replaces), taking one backup at a time, and the schedule that decides when.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { backupWarnings } from '../../../shared/backup/backupHealth';
import { DEFAULT_BACKUP_SETTINGS, type BackupSettings, type BackupStatus } from '../../../shared/backup/backupStatus';
import { DEFAULT_ROTATION } from '../../../shared/backup/rotation';
import { AppError } from '../../../shared/result';
import { rotateBackups, takeBackup, type BackupResult } from '../db/backup';
import { isServerUrl } from '../db/dbSetting';
import type { Storage } from '../db/storage';
import { BackupSchedule } from './backupSchedule';

const SETTINGS_FILE = 'backup-settings.json';
const STATUS_FILE = 'backup-status.json';

const settingsSchema = z.object({
  folder: z.string().min(1).nullable(),
  keepLast: z.number().int().min(1).max(365),
  intervalHours: z.number().int().min(1).max(168),
});

const problemSchema = z.object({ code: z.string(), message: z.string(), messageZh: z.string() });
const statusSchema = z.object({
  lastGood: z.object({ name: z.string(), takenAt: z.string(), folder: z.string(), events: z.number(), photos: z.number() }).nullable(),
  lastRun: z.object({ at: z.string(), ok: z.boolean(), name: z.string(), why: z.string(), problems: z.array(problemSchema) }).nullable(),
});
type StoredStatus = z.infer<typeof statusSchema>;

export interface BackupStationOptions {
  dbFile: string;
  dataDir: string;
  now: () => Date;
  storage: Storage;
  nativeBinding?: string;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await fsp.writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  await fsp.rename(tmp, file);
}

function readJson<T>(file: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const r = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return r.success ? r.data : fallback;
  } catch {
    return fallback;
  }
}

/** Whether a folder is there and writable now (a drive can be unplugged at any time). */
async function reachable(folder: string): Promise<boolean> {
  try {
    if (!(await fsp.stat(folder)).isDirectory()) return false;
    await fsp.access(folder, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export class BackupStation {
  readonly schedule: BackupSchedule;
  private running: Promise<BackupStatus> | null = null;

  constructor(private readonly o: BackupStationOptions) {
    this.schedule = new BackupSchedule({
      now: o.now,
      enabled: () => this.applicable && this.settings().folder !== null,
      intervalMs: () => this.settings().intervalHours * 3_600_000,
      lastAttempt: () => {
        const r = this.stored().lastRun;
        return r ? { at: Date.parse(r.at), ok: r.ok } : null;
      },
      run: (why) => this.run(why),
    });
  }

  /** Only a station's own SQLite file is backed up here; a server is backed up by its owner. */
  get applicable(): boolean {
    return !isServerUrl(this.o.dbFile) && this.o.dbFile !== ':memory:' && this.o.dbFile !== '';
  }

  settings(): BackupSettings {
    return readJson(path.join(this.o.dataDir, SETTINGS_FILE), settingsSchema, DEFAULT_BACKUP_SETTINGS);
  }

  private stored(): StoredStatus {
    return readJson(path.join(this.o.dataDir, STATUS_FILE), statusSchema, { lastGood: null, lastRun: null });
  }

  async saveSettings(s: BackupSettings, actor: string): Promise<BackupStatus> {
    if (!this.applicable) throw new AppError('BAD_REQUEST', 'This station works on a database server: the server is backed up by its owner (pg_dump), not by stations', undefined, { key: 'backupNotHere' });
    const folder = s.folder === null ? null : path.resolve(s.folder);
    if (folder !== null) {
      if (!(await reachable(folder))) throw new AppError('BAD_REQUEST', `The backup folder ${folder} does not exist or cannot be written`, undefined, { key: 'backupFolderUnreachable', params: { folder } });
      const data = path.resolve(this.o.dataDir);
      // A backup on the station's own data folder dies with the same disk.
      if (folder === data || folder.startsWith(`${data}${path.sep}`)) throw new AppError('BAD_REQUEST', `The backup folder ${folder} is inside the station's own data folder; choose another disk`, undefined, { key: 'backupFolderInsideData', params: { folder } });
    }
    const before = this.settings();
    const next = { folder, keepLast: s.keepLast, intervalHours: s.intervalHours };
    await writeJson(path.join(this.o.dataDir, SETTINGS_FILE), next);
    await this.o.storage.appendAudit({ actor, action: 'settings.backup', entityType: 'settings', entityId: 'backup', details: { from: before, to: next } });
    return this.status();
  }

  async status(): Promise<BackupStatus> {
    const settings = this.settings();
    const st = this.stored();
    const folderReachable = settings.folder !== null && (await reachable(settings.folder));
    const now = this.o.now().getTime();
    const warnings = backupWarnings(
      { applicable: this.applicable, configured: settings.folder !== null, lastGoodAt: st.lastGood ? Date.parse(st.lastGood.takenAt) : null, folderReachable, lastFailed: st.lastRun?.ok === false },
      now,
    );
    const due = this.schedule.nextDue();
    return {
      applicable: this.applicable,
      settings,
      lastGood: st.lastGood,
      lastRun: st.lastRun,
      folderReachable,
      warnings,
      running: this.running !== null,
      nextAt: due === null ? null : new Date(Math.max(due, now)).toISOString(),
    };
  }

  /** Takes a backup now (one at a time: a second ask joins the one under way), verifies and rotates. */
  run(why: string): Promise<BackupStatus> {
    if (!this.running) {
      this.running = this.runOnce(why).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Resolves when no backup is under way (the one the last sign-out started, for instance). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async runOnce(why: string): Promise<BackupStatus> {
    const settings = this.settings();
    if (!this.applicable || settings.folder === null) throw new AppError('BAD_REQUEST', 'Choose a backup folder first', undefined, { key: 'backupNoFolder' });
    const now = this.o.now();
    const r = await takeBackup({ dbFile: this.o.dbFile, evidenceDir: path.join(this.o.dataDir, 'evidence'), folder: settings.folder, now, nativeBinding: this.o.nativeBinding }).catch(
      (e: unknown): BackupResult => {
        const why = e instanceof Error ? e.message : String(e);
        return { name: '', dir: '', ok: false, manifest: null, ms: 0, problems: [{ code: 'WRITE_FAILED', message: `The backup failed: ${why}`, messageZh: `备份失败：${why}` }] };
      },
    );
    const st = this.stored();
    const next: StoredStatus = {
      lastGood: r.ok && r.manifest ? { name: r.name, takenAt: r.manifest.takenAt, folder: settings.folder, events: r.manifest.events, photos: r.manifest.photos.count } : st.lastGood,
      lastRun: { at: now.toISOString(), ok: r.ok, name: r.name, why, problems: r.problems },
    };
    await writeJson(path.join(this.o.dataDir, STATUS_FILE), next);
    if (r.ok) await rotateBackups(settings.folder, now, { ...DEFAULT_ROTATION, keepLast: settings.keepLast }).catch(() => undefined);
    return { ...(await this.status()), running: false };
  }
}
