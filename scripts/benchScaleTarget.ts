// Where the warehouse-scale benchmark runs: a SQLite file or a PostgreSQL database named the way the
// app names it (`--db`), opened as an Engine for bulk seeding and as a service for measuring. The one
// place that knows how each engine is opened, shared by the command and its child processes.
import fs from 'node:fs';
import path from 'node:path';
import { ParcelGateService } from '../electron/main/service/service';
import { SqliteEngine } from '../electron/main/db/sqliteEngine';
import type { Engine } from '../electron/main/db/sql';

export type Target = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export function parseTarget(db: string): Target {
  if (/^postgres(ql)?:\/\//i.test(db)) return { engine: 'postgres', url: db };
  return { engine: 'sqlite', file: path.resolve(db) };
}

/** As shown to a person: never a password. */
export function describeTarget(t: Target): string {
  if (t.engine === 'sqlite') return `SQLite ${t.file}`;
  const u = new URL(t.url);
  return `PostgreSQL ${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
}

/** A benchmark seeds its own database: it never writes into one that holds anything. */
export function refuseExisting(t: Target): void {
  if (t.engine === 'sqlite' && fs.existsSync(t.file)) {
    throw new Error(`${t.file} exists: the benchmark seeds a fresh database each run; name a new file or remove it`);
  }
}

export async function openEngine(t: Target): Promise<Engine> {
  if (t.engine === 'sqlite') return new SqliteEngine(t.file);
  throw new Error('The PostgreSQL engine is not on this branch yet (electron/main/db/pgEngine.ts)');
}

export function openService(t: Target, dataDir: string): ParcelGateService {
  if (t.engine === 'sqlite') return new ParcelGateService({ dbFile: t.file, dataDir });
  throw new Error('The PostgreSQL engine is not on this branch yet (electron/main/db/openStorage.ts)');
}
