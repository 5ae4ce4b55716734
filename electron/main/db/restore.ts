// Restoring a station from a backup (also how a station moves to a new machine): the backup is verified
// first, a newer database is not overwritten unless the caller says so, and the report names what the
// backup does not hold — the events after its chain head that the station's anchor log (and, when it can
// still be read, the old database) still lists — so a supervisor knows which parcels to inspect again.
// Nothing is deleted: the old database, its journal and its anchor log are moved aside, not removed.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ChainHead } from './audit';
import { anchorLines, BACKUP_ANCHORS, BACKUP_DB, EVIDENCE_POOL, evidencePath, listBackups, readManifest, sha256File, verifyBackup, type BackupProblem } from './backup';
import { SqliteStorage } from './sqliteStorage';
import { SYSTEM, systemIdentity } from '../../../shared/systemIdentities';

export interface LostEvents {
  /** The first and last sequence numbers past the backup's head that the anchor log or old database lists. */
  from: number;
  to: number;
  /** When the first and last of them were anchored (from the anchor log), when known. */
  firstAt: string | null;
  lastAt: string | null;
  /** Counted by kind from the old database's rows; null when that database could not be read. */
  kinds: { inspections: number; decisions: number; shipments: number; other: number } | null;
  /** Tracking numbers of the parcels those events touched (re-inspect them); null when unknown. */
  parcels: string[] | null;
}

export type RestoreRefusal =
  | { code: 'BACKUP_BAD'; backup: string; problems: BackupProblem[] }
  | { code: 'NO_BACKUP'; folder: string }
  | { code: 'NEWER_DATABASE'; dbFile: string; dbHead: number; backupHead: number; lost: LostEvents | null }
  /** The database is not an older copy of the backup's station: its chain differs from the backup's at `seq`. */
  | { code: 'OTHER_HISTORY'; dbFile: string; seq: number }
  | { code: 'UNREADABLE_DATABASE'; dbFile: string; reason: string };

export interface RestoreReport {
  backup: string;
  takenAt: string;
  dbFile: string;
  head: ChainHead | null;
  events: number;
  photosCopied: number;
  /** What the backup does not hold, or null when nothing past its head was ever recorded. */
  lost: LostEvents | null;
  /** Where the replaced files were moved (nothing is deleted). */
  setAside: string[];
}

export type RestoreResult = { ok: true; report: RestoreReport } | { ok: false; refusal: RestoreRefusal };

export interface RestoreOptions {
  /** A backup's own folder, or the backup folder (then its newest good backup that still verifies). */
  from: string;
  dbFile: string;
  dataDir: string;
  force?: boolean;
  now: Date;
  nativeBinding?: string;
  /** Who restores, for the audit event (default: the command line). */
  actor?: string;
}

const INSPECTION = new Set(['parcel.hold', 'parcel.clear', 'parcel.retake']);

/** The backup to restore: the folder itself if it holds a manifest, else the newest good one in it. */
async function pickBackup(from: string): Promise<string | null> {
  if (fs.existsSync(path.join(from, 'manifest.json'))) return from;
  const list = await listBackups(from).catch(() => []);
  return list.find((b) => b.good)?.dir ?? list[0]?.dir ?? null;
}

/** The current database's head and its events past `after`, or why it cannot be read; null when there is none. */
function readCurrent(dbFile: string, after: number): { head: ChainHead | null; rows: { seq: number; action: string; entity_type: string; entity_id: string }[]; hashAt: string | null } | { error: string } | null {
  if (!fs.existsSync(dbFile)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
    const h = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined;
    const rows = db.prepare('SELECT seq, action, entity_type, entity_id FROM audit_events WHERE seq > ? ORDER BY seq').all(after) as { seq: number; action: string; entity_type: string; entity_id: string }[];
    const at = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(after) as { hash: string } | undefined;
    return { head: h ? { seq: Number(h.seq), hash: h.hash } : null, rows, hashAt: at?.hash ?? null };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  } finally {
    db?.close();
  }
}

