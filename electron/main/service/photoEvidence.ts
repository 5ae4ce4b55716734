// Photos in and out of the evidence: a photo is stored (file first, then its row) before anyone
// reads it, and each stored photo is read once under the current registry, however many ask.
import type { Responses } from '../../../shared/api';
import { AppError } from '../../../shared/result';
import type { PhotoRead } from '../../../shared/types';
import type { Storage } from '../db/storage';
import type { PhotoReader } from '../reading/photoReader';
import type { Registry } from './caches';
import { checkPhoto, type PhotoBytes } from './photoStore';

/** Stores a photo as evidence and returns its id. */
export async function addPhoto(storage: Storage, photos: PhotoBytes, bytes: Uint8Array, name = 'photo'): Promise<Responses['photo:add']> {
  const t0 = performance.now();
  const checked = await checkPhoto(bytes, name);
  await photos.put(checked, bytes);
  await storage.recordPhoto({ sha256: checked.sha256, bytes: checked.bytes, mime: checked.mime, width: checked.width, height: checked.height, originalName: name });
  return { photoId: checked.sha256, width: checked.width, height: checked.height, bytes: checked.bytes, mime: checked.mime, storeMs: Math.round(performance.now() - t0) };
}

const KEEP_READS = 200;

export class PhotoReads {
  private readonly cache = new Map<string, Promise<PhotoRead>>();

  constructor(
    private readonly storage: Storage,
    private readonly photos: PhotoBytes,
    private readonly reader: PhotoReader,
    private readonly registry: () => Promise<Registry>,
  ) {}

  /** Reads a stored photo once; later asks for the same photo share the work. */
  async read(photoId: string): Promise<PhotoRead> {
    const { matcher, certificates } = await this.registry();
    let pending = this.cache.get(photoId);
    if (!pending) {
      pending = (async () => {
        const meta = await this.storage.photoMeta(photoId);
        if (!meta) throw new AppError('NOT_FOUND', `No stored photo ${photoId.slice(0, 12)}…; add it first`);
        const bytes = await this.photos.get(photoId, meta.mime);
        const sellers = certificates.map((c) => c.sellerTaxId);
        return this.reader.read(bytes, photoId, matcher, meta.originalName ?? undefined, sellers);
      })();
      pending.catch(() => this.cache.delete(photoId));
      this.cache.set(photoId, pending);
      if (this.cache.size > KEEP_READS) this.cache.delete(this.cache.keys().next().value!);
    }
    return pending;
  }

  /** Brand hits depend on the registry: reads made under an older one are stale. */
  forget(): void {
    this.cache.clear();
  }
}
