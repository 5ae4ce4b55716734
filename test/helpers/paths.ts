// Paths to the shared material beside the project: scenario packs and the corpus.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = process.env.PARCEL_GATE_SHARED ?? path.resolve(ROOT, '../shared');
export const PUBLIC_PACK = path.join(SHARED, 'scenarios', 'public-01');
export const CORPUS = path.join(SHARED, 'corpus');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `parcel-gate-${prefix}-`));
}

export function packFile(name: string, pack = PUBLIC_PACK) {
  const file = path.join(pack, name);
  return { name, bytes: new Uint8Array(fs.readFileSync(file)) };
}
