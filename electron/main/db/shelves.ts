// The hold shelves: listed for the station and the queue's filter, imported by an admin.
// Functions take the database; the storage engine runs the writes in its transaction.
import type { Shelf } from '../../../shared/api';
import type { ShelfInput } from '../../../shared/imports/shelvesFile';
import type { Db } from './database';

export function listShelves(db: Db): Shelf[] {
  return (db.prepare('SELECT code, label, active FROM shelves ORDER BY code').all() as { code: string; label: string; active: number }[]).map((r) => ({
    code: r.code,
    label: r.label,
    active: r.active === 1,
  }));
}

/** Whether `code` is an active shelf; true for any code while no shelves are kept (older databases). */
export function isKnownShelf(db: Db, code: string): boolean {
  const n = (db.prepare('SELECT count(*) AS n FROM shelves').get() as { n: number }).n;
  if (n === 0) return true;
  return !!db.prepare('SELECT 1 FROM shelves WHERE code = ? AND active = 1').get(code);
}

export function upsertShelves(db: Db, items: ShelfInput[], at: string): { inserted: number; updated: number; unchanged: number } {
  const get = db.prepare('SELECT label, active FROM shelves WHERE code = ?');
  const ins = db.prepare('INSERT INTO shelves (code, label, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const upd = db.prepare('UPDATE shelves SET label = ?, active = ?, updated_at = ? WHERE code = ?');
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const s of items) {
    const old = get.get(s.code) as { label: string; active: number } | undefined;
    const active = s.active ? 1 : 0;
    if (!old) {
      ins.run(s.code, s.label, active, at, at);
      counts.inserted++;
    } else if (old.label !== s.label || old.active !== active) {
      upd.run(s.label, active, at, s.code);
      counts.updated++;
    } else counts.unchanged++;
  }
  return counts;
}