/** The events past the backup's head, from the anchor log and (when readable) the old database. */
export function lostEvents(anchorText: string, backupHead: number, current: ReturnType<typeof readCurrent>): LostEvents | null {
  const anchored = anchorLines(anchorText, Number.MAX_SAFE_INTEGER).filter((a) => a.seq > backupHead);
  const rows = current && !('error' in current) ? current.rows : null;
  const seqs = [...anchored.map((a) => a.seq), ...(rows ?? []).map((r) => Number(r.seq))];
  if (!seqs.length) return null;
  const times = anchored.map((a) => a.at).filter((t): t is string => !!t).sort();
  let kinds: LostEvents['kinds'] = null;
  let parcels: string[] | null = null;
  if (rows && rows.length) {
    kinds = { inspections: 0, decisions: 0, shipments: 0, other: 0 };
    const touched = new Set<string>();
    for (const r of rows) {
      if (INSPECTION.has(r.action)) kinds.inspections++;
      else if (r.action.startsWith('hold.') && r.action !== 'hold.locate') kinds.decisions++;
      else if (r.action.startsWith('shipment.')) kinds.shipments++;
      else kinds.other++;
      if (r.entity_type === 'parcel' && !r.entity_id.startsWith('inspection:')) touched.add(r.entity_id);
    }
    parcels = [...touched].sort();
  }
  return { from: backupHead + 1, to: Math.max(...seqs), firstAt: times[0] ?? null, lastAt: times[times.length - 1] ?? null, kinds, parcels };
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const dir = await pickBackup(o.from);
  if (!dir) return { ok: false, refusal: { code: 'NO_BACKUP', folder: o.from } };
  const name = path.basename(dir);
  const problems = await verifyBackup(dir, { hashPhotos: 'all' });
  const { manifest } = await readManifest(dir);
  if (problems.length || !manifest) return { ok: false, refusal: { code: 'BACKUP_BAD', backup: name, problems } };
  const backupHead = manifest.chainHead?.seq ?? 0;
  const anchorFile = `${o.dbFile}.anchors`;
  const anchorText = await fsp.readFile(anchorFile, 'utf8').catch(() => '');
  const current = readCurrent(o.dbFile, backupHead);
  const lost = lostEvents(anchorText, backupHead, current);
  if (current && 'error' in current && !o.force) return { ok: false, refusal: { code: 'UNREADABLE_DATABASE', dbFile: o.dbFile, reason: current.error } };
  if (current && !('error' in current) && !o.force) {
    const dbHead = current.head?.seq ?? 0;
    // Newer, or another history (its event at the backup's head is not the backup's): either way, overwriting loses events.
    const diverged = backupHead > 0 && dbHead >= backupHead && current.hashAt !== manifest.chainHead?.hash;
    if (dbHead > backupHead || diverged) return { ok: false, refusal: { code: 'NEWER_DATABASE', dbFile: o.dbFile, dbHead, backupHead, lost } };
    // Older: only replaced when it is the same chain the backup continues (else its own events would be lost unnamed).
    if (current.head && backupHashAt(dir, current.head.seq) !== current.head.hash) return { ok: false, refusal: { code: 'OTHER_HISTORY', dbFile: o.dbFile, seq: current.head.seq } };
  }
  const setAside = await moveAside(o.dbFile, o.now);
  let photosCopied: number;
  try {
    await installDatabase(path.join(dir, BACKUP_DB), o.dbFile);
    await fsp.copyFile(path.join(dir, BACKUP_ANCHORS), anchorFile);
    photosCopied = await copyEvidence(dir, o.dataDir);
    // Opened as the app opens it (migrations of an older backup run here), checked, and the restore recorded.
    const storage = new SqliteStorage(o.dbFile, { nativeBinding: o.nativeBinding, now: () => o.now });
    try {
      const check = await storage.verifyAudit();
      if (!check.intact) throw new Error(`the restored audit chain does not verify at event ${check.firstBroken?.seq}: ${check.firstBroken?.reason}`);
      await storage.appendAudit({
        actor: o.actor ?? systemIdentity(SYSTEM.cli),
        action: 'station.restore',
        entityType: 'station',
        entityId: 'database',
        details: { backup: name, takenAt: manifest.takenAt, head: manifest.chainHead?.seq ?? 0, lost: lost ? { from: lost.from, to: lost.to } : null },
      });
    } finally {
      await storage.close();
    }
  } catch (e) {
    // Half a restore is worse than none: the files set aside go back where they were.
    for (const f of [o.dbFile, `${o.dbFile}-wal`, `${o.dbFile}-shm`, anchorFile, `${o.dbFile}.restoring`]) await fsp.rm(f, { force: true });
    for (const f of setAside) await fsp.rename(f, f.replace(/\.before-restore-[^/\\]*$/, ''));
    throw new Error(`The restore of ${name} failed and was undone (${e instanceof Error ? e.message : String(e)})`);
  }
  return { ok: true, report: { backup: name, takenAt: manifest.takenAt, dbFile: o.dbFile, head: manifest.chainHead, events: manifest.events, photosCopied, lost, setAside } };
}

function backupHashAt(dir: string, seq: number): string | null {
  const db = new Database(path.join(dir, BACKUP_DB), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash ?? null;
  } finally {
    db.close();
  }
}

/** The old database, its WAL journal and its anchor log, renamed `<file>.before-restore-<time>`. */
async function moveAside(dbFile: string, now: Date): Promise<string[]> {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  const moved: string[] = [];
  // A stale -wal left beside the new file would be replayed into it: it must go with its database.
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}.anchors`]) {
    if (!fs.existsSync(f)) continue;
    const to = `${f}.before-restore-${stamp}`;
    await fsp.rename(f, to);
    moved.push(to);
  }
  return moved;
}

/** Copy, fsync, rename: the database file appears whole or not at all. */
async function installDatabase(from: string, dbFile: string): Promise<void> {
  await fsp.mkdir(path.dirname(path.resolve(dbFile)), { recursive: true });
  const tmp = `${dbFile}.restoring`;
  await fsp.copyFile(from, tmp);
  const fh = await fsp.open(tmp, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, dbFile);
}

/** The evidence the backup's database refers to, into the station's evidence folder (only files it lacks). */
async function copyEvidence(dir: string, dataDir: string): Promise<number> {
  const db = new Database(path.join(dir, BACKUP_DB), { readonly: true, fileMustExist: true });
  let photos: { sha256: string; mime: string }[];
  try {
    photos = db.prepare('SELECT sha256, mime FROM photos').all() as typeof photos;
  } finally {
    db.close();
  }
  const pool = path.join(path.dirname(dir), EVIDENCE_POOL);
  const target = path.join(dataDir, 'evidence');
  let copied = 0;
  for (const p of photos) {
    const to = evidencePath(target, p.sha256, p.mime);
    if (fs.existsSync(to) && (await sha256File(to)) === p.sha256) continue;
    await fsp.mkdir(path.dirname(to), { recursive: true });
    await fsp.copyFile(evidencePath(pool, p.sha256, p.mime), `${to}.restoring`);
    await fsp.rename(`${to}.restoring`, to);
    copied++;
  }
  return copied;
}
