// Photos and documents are content-addressed files in the data folder; the database keeps what each
// one is (size, type, pixels, the name it came with) under its SHA-256.
import type { Sql } from '../sql';
import type { PhotoMeta } from '../storage';

/** The same bytes stored twice are one photo: the first record stays. */
export async function recordPhoto(db: Sql, m: PhotoMeta, at: string): Promise<void> {
  await db.run(
    'INSERT INTO photos (sha256, bytes, mime, width, height, original_name, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    [m.sha256, m.bytes, m.mime, m.width, m.height, m.originalName, at],
  );
}

export async function photoMeta(db: Sql, sha256: string): Promise<PhotoMeta | null> {
  const r = await db.get<{ sha256: string; bytes: number; mime: string; width: number; height: number; original_name: string | null }>('SELECT * FROM photos WHERE sha256 = ?', [sha256]);
  return r ? { sha256: r.sha256, bytes: Number(r.bytes), mime: r.mime, width: Number(r.width), height: Number(r.height), originalName: r.original_name } : null;
}

export async function photoExists(db: Sql, sha256: string): Promise<boolean> {
  return !!(await db.get('SELECT 1 FROM photos WHERE sha256 = ?', [sha256]));
}
