// An administrator's work on users: the list with lock state, deactivate, reset a PIN, unlock.
// Each change is audited; functions take the database and run inside the engine's write transaction.
import type { UserListRow } from '../../../shared/api';
import type { Locale, Role } from '../../../shared/types';
import { AppError } from '../../../shared/result';
import { appendAudit } from './audit';
import type { Db } from './database';

interface Row {
  id: number;
  name: string;
  role: Role;
  locale: Locale;
  active: number;
  failed_pins: number;
  locked_until: string | null;
  pin_hash: string;
}

export function listUsersForAdmin(db: Db, nowIso: string): UserListRow[] {
  const rows = db.prepare('SELECT id, name, role, locale, active, failed_pins, locked_until, pin_hash FROM users ORDER BY active DESC, name').all() as Row[];
  return rows
    .filter((r) => !r.pin_hash.startsWith('system$'))
    .map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      locale: r.locale,
      active: r.active === 1,
      failedPins: r.failed_pins,
      lockedUntil: r.locked_until && r.locked_until > nowIso ? r.locked_until : null,
    }));
}

function user(db: Db, userId: number): Row {
  const r = db.prepare('SELECT id, name, role, locale, active, failed_pins, locked_until, pin_hash FROM users WHERE id = ?').get(userId) as Row | undefined;
  if (!r || r.pin_hash.startsWith('system$')) throw new AppError('NOT_FOUND', `No user ${userId}`, undefined, { key: 'noSuchUser' });
  return r;
}

export function setUserActive(db: Db, userId: number, active: boolean, actor: string, at: string): void {
  const u = user(db, userId);
  if (!active && u.name === actor) throw new AppError('CONFLICT', 'You cannot deactivate yourself', undefined, { key: 'deactivateSelf' });
  db.prepare('UPDATE users SET active = ? WHERE id = ?').run(active ? 1 : 0, userId);
  appendAudit(db, { actor, action: active ? 'user.activate' : 'user.deactivate', entityType: 'user', entityId: u.name, details: {} }, at);
}

export function resetUserPin(db: Db, userId: number, pinHash: string, actor: string, at: string): void {
  const u = user(db, userId);
  db.prepare('UPDATE users SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE id = ?').run(pinHash, userId);
  appendAudit(db, { actor, action: 'user.pin_reset', entityType: 'user', entityId: u.name, details: {} }, at);
}

export function unlockUser(db: Db, userId: number, actor: string, at: string): void {
  const u = user(db, userId);
  db.prepare('UPDATE users SET failed_pins = 0, locked_until = NULL WHERE id = ?').run(userId);
  appendAudit(db, { actor, action: 'user.unlock', entityType: 'user', entityId: u.name, details: { failures: u.failed_pins } }, at);
}
