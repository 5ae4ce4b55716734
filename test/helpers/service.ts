// A fresh service on a temporary database, with the public pack imported when asked.
import path from 'node:path';
import { ParcelGateService } from '../../electron/main/service/service';
import type { Channel, Req, Responses } from '../../shared/api';
import { packFile, PUBLIC_PACK, tempDir } from './paths';
import { SYSTEM } from '../../shared/systemIdentities';
import { inject } from 'vitest';
import { asUser, connectPostgres, newDatabaseName, OWNER_ROLE, STATION_ROLE } from './postgres';
import type { Engine } from '../../electron/main/db/sql';
import { SqliteEngine } from '../../electron/main/db/sqliteEngine';
import { PgEngine } from '../../electron/main/db/pgEngine';
import { isServerUrl } from '../../electron/main/db/dbSetting';

export interface TestService {
  service: ParcelGateService;
  dir: string;
  dbFile: string;
  /** Calls as the local command line would; throws on an error result. */
  sys<C extends Channel>(channel: C, req: Req<C>): Promise<Responses[C]>;
}

/** The engine the service suite runs on: SQLite, or (project integration-pg) the run's PostgreSQL server. */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.PARCEL_GATE_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A new empty database for one test: a file, or on PostgreSQL a fresh database (created and migrated
 * by its owner before the first statement) that the service reaches as the least-privilege station role.
 */
export function freshDatabase(dir: string): { db: string; beforeFirstUse?: () => Promise<void> } {
  if (TEST_ENGINE === 'sqlite') return { db: path.join(dir, 'station.db') };
  const base = inject('pgBaseUrl');
  if (!base) throw new Error('PARCEL_GATE_TEST_ENGINE=postgres needs the PostgreSQL global setup (vitest project integration-pg)');
  const server = connectPostgres(base);
  const name = newDatabaseName();
  return { db: server.url(name, STATION_ROLE), beforeFirstUse: async () => void (await server.createDatabase({ name })) };
}

export function freshService(opts: { now?: () => Date; ocrWorkers?: number; ocrEngine?: 'ppocr' | 'tesseract'; ocrModelDir?: string } = {}): TestService {
  const dir = tempDir('svc');
  const { db: dbFile, beforeFirstUse } = freshDatabase(dir);
  const service = new ParcelGateService({ dbFile, beforeFirstUse, dataDir: path.join(dir, 'data'), ...opts });
  return {
    service,
    dir,
    dbFile,
    async sys(channel, req) {
      const r = await service.call(channel, req, { system: SYSTEM.test });
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
  };
}

export async function importPack(t: TestService, pack = PUBLIC_PACK) {
  return t.sys('data:import', {
    brands: packFile('brands.json', pack),
    certificates: packFile('certificates.json', pack),
    orders: packFile('orders.csv', pack),
  });
}

/**
 * Raw SQL on a test's database, around the service (the attacks a person with a SQL client could try):
 * the file itself on SQLite; on PostgreSQL the station role, or the database's owner when asked.
 */
export function rawEngine(dbSetting: string, opts: { owner?: boolean } = {}): Engine {
  if (!isServerUrl(dbSetting)) return new SqliteEngine(dbSetting);
  return new PgEngine(opts.owner ? asUser(dbSetting, OWNER_ROLE) : dbSetting);
}
