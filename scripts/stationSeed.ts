// A station with inspections for the backup tests and benchmark: a SQLite file with an inspector, and
// inspections with a real photo each (a small PNG unique to its round, stored as the app stores evidence).
import sharp from 'sharp';
import type { Storage } from '../electron/main/db/storage';
import { addPhoto } from '../electron/main/service/photoEvidence';
import { PhotoStore } from '../electron/main/service/photoStore';

export const backupTracking = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`;

export async function seedStation(storage: Storage): Promise<void> {
  await storage.addUser({ name: 'insp', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
  await storage.saveRuleset('{}', 'test');
}

/** A PNG no other round has (its colour and size come from the round number). */
export function uniquePng(prefix: string, i: number): Promise<Buffer> {
  const seed = [...prefix].reduce((a, c) => a * 31 + c.charCodeAt(0), 7);
  return sharp({ create: { width: 16 + (i % 7), height: 16 + ((i * 3) % 5), channels: 3, background: { r: (seed + i) % 256, g: (i * 7) % 256, b: Math.floor(i / 256) % 256 } } })
    .png()
    .toBuffer();
}

/** One inspection with one photo: a hold on odd rounds, a clear on even ones. */
export async function inspectOne(storage: Storage, evidenceDir: string, prefix: string, i: number): Promise<void> {
  const insp = await storage.userByName('insp');
  const photo = await addPhoto(storage, new PhotoStore(evidenceDir), new Uint8Array(await uniquePng(prefix, i)), `p${i}.png`);
  const tracking = backupTracking(prefix, i);
  const now = new Date().toISOString();
  await storage.recordInspection({
    trackingNo: tracking, scan: tracking, orderNo: null, station: 'S', inspectorId: insp!.id, inspectorName: 'insp', startedAt: now, finishedAt: now,
    outcome: i % 2 ? 'HOLD' : 'CLEAR', findings: [], rulesetVersion: 1, brands: [], reads: [], photoIds: [photo.photoId], timingsMs: {},
  });
}
