// Evidence photos, content-addressed by SHA-256 in the data folder; written atomically, never changed.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../../shared/result';

export const PHOTO_LIMITS = {
  maxBytes: 40 * 1024 * 1024,
  /** Decoded pixels; a camera photo is 8-50 Mpx. Decompression bombs are refused from the header. */
  maxPixels: 60_000_000,
  maxSide: 20_000,
} as const;

const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const EXT: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

export interface CheckedPhoto {
  sha256: string;
  mime: string;
  ext: string;
  /** Display size, after EXIF orientation. */
  width: number;
  height: number;
  bytes: number;
}

/** Validates a photo from its header alone: format, size and pixel count, before any decoding. */
export async function checkPhoto(bytes: Uint8Array, name: string): Promise<CheckedPhoto> {
  if (bytes.length === 0) throw new AppError('PHOTO_REJECTED', `${name}: the file is empty`, undefined, { key: 'photoEmpty', params: { name } });
  if (bytes.length > PHOTO_LIMITS.maxBytes) {
    throw new AppError('PHOTO_REJECTED', `${name}: ${(bytes.length / 1048576).toFixed(1)} MB is over the ${PHOTO_LIMITS.maxBytes / 1048576} MB limit for a photo`, undefined, {
      key: 'photoTooBig',
      params: { name, limit: PHOTO_LIMITS.maxBytes / 1048576 },
    });
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('PHOTO_REJECTED', `${name}: not a readable image (JPEG, PNG or WebP expected)`, undefined, { key: 'photoNotImage', params: { name } });
  }
  const format = meta.format ?? 'unknown';
  if (!MIME[format]) throw new AppError('PHOTO_REJECTED', `${name}: ${format.toUpperCase()} images are not supported; use JPEG, PNG or WebP`, undefined, { key: 'photoNotImage', params: { name } });
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (!w || !h) throw new AppError('PHOTO_REJECTED', `${name}: the image has no size in its header (corrupt file)`, undefined, { key: 'photoNotImage', params: { name } });
  if (w * h > PHOTO_LIMITS.maxPixels || w > PHOTO_LIMITS.maxSide || h > PHOTO_LIMITS.maxSide) {
    throw new AppError(
      'PHOTO_REJECTED',
      `${name}: ${w} × ${h} pixels is too large (limit ${PHOTO_LIMITS.maxPixels / 1e6} megapixels, ${PHOTO_LIMITS.maxSide} px a side); refused before decoding`,
      undefined,
      { key: 'photoTooBig', params: { name, limit: PHOTO_LIMITS.maxBytes / 1048576 } },
    );
  }
  const rotated = (meta.orientation ?? 1) >= 5;
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    mime: MIME[format],
    ext: EXT[format],
    width: rotated ? h : w,
    height: rotated ? w : h,
    bytes: bytes.length,
  };
}

/** Where evidence files are kept: this data folder's store today; the service is given one at construction. */
export interface PhotoBytes {
  put(checked: CheckedPhoto, bytes: Uint8Array): Promise<void>;
  get(sha256: string, mime: string): Promise<Uint8Array>;
}

export class PhotoStore implements PhotoBytes {
  constructor(private readonly root: string) {}

  pathFor(sha256: string, ext: string): string {
    return path.join(this.root, sha256.slice(0, 2), `${sha256}.${ext}`);
  }

  /** Writes the file if it is not there yet: temp file, fsync, rename. */
  async put(photo: CheckedPhoto, bytes: Uint8Array): Promise<void> {
    const final = this.pathFor(photo.sha256, photo.ext);
    try {
      await fs.access(final);
      return;
    } catch {
      // not stored yet
    }
    await fs.mkdir(path.dirname(final), { recursive: true });
    const tmp = `${final}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await fs.open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, final);
  }

  async get(sha256: string, mime: string): Promise<Uint8Array> {
    const ext = Object.entries(MIME).find(([, m]) => m === mime)?.[0];
    // Proof documents may be PDFs (documentCheck.ts), stored beside the photos.
    const file = this.pathFor(sha256, mime === 'application/pdf' ? 'pdf' : EXT[ext ?? 'jpeg']);
    try {
      return new Uint8Array(await fs.readFile(file));
    } catch {
      throw new AppError('NOT_FOUND', `Evidence photo ${sha256.slice(0, 12)}… is missing from ${this.root}`);
    }
  }
}
