// A station file checks its own safeguards: every table, index and trigger must be exactly as the
// migrations wrote them. The expectation is built by migrating a fresh in-memory database with the
// same migrations, so it follows every future migration by itself. A dropped trigger, a trigger
// rewritten in place (sqlite3's writable_schema keeps its name and passes integrity_check) or one
// added by hand stops work until the file is restored (sqlStorage.ts) and breaks `audit verify`.
import Database from 'better-sqlite3';
import type { Db } from './database';
import { migrate } from './database';

export interface SchemaChange {
  change: 'dropped' | 'rewritten' | 'added';
  type: string;
  name: string;
}

interface SchemaRow {
  type: string;
  name: string;
  sql: string | null;
}

// SQLite's own objects (sqlite_sequence, sqlite_autoindex_*, sqlite_stat*) are not the migrations' to write.
const SCHEMA_SQL = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name";

let expected: Map<string, SchemaRow> | null = null;

/** The schema the migrations write, made once per process on an in-memory database. */
function expectedSchema(nativeBinding?: string): Map<string, SchemaRow> {
  if (expected) return expected;
  const mem = new Database(':memory:', { nativeBinding });
  try {
    migrate(mem);
    expected = new Map((mem.prepare(SCHEMA_SQL).all() as SchemaRow[]).map((r) => [`${r.type} ${r.name}`, r]));
  } finally {
    mem.close();
  }
  return expected;
}

/** Every difference between the file's schema and the migrations', dropped first. */
export function schemaChanges(db: Db, nativeBinding?: string): SchemaChange[] {
  const want = expectedSchema(nativeBinding);
  const have = new Map((db.prepare(SCHEMA_SQL).all() as SchemaRow[]).map((r) => [`${r.type} ${r.name}`, r]));
  const changes: SchemaChange[] = [];
  for (const [k, w] of want) {
    const h = have.get(k);
    if (!h) changes.push({ change: 'dropped', type: w.type, name: w.name });
    else if (h.sql !== w.sql) changes.push({ change: 'rewritten', type: w.type, name: w.name });
  }
  for (const [k, h] of have) if (!want.has(k)) changes.push({ change: 'added', type: h.type, name: h.name });
  const order = { dropped: 0, rewritten: 1, added: 2 };
  return changes.sort((a, b) => order[a.change] - order[b.change] || a.name.localeCompare(b.name));
}

/** One English sentence naming every change (the UI says it in its language from the same lists). */
export function describeSchemaChanges(changes: SchemaChange[]): string {
  const of = (c: SchemaChange['change']) => changes.filter((x) => x.change === c).map((x) => `${x.type} ${x.name}`);
  const parts = [
    of('dropped').length ? `dropped: ${of('dropped').join(', ')}` : '',
    of('rewritten').length ? `rewritten in place: ${of('rewritten').join(', ')}` : '',
    of('added').length ? `added by hand: ${of('added').join(', ')}` : '',
  ].filter(Boolean);
  return `The station file's safeguards were changed outside Parcel Gate (${parts.join('; ')}). Work is stopped: restore the file from a backup and report it.`;
}

/** The lists as error parameters: names of what was dropped, rewritten and added ("—" for none). */
export function schemaChangeParams(changes: SchemaChange[]): Record<string, string> {
  const list = (c: SchemaChange['change']) => changes.filter((x) => x.change === c).map((x) => x.name).join(', ') || '—';
  return { dropped: list('dropped'), rewritten: list('rewritten'), added: list('added') };
}
