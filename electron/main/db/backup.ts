// Online backups of one station, and their verification. The SQLite file is copied page by page while
// the station works (better-sqlite3's backup(), a consistent snapshot even with other processes
// writing), then the evidence files that snapshot refers to (content-addressed: one pool per backup
// folder, so only new photos are copied) and the anchor log up to the snapshot's chain head, into a
// dated sub-folder with a manifest. Each backup is verified right after it is written; a backup whose
// check fails says so in its own folder (verify.json) and never counts as good.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { verifyAudit, type Anchor, type ChainHead } from './audit';
import type { Db } from './database';
import { MIGRATIONS } from './migrations';
import type { Params, Sql } from './sql';
import { normaliseParams } from './sql';
import { DEFAULT_ROTATION, planRotation, type RotationPolicy } from '../../../shared/backup/rotation';

export const BACKUP_FORMAT = 'parcel-gate-backup';
export const MANIFEST_FILE = 'manifest.json';
export const VERIFY_FILE = 'verify.json';
export const BACKUP_DB = 'station.db';
export const BACKUP_ANCHORS = 'anchors.log';
/** The evidence pool shared by every backup in one folder, laid out as the station's own evidence folder. */
export const EVIDENCE_POOL = 'evidence';
const PREFIX = 'backup-';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const chainHeadSchema = z.object({ seq: z.number().int().min(1), hash: hex64 });

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  name: z.string().min(1),
  takenAt: z.string().datetime(),
  /** The database the backup was taken from (for people; restore writes wherever it is told). */
  source: z.string(),
  schema: z.number().int().min(0),
  database: z.object({ file: z.literal(BACKUP_DB), sha256: hex64, bytes: z.number().int().min(0) }),
  chainHead: chainHeadSchema.nullable(),
  events: z.number().int().min(0),
  anchors: z.object({ file: z.literal(BACKUP_ANCHORS), sha256: hex64, lines: z.number().int().min(0) }),
  photos: z.object({ count: z.number().int().min(0), bytes: z.number().int().min(0), copied: z.number().int().min(0) }),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

const verifySchema = z.object({ ok: z.boolean(), at: z.string(), problems: z.array(z.object({ code: z.string(), message: z.string(), messageZh: z.string() })) });

export type BackupProblemCode =
  | 'FOLDER_UNREACHABLE'
  | 'WRITE_FAILED'
  | 'MANIFEST_MISSING'
  | 'MANIFEST_BAD'
  | 'DB_MISSING'
  | 'DB_HASH'
  | 'DB_UNREADABLE'
  | 'INTEGRITY'
  | 'SCHEMA_NEWER'
  | 'CHAIN_BROKEN'
  | 'CHAIN_HEAD'
  | 'ANCHORS_HASH'
  | 'PHOTO_MISSING'
  | 'PHOTO_HASH';

/** What is wrong with a backup, in both languages (the CLI and the admin panel show one of them). */
export interface BackupProblem {
  code: BackupProblemCode;
  message: string;
  messageZh: string;
}

export interface BackupResult {
  name: string;
  dir: string;
  ok: boolean;
  problems: BackupProblem[];
  manifest: BackupManifest | null;
  ms: number;
}

export interface BackupListing {
  name: string;
  dir: string;
  takenAt: number;
  /** Written and verified without a problem. */
  good: boolean;
  manifest: BackupManifest | null;
  problems: BackupProblem[];
}

const problem = (code: BackupProblemCode, message: string, messageZh: string): BackupProblem => ({ code, message, messageZh });

