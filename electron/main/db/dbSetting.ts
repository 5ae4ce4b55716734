// The database setting: a file path keeps the embedded SQLite engine (one station); a
// postgres://user[:password]@host[:port]/dbname URL puts the station on a shared PostgreSQL server.
// Read from --db (command line, bridge, server) or PARCEL_GATE_DB; a station's own file is in stationConfig.ts
// (station.json never holds a server's database login: stations reach the warehouse server instead).
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
