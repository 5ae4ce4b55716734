// The command line's backup and restore: `backup --out DIR` and `restore --from DIR [--force]`, in the
// person's language (--lang zh|en, else the system locale). They work on the database file directly,
// with no service open on it: a restore must not find the file it replaces held open.
import path from 'node:path';
import { takeBackup, rotateBackups, type BackupProblem } from '../main/db/backup';
import { restoreBackup, type LostEvents, type RestoreRefusal, type RestoreReport } from '../main/db/restore';
import { DEFAULT_ROTATION } from '../../shared/backup/rotation';

export type CliLang = 'zh' | 'en';

export const BACKUP_USAGE = `
  backup --out DIR [--keep N]                           take a backup of the station now (database, evidence photos,
                                                        anchor log) into DIR/backup-<time>, verify it, then keep the
                                                        last N (default ${DEFAULT_ROTATION.keepLast}) and one a day for ${DEFAULT_ROTATION.dailyDays} days
  restore --from DIR [--force] [--lang zh|en]           check a backup (DIR is one backup, or the backup folder: its
                                                        newest good one) and restore it into --db; refuses to replace
                                                        a newer database unless --force, and names what is lost`;

export const BACKUP_OPTIONS = {
  out: { type: 'string' },
  from: { type: 'string' },
  keep: { type: 'string' },
  force: { type: 'boolean' },
  lang: { type: 'string' },
} as const;

