// Where the warehouse-scale benchmark runs: a SQLite file or a PostgreSQL database named the way the
// app names it (`--db`), opened as an Engine for bulk seeding and as a service for measuring. The one
// place that knows how each engine is opened, shared by the command and its child processes.
import fs from 'node:fs';
import path from 'node:path';
import { ParcelGateService } from '../electron/main/service/service';
import { SqliteEngine } from '../electron/main/db/sqliteEngine';
import { PgEngine } from '../electron/main/db/pgEngine';
import { isServerUrl, redactDb } from '../electron/main/db/dbSetting';
import type { Engine } from '../electron/main/db/sql';

/**
 * On PostgreSQL the seeding connects as the database's owner (`url`); the services connect as the
 * stations do (`stationUrl`: the least-privilege station role where one is given, else the same URL).
 */
export type Target = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string; stationUrl: string };

export function parseTarget(db: string, stationDb?: string): Target {
  if (isServerUrl(db)) return { engine: 'postgres', url: db.trim(), stationUrl: (stationDb ?? db).trim() };
  return { engine: 'sqlite', file: path.resolve(db) };
}

/** What the services of the benchmark open: the file, or the stations' URL. */
export function serviceDb(t: Target): string {
  return t.engine === 'sqlite' ? t.file : t.stationUrl;
}

/** As shown to a person: never a password. */
export function describeTarget(t: Target): string {
  if (t.engine === 'sqlite') return `SQLite ${t.file}`;
  const as = (u: string) => decodeURIComponent(new URL(u).username) || '(default user)';
  return `PostgreSQL ${redactDb(t.url)} (seeded as ${as(t.url)}, stations as ${as(t.stationUrl)})`;
}

export function openEngine(t: Target): Engine {
  return t.engine === 'sqlite' ? new SqliteEngine(t.file) : new PgEngine(t.url, { applicationName: 'parcel-gate-bench-seed' });
}

/** A benchmark seeds its own database: it never writes into one that holds anything. */
export async function refuseExisting(t: Target): Promise<void> {
  if (t.engine === 'sqlite') {
    if (fs.existsSync(t.file)) throw new Error(`${t.file} exists: the benchmark seeds a fresh database each run; name a new file or remove it`);
    return;
  }
  const engine = openEngine(t);
  try {
    const used = await engine.read.get<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM orders LIMIT 1) AS x');
    if (Number(used?.n ?? 0) > 0) throw new Error(`${describeTarget(t)} already holds orders: the benchmark seeds a fresh, migrated database each run`);
  } finally {
    await engine.close();
  }
}

/** A service as a station opens it: the file, or the server's URL (openStorage picks the engine). */
export function openService(db: string, dataDir: string): ParcelGateService {
  return new ParcelGateService({ dbFile: db, dataDir });
}