/** Evidence files are named `<sha256>.<ext>` from the photo's type (photoStore.ts; proof PDFs too). */
export function evidenceExt(mime: string): string {
  return { 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' }[mime] ?? 'jpg';
}

export function evidencePath(root: string, sha256: string, mime: string): string {
  return path.join(root, sha256.slice(0, 2), `${sha256}.${evidenceExt(mime)}`);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A read-only better-sqlite3 handle as the repositories' Sql, so `verifyAudit` runs on a backup unchanged. */
export function readOnlySql(db: Db): Sql {
  const run = <T>(sql: string, params: Params | undefined, all: boolean): T => {
    const s = db.prepare(sql);
    const p = normaliseParams(params);
    const args = p === undefined ? [] : Array.isArray(p) ? p : [p];
    return (all ? s.all(...args) : s.get(...args)) as T;
  };
  // Each query waits for the event loop first: walking a long chain in Electron's main process must
  // not hold up the station's IPC for seconds (pages of 5,000 events each take tens of ms).
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params?: Params) => (await turn(), run<T[]>(sql, params, true)),
    get: async <T>(sql: string, params?: Params) => (await turn(), run<T | undefined>(sql, params, false)),
    run: async () => {
      throw new Error('a backup is opened read-only');
    },
    exec: async () => {
      throw new Error('a backup is opened read-only');
    },
  };
}

/** The anchor log's lines "SEQ HASH AT" up to `maxSeq` (the rest belong to events the snapshot does not hold). */
export function anchorLines(text: string, maxSeq: number): { seq: number; hash: string; at: string | null; line: string }[] {
  const out: { seq: number; hash: string; at: string | null; line: string }[] = [];
  for (const raw of text.split('\n')) {
    const m = /^(\d{1,15}) ([0-9a-f]{64})(?: (\S+))?$/.exec(raw.trim());
    if (!m) continue;
    const seq = Number(m[1]);
    if (seq <= maxSeq) out.push({ seq, hash: m[2], at: m[3] ?? null, line: raw.trim() });
  }
  return out;
}