export function cliLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): CliLang {
  if (flag === 'zh' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const n = (v: number) => v.toLocaleString('en-US');
const say = (lang: CliLang, en: string, zh: string) => (lang === 'zh' ? zh : en);
const problemLine = (p: BackupProblem, lang: CliLang) => `  - ${lang === 'zh' ? p.messageZh : p.message}`;

/** "events 1,204–1,290 are not in this backup: 12 inspections, 3 decisions", and which parcels to re-inspect. */
export function describeLost(lost: LostEvents, lang: CliLang): string[] {
  const range = lost.from === lost.to ? n(lost.from) : `${n(lost.from)}–${n(lost.to)}`;
  const when = lost.firstAt ? ` (${lost.firstAt}${lost.lastAt && lost.lastAt !== lost.firstAt ? ` – ${lost.lastAt}` : ''})` : '';
  const lines: string[] = [];
  if (lost.kinds) {
    const k = lost.kinds;
    const en = [k.inspections && `${n(k.inspections)} inspection${k.inspections === 1 ? '' : 's'}`, k.decisions && `${n(k.decisions)} decision${k.decisions === 1 ? '' : 's'}`, k.shipments && `${n(k.shipments)} shipment event${k.shipments === 1 ? '' : 's'}`, k.other && `${n(k.other)} other`].filter(Boolean).join(', ');
    const zh = [k.inspections && `${n(k.inspections)} 次查验`, k.decisions && `${n(k.decisions)} 项处理决定`, k.shipments && `${n(k.shipments)} 条发运记录`, k.other && `${n(k.other)} 条其他记录`].filter(Boolean).join('，');
    lines.push(say(lang, `Events ${range}${when} are not in this backup: ${en}.`, `事件 ${range}${when} 不在此备份中：${zh}。`));
  } else {
    lines.push(
      say(
        lang,
        `Events ${range}${when} are not in this backup. The database that held them cannot be read, so their parcels cannot be named: re-inspect every parcel handled in that time.`,
        `事件 ${range}${when} 不在此备份中。记录这些事件的数据库已无法读取，无法列出涉及的包裹：请重新查验该时段内处理过的全部包裹。`,
      ),
    );
  }
  if (lost.parcels?.length) lines.push(say(lang, `Re-inspect these parcels: ${lost.parcels.join(', ')}`, `请重新查验以下包裹：${lost.parcels.join('，')}`));
  return lines;
}

export function describeRefusal(r: RestoreRefusal, lang: CliLang): string[] {
  switch (r.code) {
    case 'BACKUP_BAD':
      return [say(lang, `Refused: backup ${r.backup} failed its check; nothing was changed.`, `已拒绝：备份 ${r.backup} 未通过检查，未做任何更改。`), ...r.problems.map((p) => problemLine(p, lang))];
    case 'NO_BACKUP':
      return [say(lang, `No backup found in ${r.folder}.`, `在 ${r.folder} 中找不到备份。`)];
    case 'NEWER_DATABASE':
      return [
        say(
          lang,
          `Refused: ${r.dbFile} is newer than the backup (its audit chain ends at event ${n(r.dbHead)}, the backup's at ${n(r.backupHead)}); nothing was changed.`,
          `已拒绝：${r.dbFile} 比备份新（其审计链止于第 ${n(r.dbHead)} 条事件，备份止于第 ${n(r.backupHead)} 条），未做任何更改。`,
        ),
        ...(r.lost ? describeLost(r.lost, lang) : []),
        say(lang, 'Add --force to restore anyway (the current database is kept beside it, renamed).', '如仍要恢复，请加 --force（当前数据库会改名保留在原处）。'),
      ];
    case 'OTHER_HISTORY':
      return [
        say(
          lang,
          `Refused: ${r.dbFile} is not an older copy of this backup's station (its audit event ${n(r.seq)} differs from the backup's): restoring would lose its records unnamed; nothing was changed.`,
          `已拒绝：${r.dbFile} 不是此备份所属工作站的旧副本（其第 ${n(r.seq)} 条审计事件与备份不同），恢复会丢失其记录，未做任何更改。`,
        ),
        say(lang, 'Check --db and --from; add --force to replace it anyway (it is kept beside it, renamed).', '请核对 --db 和 --from；如仍要替换，请加 --force（原文件会改名保留）。'),
      ];
    case 'UNREADABLE_DATABASE':
      return [
        say(lang, `Refused: ${r.dbFile} exists but cannot be read (${r.reason}); nothing was changed.`, `已拒绝：${r.dbFile} 存在但无法读取，未做任何更改。`),
        say(lang, 'Add --force to replace it (it is kept beside it, renamed).', '如要替换它，请加 --force（原文件会改名保留）。'),
      ];
  }
}

export function describeRestore(r: RestoreReport, lang: CliLang): string[] {
  const head = r.head ? `${n(r.head.seq)}:${r.head.hash.slice(0, 12)}…` : say(lang, '(empty)', '（空）');
  return [
    say(
      lang,
      `Restored ${r.backup} (taken ${r.takenAt}; ${n(r.events)} events, chain head ${head}) into ${r.dbFile}; ${n(r.photosCopied)} evidence files copied.`,
      `已将 ${r.backup}（备份于 ${r.takenAt}；${n(r.events)} 条事件，链头 ${head}）恢复到 ${r.dbFile}；复制证据文件 ${n(r.photosCopied)} 个。`,
    ),
    ...(r.lost ? describeLost(r.lost, lang) : [say(lang, 'Nothing recorded after the backup is missing.', '备份之后没有缺失的记录。')]),
    ...r.setAside.map((f) => say(lang, `Kept the replaced file as ${f}`, `被替换的文件已保留为 ${f}`)),
    say(lang, 'Audit chain verified; the station can start now.', '审计链校验通过，工作站可以立即使用。'),
  ];
}

export interface BackupCommandValues {
  out?: string;
  from?: string;
  keep?: string;
  force?: boolean;
  lang?: string;
}

/** Runs `backup` or `restore`; null for any other command. */
export async function runBackupCommand(command: string, values: BackupCommandValues, where: { dbFile: string; dataDir: string }, fail: (m: string) => never): Promise<number | null> {
  const lang = cliLang(values.lang);
  if (command === 'backup') {
    if (!values.out) fail(say(lang, 'backup needs --out DIR (the backup folder)', 'backup 需要 --out 目录（备份文件夹）'));
    const keep = values.keep === undefined ? DEFAULT_ROTATION.keepLast : Number(values.keep);
    if (!Number.isInteger(keep) || keep < 1) fail(say(lang, `--keep ${values.keep}: expected a whole number of at least 1`, `--keep ${values.keep}：应为不小于 1 的整数`));
    const now = new Date();
    const r = await takeBackup({ dbFile: where.dbFile, evidenceDir: path.join(where.dataDir, 'evidence'), folder: path.resolve(values.out!), now, createFolder: true });
    if (!r.ok) {
      console.error(say(lang, `Backup ${r.name} FAILED and is not counted as good:`, `备份 ${r.name} 失败，不计为有效备份：`));
      for (const p of r.problems) console.error(problemLine(p, lang));
      return 1;
    }
    const m = r.manifest!;
    console.log(
      say(
        lang,
        `Backup ${r.name} written and verified in ${r.ms} ms: ${n(m.events)} events (head ${m.chainHead ? n(m.chainHead.seq) : 0}), ${n(m.photos.count)} evidence files (${n(m.photos.copied)} new), ${r.dir}`,
        `备份 ${r.name} 已写入并校验（${r.ms} 毫秒）：${n(m.events)} 条事件（链头 ${m.chainHead ? n(m.chainHead.seq) : 0}），证据文件 ${n(m.photos.count)} 个（新增 ${n(m.photos.copied)} 个），${r.dir}`,
      ),
    );
    const removed = await rotateBackups(path.resolve(values.out!), now, { ...DEFAULT_ROTATION, keepLast: keep });
    if (removed.length) console.log(say(lang, `Removed by rotation: ${removed.join(', ')}`, `按保留规则删除：${removed.join('，')}`));
    return 0;
  }
  if (command === 'restore') {
    if (!values.from) fail(say(lang, 'restore needs --from DIR (a backup, or the backup folder)', 'restore 需要 --from 目录（某个备份或备份文件夹）'));
    const r = await restoreBackup({ from: path.resolve(values.from!), dbFile: where.dbFile, dataDir: where.dataDir, force: values.force, now: new Date() });
    if (!r.ok) {
      for (const line of describeRefusal(r.refusal, lang)) console.error(line);
      return 1;
    }
    for (const line of describeRestore(r.report, lang)) console.log(line);
    return 0;
  }
  return null;
}
