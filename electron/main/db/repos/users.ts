// People and system identities: sign-in facts (PIN hash, failed attempts, lock), the first
// administrator, and an administrator's work on users (the list with lock state, deactivate, reset a
// PIN, unlock). Writes run inside the caller's write transaction, each with its audit event.
import type { UserListRow } from '../../../../shared/api';
import type { Locale, Role, User } from '../../../../shared/types';
import { AppError } from '../../../../shared/result';
import { appendAudit } from '../audit';
import type { Sql } from '../sql';
import type { UserRecord } from '../storage';

interface UserRow {
  id: number;
  name: string;
  role: Role;
  pin_hash: string;
  locale: Locale;
  active: number;
  failed_pins: number;
  locked_until: string | null;
}

const toUser = (r: UserRow): User => ({ id: Number(r.id), name: r.name, role: r.role, locale: r.locale });

/** System identities (pin_hash system$…) sign nothing in and are no people. */
const PEOPLE = "pin_hash NOT LIKE 'system$%'";

export async function listUsers(db: Sql): Promise<User[]> {
  return (await db.all<UserRow>(`SELECT * FROM users WHERE active = 1 AND ${PEOPLE} ORDER BY name`)).map(toUser);
}

export async function countPeople(db: Sql): Promise<number> {
  return Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM users WHERE ${PEOPLE}`))?.n ?? 0);
}

export async function userByName(db: Sql, name: string): Promise<UserRecord | null> {
  const r = await db.get<UserRow>('SELECT * FROM users WHERE name = ?', [name.trim()]);
  if (!r) return null;
  return { ...toUser(r), pinHash: r.pin_hash, active: Number(r.active) === 1, failedPins: Number(r.failed_pins), lockedUntil: r.locked_until };
}

export async function addUser(db: Sql, u: { name: string; role: Role; locale: Locale; pinHash: string }, actor: string, onlyIfFirst: boolean, at: string): Promise<User> {
  // The first administrator: "nobody yet" and the insert are one step under the write lock, so
  // parallel first calls create exactly one.
  if (onlyIfFirst && (await countPeople(db)) > 0) throw new AppError('FORBIDDEN', 'Only an admin may add users');
  if (await db.get('SELECT 1 FROM users WHERE name = ?', [u.name])) {
    throw new AppError('CONFLICT', `A user named "${u.name}" already exists`, undefined, { key: 'duplicateUser', params: { name: u.name } });
  }
  const r = await db.get<{ id: number }>('INSERT INTO users (name, role, pin_hash, locale, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id', [u.name, u.role, u.pinHash, u.locale, at]);
  await appendAudit(db, { actor, action: 'user.add', entityType: 'user', entityId: u.name, details: { role: u.role } }, at);
  return { id: Number(r!.id), name: u.name, role: u.role, locale: u.locale };
}

/** Counts one PIN attempt as a failure before it is checked, unless the user is locked; locks at `max`. */
export async function reservePinAttempt(db: Sql, userId: number, nowIso: string, lockUntil: string, max: number) {
  // One statement under the write lock: the check and the count cannot be split by another guess.
  const r = await db.get<{ failed_pins: number; locked_until: string | null }>(
    `UPDATE users SET failed_pins = failed_pins + 1,
       locked_until = CASE WHEN failed_pins + 1 >= @max THEN CAST(@lockUntil AS TEXT) ELSE NULL END
     WHERE id = @userId AND (locked_until IS NULL OR locked_until <= @now)
     RETURNING failed_pins, locked_until`,
    { userId, now: nowIso, lockUntil, max },
  );
  if (r) return { allowed: true, failures: Number(r.failed_pins), lockedUntil: r.locked_until };
  const u = await db.get<{ failed_pins: number; locked_until: string | null }>('SELECT failed_pins, locked_until FROM users WHERE id = ?', [userId]);
  return { allowed: false, failures: Number(u?.failed_pins ?? 0), lockedUntil: u?.locked_until ?? null };
}

/** The audit event of a wrong PIN (the count itself was taken by reservePinAttempt). */
export async function recordPinFailure(db: Sql, userId: number, lockUntil: string | null, station: string, at: string): Promise<number> {
  const r = await db.get<{ failed_pins: number; name: string }>('SELECT failed_pins, name FROM users WHERE id = ?', [userId]);
  if (!r) throw new AppError('NOT_FOUND', 'No such user');
  const failures = Number(r.failed_pins);
  await appendAudit(db, { actor: r.name, action: 'session.pin_wrong', entityType: 'user', entityId: r.name, details: { station, failures, lockedUntil: lockUntil } }, at);
  return failures;
}

export async function recordSignIn(db: Sql, userId: number, station: string, at: string): Promise<void> {
  const r = await db.get<{ name: string }>('UPDATE users SET failed_pins = 0, locked_until = NULL WHERE id = ? RETURNING name', [userId]);
  if (!r) throw new AppError('NOT_FOUND', 'No such user');
  await appendAudit(db, { actor: r.name, action: 'session.sign_in', entityType: 'user', entityId: r.name, details: { station } }, at);
}

export async function setLocale(db: Sql, userId: number, locale: Locale): Promise<User> {
  const r = await db.get<UserRow>('UPDATE users SET locale = ? WHERE id = ? RETURNING *', [locale, userId]);
  if (!r) throw new AppError('NOT_FOUND', 'No such user');
  return toUser(r);
}

// ---- an administrator's work ----------------------------------------------------------------

const ADMIN_COLUMNS = 'id, name, role, locale, active, failed_pins, locked_until, pin_hash';

export async function listUsersForAdmin(db: Sql, nowIso: string): Promise<UserListRow[]> {
  const rows = await db.all<UserRow>(`SELECT ${ADMIN_COLUMNS} FROM users ORDER BY active DESC, name`);
  return rows
    .filter((r) => !r.pin_hash.startsWith('system$'))
    .map((r) => ({
      id: Number(r.id),
      name: r.name,
      role: r.role,
      locale: r.locale,
      active: Number(r.active) === 1,
      failedPins: Number(r.failed_pins),
      lockedUntil: r.locked_until && r.locked_until > nowIso ? r.locked_until : null,
    }));
}

async function person(db: Sql, userId: number): Promise<UserRow> {
  const r = await db.get<UserRow>(`SELECT ${ADMIN_COLUMNS} FROM users WHERE id = ?`, [userId]);
  if (!r || r.pin_hash.startsWith('system$')) throw new AppError('NOT_FOUND', `No user ${userId}`, undefined, { key: 'noSuchUser' });
  return r;
}

export async function setUserActive(db: Sql, userId: number, active: boolean, actor: string, at: string): Promise<void> {
  const u = await person(db, userId);
  if (!active && u.name === actor) throw new AppError('CONFLICT', 'You cannot deactivate yourself', undefined, { key: 'deactivateSelf' });
  // The event first: the database accepts the change only after it (migration 13).
  await appendAudit(db, { actor, action: active ? 'user.activate' : 'user.deactivate', entityType: 'user', entityId: u.name, details: {} }, at);
  await db.run('UPDATE users SET active = ? WHERE id = ?', [active, userId]);
}

export async function resetUserPin(db: Sql, userId: number, pinHash: string, actor: string, at: string): Promise<void> {
  const u = await person(db, userId);
  await appendAudit(db, { actor, action: 'user.pin_reset', entityType: 'user', entityId: u.name, details: {} }, at);
  await db.run('UPDATE users SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE id = ?', [pinHash, userId]);
}

export async function unlockUser(db: Sql, userId: number, actor: string, at: string): Promise<void> {
  const u = await person(db, userId);
  await db.run('UPDATE users SET failed_pins = 0, locked_until = NULL WHERE id = ?', [userId]);
  await appendAudit(db, { actor, action: 'user.unlock', entityType: 'user', entityId: u.name, details: { failures: Number(u.failed_pins) } }, at);
}