/** `backup-2026-12-07T02-30-00Z`: sortable, and valid on every file system a USB drive may have. */
export function backupName(at: Date): string {
  return `${PREFIX}${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
}

export interface TakeBackupOptions {
  /** The station's database file (opened here with a connection of its own, read-only). */
  dbFile: string;
  /** The station's evidence folder (`<data>/evidence`). */
  evidenceDir: string;
  /** The backup folder the admin chose; each backup becomes a sub-folder of it. */
  folder: string;
  now: Date;
  /** Create the folder if it is missing (the command line); the schedule never does, so an unplugged drive is reported, not replaced by a local folder. */
  createFolder?: boolean;
  nativeBinding?: string;
}

/** Takes one backup and verifies it. Never throws for a failure of the backup itself: it is in `problems`. */
export async function takeBackup(o: TakeBackupOptions): Promise<BackupResult> {
  const t0 = performance.now();
  let name = backupName(o.now);
  const done = (r: Omit<BackupResult, 'ms'>): BackupResult => ({ ...r, ms: Math.round(performance.now() - t0) });
  try {
    if (o.createFolder) await fsp.mkdir(o.folder, { recursive: true });
    if (!(await fsp.stat(o.folder)).isDirectory()) throw new Error('not a folder');
    await fsp.access(o.folder, fs.constants.W_OK);
  } catch {
    return done({ name, dir: path.join(o.folder, name), ok: false, manifest: null, problems: [problem('FOLDER_UNREACHABLE', `The backup folder ${o.folder} cannot be reached or written (unplugged drive, lost network share, no permission)`, `无法访问或写入备份文件夹 ${o.folder}（移动硬盘未接入、网络共享断开或没有权限）`)] });
  }
  for (let i = 2; fs.existsSync(path.join(o.folder, name)); i++) name = `${backupName(o.now)}-${i}`;
  const dir = path.join(o.folder, name);
  const work = `${dir}.partial`;
  let manifest: BackupManifest;
  let copiedPhotos: Set<string>;
  try {
    ({ manifest, copiedPhotos } = await writeBackup(o, name, work));
    await fsp.rename(work, dir);
  } catch (e) {
    await fsp.rm(work, { recursive: true, force: true }).catch(() => undefined);
    const why = e instanceof Error ? e.message : String(e);
    return done({ name, dir, ok: false, manifest: null, problems: [problem('WRITE_FAILED', `Backup ${name} could not be written: ${why}`, `备份 ${name} 写入失败：${why}`)] });
  }
  const problems = await verifyBackup(dir, { hashPhotos: copiedPhotos });
  await writeVerdict(dir, problems, o.now);
  return done({ name, dir, ok: problems.length === 0, problems, manifest });
}

async function writeBackup(o: TakeBackupOptions, name: string, work: string): Promise<{ manifest: BackupManifest; copiedPhotos: Set<string> }> {
  await fsp.mkdir(work, { recursive: true });
  const dbCopy = path.join(work, BACKUP_DB);
  const source = new Database(o.dbFile, { readonly: true, fileMustExist: true, nativeBinding: o.nativeBinding });
  try {
    source.pragma('busy_timeout = 5000');
    // Large steps: the copy restarts whenever another connection writes between two steps.
    await source.backup(dbCopy, { progress: () => 4096 });
  } finally {
    source.close();
  }
  // One self-contained file: no -wal beside it to lose on the way to another disk.
  const copy = new Database(dbCopy, { fileMustExist: true, nativeBinding: o.nativeBinding });
  let head: ChainHead | null;
  let events: number;
  let schema: number;
  let photos: { sha256: string; mime: string; bytes: number }[];
  try {
    copy.pragma('journal_mode = DELETE');
    const h = copy.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined;
    head = h ? { seq: Number(h.seq), hash: h.hash } : null;
    events = Number((copy.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n);
    schema = copy.pragma('user_version', { simple: true }) as number;
    photos = copy.prepare('SELECT sha256, mime, bytes FROM photos').all() as typeof photos;
  } finally {
    copy.close();
  }
  // The anchor log up to the snapshot's head: later lines name events this backup does not hold.
  const anchorText = await fsp.readFile(`${o.dbFile}.anchors`, 'utf8').catch(() => '');
  const kept = anchorLines(anchorText, head?.seq ?? 0);
  const anchorsBody = kept.map((a) => `${a.line}\n`).join('');
  await fsp.writeFile(path.join(work, BACKUP_ANCHORS), anchorsBody, 'utf8');

  const pool = path.join(path.dirname(work), EVIDENCE_POOL);
  const copiedPhotos = new Set<string>();
  let photoBytes = 0;
  for (const [i, p] of photos.entries()) {
    photoBytes += Number(p.bytes);
    const target = evidencePath(pool, p.sha256, p.mime);
    if (i % 500 === 499) await new Promise<void>((resolve) => setImmediate(resolve)); // let the station's calls in
    if (fs.existsSync(target)) continue;
    const from = evidencePath(o.evidenceDir, p.sha256, p.mime);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fsp.copyFile(from, tmp);
    } catch {
      throw new Error(`evidence file ${p.sha256.slice(0, 12)}… is missing from ${o.evidenceDir}`);
    }
    await fsp.rename(tmp, target);
    copiedPhotos.add(p.sha256);
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: 1,
    name,
    takenAt: o.now.toISOString(),
    source: path.resolve(o.dbFile),
    schema,
    database: { file: BACKUP_DB, sha256: await sha256File(dbCopy), bytes: (await fsp.stat(dbCopy)).size },
    chainHead: head,
    events,
    anchors: { file: BACKUP_ANCHORS, sha256: createHash('sha256').update(anchorsBody, 'utf8').digest('hex'), lines: kept.length },
    photos: { count: photos.length, bytes: photoBytes, copied: copiedPhotos.size },
  };
  await fsp.writeFile(path.join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return { manifest, copiedPhotos };
}

async function writeVerdict(dir: string, problems: BackupProblem[], at: Date): Promise<void> {
  await fsp.writeFile(path.join(dir, VERIFY_FILE), `${JSON.stringify({ ok: problems.length === 0, at: at.toISOString(), problems }, null, 2)}\n`, 'utf8');
}

export async function readManifest(dir: string): Promise<{ manifest: BackupManifest | null; problems: BackupProblem[] }> {
  const name = path.basename(dir);
  let text: string;
  try {
    text = await fsp.readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return { manifest: null, problems: [problem('MANIFEST_MISSING', `Backup ${name} has no ${MANIFEST_FILE}: it is not a Parcel Gate backup or it was never finished`, `备份 ${name} 缺少 ${MANIFEST_FILE}：不是 Parcel Gate 备份，或备份未完成`)] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const r = manifestSchema.safeParse(parsed);
  if (!r.success) return { manifest: null, problems: [problem('MANIFEST_BAD', `Backup ${name}: ${MANIFEST_FILE} is damaged (${r.error.issues[0]?.path.join('.') || 'not JSON'})`, `备份 ${name}：${MANIFEST_FILE} 已损坏`)] };
  return { manifest: r.data, problems: [] };
}

export interface VerifyOptions {
  /** Which evidence files to hash in full; the rest are checked for presence and size. 'all' hashes every one. */
  hashPhotos?: Set<string> | 'all';
}

/**
 * Checks a written backup: its manifest, the database file's hash, `PRAGMA integrity_check` on a
 * read-only open, the audit chain walked against the backup's anchors and ending at the manifest's
 * head, and every evidence file the database refers to. Returns what failed; empty means good.
 */
export async function verifyBackup(dir: string, o: VerifyOptions = {}): Promise<BackupProblem[]> {
  const name = path.basename(dir);
  const { manifest, problems } = await readManifest(dir);
  if (!manifest) return problems;
  const dbFile = path.join(dir, BACKUP_DB);
  const out: BackupProblem[] = [];
  let dbHash: string;
  try {
    dbHash = await sha256File(dbFile);
  } catch {
    return [problem('DB_MISSING', `Backup ${name}: the database file ${BACKUP_DB} is missing`, `备份 ${name}：数据库文件 ${BACKUP_DB} 缺失`)];
  }
  if (dbHash !== manifest.database.sha256) out.push(problem('DB_HASH', `Backup ${name}: the database file does not match the hash in its manifest (it was changed or damaged after it was written)`, `备份 ${name}：数据库文件与清单中的哈希值不符（写入后被改动或损坏）`));
  const anchorsText = await fsp.readFile(path.join(dir, BACKUP_ANCHORS), 'utf8').catch(() => null);
  if (anchorsText === null || createHash('sha256').update(anchorsText, 'utf8').digest('hex') !== manifest.anchors.sha256) {
    out.push(problem('ANCHORS_HASH', `Backup ${name}: the anchor log copy is missing or does not match its manifest`, `备份 ${name}：锚点日志副本缺失或与清单不符`));
  }
  let db: Db;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
  } catch (e) {
    return [...out, problem('DB_UNREADABLE', `Backup ${name}: the database cannot be opened (${e instanceof Error ? e.message : String(e)})`, `备份 ${name}：数据库无法打开`)];
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      integrity = [e instanceof Error ? e.message : String(e)];
    }
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      out.push(problem('INTEGRITY', `Backup ${name}: the database fails SQLite's integrity check (${integrity.slice(0, 2).join('; ')})`, `备份 ${name}：数据库未通过 SQLite 完整性检查`));
      return out;
    }
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (schema > MIGRATIONS.length) out.push(problem('SCHEMA_NEWER', `Backup ${name} was made by a newer Parcel Gate (schema ${schema}, this version knows ${MIGRATIONS.length}); update the app first`, `备份 ${name} 由更新版本的 Parcel Gate 生成（结构版本 ${schema}），请先升级本程序`));
    const anchors: Anchor[] = anchorLines(anchorsText ?? '', manifest.chainHead?.seq ?? 0).map((a, i) => ({ seq: a.seq, hash: a.hash, source: `${BACKUP_ANCHORS} line ${i + 1}` }));
    const chain = await verifyAudit(readOnlySql(db), anchors);
    if (!chain.intact) {
      const at = chain.firstBroken!;
      out.push(problem('CHAIN_BROKEN', `Backup ${name}: the audit chain is broken at event ${at.seq}: ${at.reason}`, `备份 ${name}：审计链在第 ${at.seq} 条事件处断开`));
    } else if ((chain.head?.seq ?? 0) !== (manifest.chainHead?.seq ?? 0) || (chain.head?.hash ?? null) !== (manifest.chainHead?.hash ?? null) || chain.events !== manifest.events) {
      out.push(problem('CHAIN_HEAD', `Backup ${name}: the chain ends at event ${chain.head?.seq ?? 0} (${chain.events} events), not at the head its manifest names (${manifest.chainHead?.seq ?? 0})`, `备份 ${name}：审计链的末尾与清单记录的链头不一致`));
    }
    const photos = db.prepare('SELECT sha256, mime, bytes FROM photos ORDER BY sha256').all() as { sha256: string; mime: string; bytes: number }[];
    const pool = path.join(path.dirname(dir), EVIDENCE_POOL);
    for (const p of photos) {
      const file = evidencePath(pool, p.sha256, p.mime);
      const short = `${p.sha256.slice(0, 12)}…`;
      const stat = await fsp.stat(file).catch(() => null);
      if (!stat) {
        out.push(problem('PHOTO_MISSING', `Backup ${name}: evidence photo ${short} is missing from ${pool}`, `备份 ${name}：证据照片 ${short} 在 ${pool} 中缺失`));
      } else if (stat.size !== Number(p.bytes) || ((o.hashPhotos === 'all' || o.hashPhotos?.has(p.sha256)) && (await sha256File(file)) !== p.sha256)) {
        out.push(problem('PHOTO_HASH', `Backup ${name}: evidence photo ${short} does not match its hash (damaged copy)`, `备份 ${name}：证据照片 ${short} 与其哈希值不符（副本已损坏）`));
      }
      if (out.length > 20) break; // enough to act on; the list of a wholly lost pool is not read by anyone
    }
  } finally {
    db.close();
  }
  return out;
}

