// The hold shelves: listed for the station and the queue's filter, imported by an admin.
// Writes run inside the caller's write transaction.
import type { Shelf } from '../../../../shared/api';
import type { ShelfInput } from '../../../../shared/imports/shelvesFile';
import { appendAudit } from '../audit';
import type { Sql } from '../sql';

export async function listShelves(db: Sql): Promise<Shelf[]> {
  const rows = await db.all<{ code: string; label: string; active: number }>('SELECT code, label, active FROM shelves ORDER BY code');
  return rows.map((r) => ({ code: r.code, label: r.label, active: Number(r.active) === 1 }));
}

/** Whether `code` is an active shelf; true for any code while no shelves are kept (older databases). */
export async function isKnownShelf(db: Sql, code: string): Promise<boolean> {
  if (!(await db.get('SELECT 1 FROM shelves LIMIT 1'))) return true;
  return !!(await db.get('SELECT 1 FROM shelves WHERE code = ? AND active = 1', [code]));
}

export async function importShelves(db: Sql, items: ShelfInput[], actor: string, file: string, at: string): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const s of items) {
    const old = await db.get<{ label: string; active: number }>('SELECT label, active FROM shelves WHERE code = ?', [s.code]);
    const active = s.active ? 1 : 0;
    if (!old) {
      await db.run('INSERT INTO shelves (code, label, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [s.code, s.label, active, at, at]);
      counts.inserted++;
    } else if (old.label !== s.label || Number(old.active) !== active) {
      await db.run('UPDATE shelves SET label = ?, active = ?, updated_at = ? WHERE code = ?', [s.label, active, at, s.code]);
      counts.updated++;
    } else counts.unchanged++;
  }
  await appendAudit(db, { actor, action: 'shelves.import', entityType: 'shelves', entityId: file, details: counts }, at);
  return counts;
}
