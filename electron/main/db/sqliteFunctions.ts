// SQL functions every SQLite connection of the app registers before its first statement: the
// triggers of migration 10 call them. Deterministic, so SQLite may use them in triggers and indexes.
// A connection without them (a stray sqlite3 shell) cannot add audit events at all: it fails closed.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export function registerSqliteFunctions(db: Database.Database): void {
  // The audit trigger recomputes each event's hash from its fields (the app's eventHash, version 2).
  db.function('sha256_hex', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? createHash('sha256').update(text, 'utf8').digest('hex') : null,
  );
}
