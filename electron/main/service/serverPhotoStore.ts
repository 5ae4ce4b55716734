// Evidence photos on a shared PostgreSQL server: every station and the supervisor's desk reach every
// photo through the server. Content-addressed rows (photo_blobs: sha256 → bytes), written in their
// own transaction before the inspection that names them; the SHA-256 is checked again on every read.
// The local evidence folder keeps a copy: a photo taken while the server is away is not lost, and a
// photo read twice at one desk is fetched once.
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/result';
import type { Engine } from '../db/sql';
import type { CheckedPhoto, PhotoBytes } from './photoStore';

export class ServerPhotoStore implements PhotoBytes {
  constructor(
    private readonly engine: Engine,
    private readonly local: PhotoBytes,
  ) {}

  async put(photo: CheckedPhoto, bytes: Uint8Array): Promise<void> {
    await this.local.put(photo, bytes);
    await this.engine.write((tx) =>
      tx.run('INSERT INTO photo_blobs (sha256, mime, size, bytes, stored_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
        photo.sha256,
        photo.mime,
        bytes.length,
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        new Date().toISOString(),
      ]),
    );
  }

  async get(sha256: string, mime: string): Promise<Uint8Array> {
    try {
      const cached = await this.local.get(sha256, mime);
      if (sha(cached) === sha256) return cached;
    } catch {
      // not at this desk: from the server
    }
    const row = await this.engine.read.get<{ bytes: Buffer }>('SELECT bytes FROM photo_blobs WHERE sha256 = ?', [sha256]);
    if (!row) throw new AppError('NOT_FOUND', `Evidence photo ${sha256.slice(0, 12)}… is not on the server`);
    const bytes = new Uint8Array(row.bytes);
    if (sha(bytes) !== sha256) {
      throw new AppError('CONFLICT', `Evidence photo ${sha256.slice(0, 12)}… on the server does not match its SHA-256: it was changed after it was stored`);
    }
    return bytes;
  }
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
