// The database setting: a file path keeps the embedded SQLite engine (one station); a
// postgres://user[:password]@host[:port]/dbname URL puts the station on a shared PostgreSQL server.
// Read from --db (command line, bridge), PARCEL_GATE_DB, or station.json {"db": "..."} in the data folder.
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir, defaultDbFile } from '../paths';

export function isServerUrl(setting: string): boolean {
  return /^postgres(ql)?:\/\//i.test(setting.trim());
}

/** The setting as shown to a person or written to a log: never the password. */
export function redactDb(setting: string): string {
  if (!isServerUrl(setting)) return setting;
  try {
    const u = new URL(setting);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unreadable address)';
  }
}

/** The database and the data folder (evidence spool, anchor log) from the command-line options. */
export function resolveDbOptions(db: string | undefined, data: string | undefined): { db: string; dataDir: string } {
  if (db && isServerUrl(db)) return { db: db.trim(), dataDir: path.resolve(data ?? defaultDataDir()) };
  const file = path.resolve(db ?? defaultDbFile());
  const dataDir = path.resolve(data ?? (db ? path.join(path.dirname(file), `${path.basename(file, path.extname(file))}-data`) : defaultDataDir()));
  return { db: file, dataDir };
}

/** The station app's database: PARCEL_GATE_DB, else station.json's "db", else the local file. */
export function stationDb(dataDir: string): string {
  const fromEnv = process.env.PARCEL_GATE_DB?.trim();
  if (fromEnv) return isServerUrl(fromEnv) ? fromEnv : path.resolve(fromEnv);
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(dataDir, 'station.json'), 'utf8')) as { db?: unknown };
    if (typeof cfg.db === 'string' && cfg.db.trim()) return isServerUrl(cfg.db) ? cfg.db.trim() : path.resolve(dataDir, cfg.db.trim());
  } catch {
    // no station file: the local database
  }
  return defaultDbFile(dataDir);
}
