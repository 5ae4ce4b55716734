// Where audit verify's worker threads can read the chain for themselves: the SQLite file (with the
// better-sqlite3 build this process loaded) or the PostgreSQL server; none for an in-memory database.
import type { AuditSource } from './auditVerifyParallel';
import { PgEngine } from './pgEngine';
import type { Engine } from './sql';
import { SqliteEngine } from './sqliteEngine';

export function auditSource(engine: Engine): AuditSource | undefined {
  if (engine instanceof SqliteEngine) return engine.file === ':memory:' ? undefined : { engine: 'sqlite', file: engine.file, nativeBinding: engine.options.nativeBinding };
  if (engine instanceof PgEngine) return { engine: 'postgres', url: engine.connectionString() };
  return undefined;
}
