// Opens the storage the database setting names: a file → SQLite (migrated at start), a postgres://
// URL → the shared server (migrated once by its owner with `cli migrate`; a station only checks that
// the schema is the one it knows, and says what to do when it is not).
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { isServerUrl } from './dbSetting';
import { PgEngine } from './pgEngine';
import { pgSchemaVersion } from './pgMigrate';
import { PG_MIGRATIONS } from './migrations/pg';
import { SqliteStorage } from './sqliteStorage';
import { SqlStorage } from './sqlStorage';
import type { OpenOptions } from './database';

export interface OpenStorageOptions extends OpenOptions {
  now?: () => Date;
  /** This station's name, shown to the server (pg_stat_activity). */
  station?: string;
  /** Runs once before the first statement on a server (tests create their database here). */
  beforeFirstUse?: () => Promise<void>;
  /** The station's data folder: on a server, the station keeps its own anchor log of the chain heads it saw there. */
  dataDir?: string;
}

export function openStorage(setting: string, options: OpenStorageOptions = {}): SqlStorage {
  if (!isServerUrl(setting)) return new SqliteStorage(setting, options);
  const engine = new PgEngine(setting, {
    applicationName: `parcel-gate ${options.station ?? ''}`.trim().slice(0, 63),
    ready: async (pool) => {
      await options.beforeFirstUse?.();
      const version = await pgSchemaVersion(pool);
      if (version === PG_MIGRATIONS.length) return;
      if (version > PG_MIGRATIONS.length) {
        throw new AppError('CONFLICT', `The server's database was made by a newer Parcel Gate (schema ${version}, this version knows ${PG_MIGRATIONS.length}). Update this station.`);
      }
      throw new AppError(
        'CONFLICT',
        `The server's database is at schema ${version}; this station needs ${PG_MIGRATIONS.length}. The database owner runs: npm run cli -- --db postgres://OWNER@host/db migrate`,
      );
    },
  });
  const where = engine.info().where.replace(/[^A-Za-z0-9._-]+/g, '_');
  return new SqlStorage(engine, { now: options.now, anchorFile: options.dataDir ? path.join(options.dataDir, `server-${where}.anchors`) : null });
}
