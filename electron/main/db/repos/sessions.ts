// Sessions and sign-in attempts as rows (migration 10 / pg 5), so every server process of a warehouse
// sees the same ones. A session is keyed by the SHA-256 of its token: whoever reads the table learns
// no token. The user comes from the users table on every call, so a role change counts at once.
import type { Role, Locale } from '../../../../shared/types';
import type { Sql } from '../sql';

export interface SessionRow {
  station: string;
  last_seen: string;
  user_id: number;
  name: string;
  role: Role;
  locale: Locale;
  active: number;
}

export async function insertSession(db: Sql, tokenHash: string, userId: number, station: string, at: string): Promise<void> {
  await db.run('INSERT INTO sessions (token_hash, user_id, station, started_at, last_seen) VALUES (?, ?, ?, ?, ?)', [tokenHash, userId, station, at, at]);
}

export function sessionByToken(db: Sql, tokenHash: string): Promise<SessionRow | undefined> {
  return db.get<SessionRow>(
    `SELECT s.station, s.last_seen, u.id AS user_id, u.name, u.role, u.locale, u.active
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
    [tokenHash],
  );
}

/** Marks a session used at `at` (only moving forward: another server may have touched it later). */
export async function touchSession(db: Sql, tokenHash: string, at: string): Promise<void> {
  await db.run('UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND last_seen < ?', [at, tokenHash, at]);
}

export async function deleteSession(db: Sql, tokenHash: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
}

export async function deleteSessionsOf(db: Sql, userId: number): Promise<void> {
  await db.run('DELETE FROM sessions WHERE user_id = ?', [userId]);
}

/** Sessions used since an instant (not yet idle). */
export async function countLiveSessions(db: Sql, lastSeenSince: string): Promise<number> {
  const r = await db.get<{ n: number | string }>('SELECT count(*) AS n FROM sessions WHERE last_seen >= ?', [lastSeenSince]);
  return Number(r?.n ?? 0);
}

export async function deleteIdleSessions(db: Sql, lastSeenBefore: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE last_seen < ?', [lastSeenBefore]);
}

export async function countAttempts(db: Sql, scope: string, since: string): Promise<number> {
  const r = await db.get<{ n: number }>('SELECT count(*) AS n FROM sign_in_attempts WHERE scope = ? AND at > ?', [scope, since]);
  return Number(r?.n ?? 0);
}

export async function addAttempt(db: Sql, scope: string, at: string): Promise<number> {
  const r = await db.get<{ id: number }>('INSERT INTO sign_in_attempts (scope, at) VALUES (?, ?) RETURNING id', [scope, at]);
  return Number(r!.id);
}

export async function removeAttempt(db: Sql, id: number): Promise<void> {
  await db.run('DELETE FROM sign_in_attempts WHERE id = ?', [id]);
}

export async function pruneAttempts(db: Sql, before: string): Promise<void> {
  await db.run('DELETE FROM sign_in_attempts WHERE at < ?', [before]);
}
