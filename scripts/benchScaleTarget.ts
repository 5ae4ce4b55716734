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

export type Target = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export function parseTarget(db: string): Target {
  if (isServerUrl(db)) return { engine: 'postgres', url: db.trim() };
  return { engine: 'sqlite', file: path.resolve(db) };
}

/** As shown to a person: never a password. */
export function describeTarget(t: Target): string {
  return t.engine === 'sqlite' ? `SQLite ${t.file}` : `PostgreSQL ${redactDb(t.url)}`;
}

/** A benchmark seeds its own database: it never writes into one that holds anything. */
export function refuseExisting(t: Target): void {
  if (t.engine === 'sqlite' && fs.existsSync(t.file)) {
    throw new Error(`${t.file} exists: the benchmark seeds a fresh database each run; name a new file or remove it`);
  }
}

export async function openEngine(t: Target): Promise<Engine> {
  return t.engine === 'sqlite' ? new SqliteEngine(t.file) : new PgEngine(t.url, { applicationName: 'parcel-gate-bench-seed' });
}

export function openService(t: Target, dataDir: string): ParcelGateService {
  if (t.engine === 'sqlite') return new ParcelGateService({ dbFile: t.file, dataDir });
  throw new Error('The PostgreSQL engine is not on this branch yet (electron/main/db/openStorage.ts)');
}
