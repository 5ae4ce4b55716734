// This station's own settings, read once by main (never taken from the renderer), failing closed: a
// station.json that does not parse, has a key this app does not know, or a value of the wrong kind
// stops the station with a sentence in Chinese and English naming the file and the problem. It never
// falls back to another database (a trailing comma once put a station on a local file, unseen).
//
//   {"name": "PACK-3", "server": "https://10.0.0.5:8443", "fingerprint": "sha256:…"}   a warehouse server
//   {"name": "DESK-1"} or no file                                                       the local SQLite file
//   {"name": "DESK-1", "db": "D:/gate/gate.db"}                                         another local file
// A station holds no database credential: a postgres:// address here is refused (only the server has one).
// PARCEL_GATE_STATION and PARCEL_GATE_DB (development, tests) come before the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isServerUrl } from './db/dbSetting';
import { defaultDbFile } from './paths';
import { normaliseFingerprint } from './server/tlsIdentity';

export type StationSetup =
  | { kind: 'local'; name: string; dbFile: string }
  /** A database URL from PARCEL_GATE_DB: development and tests only, never from station.json. */
  | { kind: 'database'; name: string; db: string }
  | { kind: 'server'; name: string; server: string; fingerprint: string };

/** Why the station will not start, in both languages (nobody has signed in yet to choose one). */
export class StationConfigError extends Error {
  constructor(
    readonly file: string,
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}

/**
 * station.json names a server but pins no fingerprint yet. The station does not start on it as it is;
 * the Electron station may offer the first-connection pin (server/firstPin.ts), which an admin confirms.
 */
export class UnpinnedServer extends StationConfigError {
  constructor(
    file: string,
    en: string,
    zh: string,
    /** The station's name (station.json's, else the host name). */
    readonly station: string,
    readonly server: string,
  ) {
    super(file, en, zh);
  }
}

const FILE = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  db: z.string().trim().min(1).max(1000).optional(),
  server: z.string().trim().min(1).max(300).optional(),
  fingerprint: z.string().trim().min(1).max(200).optional(),
});

const KEYS = ['name', 'server', 'fingerprint', 'db'];

export function stationConfigFile(dataDir: string): string {
  return path.join(dataDir, 'station.json');
}

export function readStationConfig(dataDir: string): StationSetup {
  const file = stationConfigFile(dataDir);
  const bad = (en: string, zh: string) => new StationConfigError(file, `The station settings file ${file} ${en}. The station does not start until it is corrected.`, `工位配置文件 ${file} ${zh}。改正之前本工位不会启动。`);
  let text: string | null = null;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw bad('cannot be read', '无法读取');
  }
  let cfg: z.infer<typeof FILE> = {};
  if (text !== null) {
    let raw: unknown;
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      const { line, column } = whereJsonFailed(text, e);
      throw bad(`is not valid JSON near line ${line}, column ${column} (a trailing comma, a missing quote?)`, `不是有效的 JSON（第 ${line} 行第 ${column} 列附近：多余的逗号或缺少引号？）`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('must hold one JSON object, like {"name": "PACK-3"}', '必须是一个 JSON 对象，例如 {"name": "PACK-3"}');
    const parsed = FILE.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0];
        throw bad(`has the unknown key "${key}" (known: ${KEYS.join(', ')})`, `含有未知的设置项“${key}”（可用：${KEYS.join('、')}）`);
      }
      const key = String(issue.path[0] ?? '');
      throw bad(`has a wrong value for "${key}": it must be text (the name at most 60 characters)`, `中“${key}”的值不正确：必须是文字（名称最多 60 个字符）`);
    }
    cfg = parsed.data;
  }
  const envName = process.env.PARCEL_GATE_STATION?.trim();
  const name = (envName || cfg.name || os.hostname() || 'station').slice(0, 60);
  const envDb = process.env.PARCEL_GATE_DB?.trim();
  if (envDb) return isServerUrl(envDb) ? { kind: 'database', name, db: envDb } : { kind: 'local', name, dbFile: path.resolve(envDb) };

  if (cfg.db !== undefined && isServerUrl(cfg.db)) {
    throw bad(
      'names a database server with its login ("db": "postgres://…"); a station holds no database credential: name the warehouse server instead ("server": "https://…", "fingerprint": "sha256:…") and remove the database password from this machine',
      '写了数据库服务器及其登录信息（"db": "postgres://…"）；工位不保存任何数据库凭据：请改为填写仓库服务器（"server": "https://…"、"fingerprint": "sha256:…"），并从本机删除数据库密码',
    );
  }
  if (cfg.server !== undefined && cfg.db !== undefined) throw bad('names both a server and a database file: keep one', '同时写了服务器和数据库文件：只能保留一个');
  if (cfg.server !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(cfg.server);
    } catch {
      url = null;
    }
    if (!url || url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.username) {
      throw bad(`has a server address "${cfg.server}" that is not https://HOST:PORT`, `中的服务器地址“${cfg.server}”不是 https://主机:端口 的形式`);
    }
    if (cfg.fingerprint === undefined) {
      const e = bad('names a server but no pinned certificate fingerprint ("fingerprint": "sha256:…"); an admin pins it on first connection', '写了服务器，但没有固定的证书指纹（"fingerprint": "sha256:…"）；首次连接时须由管理员确认并固定');
      throw new UnpinnedServer(file, e.en, e.zh, name, url.origin);
    }
    const fingerprint = normaliseFingerprint(cfg.fingerprint);
    if (!fingerprint) throw bad('has a fingerprint that is not "sha256:" and 64 hex digits', '中的证书指纹不是“sha256:”加 64 位十六进制数字');
    return { kind: 'server', name, server: url.origin, fingerprint };
  }
  if (cfg.fingerprint !== undefined) throw bad('has a fingerprint but no server', '写了证书指纹，却没有服务器');
  return { kind: 'local', name, dbFile: cfg.db !== undefined ? path.resolve(dataDir, cfg.db) : defaultDbFile(dataDir) };
}

/** Line and column of a JSON.parse failure, from the position V8 reports (1, 1 when it gives none). */
function whereJsonFailed(text: string, e: unknown): { line: number; column: number } {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
  const at = m ? Math.min(Number(m[1]), text.length) : text.length;
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** This station's name (the settings' name, else the host name). */
export function stationName(dataDir: string): string {
  return readStationConfig(dataDir).name;
}