/** The backups in a folder, newest first, each with its verdict as written (a backup never verified is not good). */
export async function listBackups(folder: string): Promise<BackupListing[]> {
  const entries = await fsp.readdir(folder, { withFileTypes: true });
  const out: BackupListing[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !e.name.startsWith(PREFIX) || e.name.endsWith('.partial')) continue;
    const dir = path.join(folder, e.name);
    const { manifest, problems } = await readManifest(dir);
    let verdict: z.infer<typeof verifySchema> | null = null;
    try {
      verdict = verifySchema.parse(JSON.parse(await fsp.readFile(path.join(dir, VERIFY_FILE), 'utf8')));
    } catch {
      verdict = null;
    }
    const takenAt = manifest ? Date.parse(manifest.takenAt) : (await fsp.stat(dir)).mtimeMs;
    out.push({ name: e.name, dir, takenAt, good: !!manifest && verdict?.ok === true, manifest, problems: [...problems, ...((verdict?.problems ?? []) as BackupProblem[])] });
  }
  return out.sort((a, b) => b.takenAt - a.takenAt || b.name.localeCompare(a.name));
}

/** Applies the rotation (shared/backup/rotation.ts) to a folder; returns the names removed. */
export async function rotateBackups(folder: string, now: Date, policy: RotationPolicy = DEFAULT_ROTATION): Promise<string[]> {
  const list = await listBackups(folder);
  const plan = planRotation(list.map((b) => ({ name: b.name, takenAt: b.takenAt, good: b.good })), now.getTime(), policy);
  // The evidence pool is kept whole: stations never delete photos, so every newer backup needs them too.
  for (const n of plan.remove) await fsp.rm(path.join(folder, n), { recursive: true, force: true });
  // A backup cut off half-way (the app quit, the drive pulled) leaves a `.partial` folder: gone after an hour.
  const stale: string[] = [];
  for (const e of await fsp.readdir(folder, { withFileTypes: true })) {
    if (!e.isDirectory() || !e.name.startsWith(PREFIX) || !e.name.endsWith('.partial')) continue;
    const dir = path.join(folder, e.name);
    if (now.getTime() - (await fsp.stat(dir)).mtimeMs < 3_600_000) continue;
    await fsp.rm(dir, { recursive: true, force: true });
    stale.push(e.name);
  }
  return [...plan.remove, ...stale];
}
