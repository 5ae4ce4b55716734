// The demo data shipped in resources/demo: a small registry and orders to try the station with.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParsedReq } from '../../../shared/api';

/** resources/demo beside the sources (development, bundle in out/) or in the packaged app's resources. */
export function defaultDemoDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../../../resources/demo'),
    path.resolve(here, '../../resources/demo'),
    path.resolve(process.cwd(), 'resources/demo'),
    ...(resourcesPath() ? [path.join(resourcesPath()!, 'demo')] : []),
  ];
  return candidates.find((c) => existsSync(path.join(c, 'brands.json'))) ?? candidates[0];
}

/** Electron's resources folder in a packaged app; undefined under plain Node. */
function resourcesPath(): string | undefined {
  return (process as { resourcesPath?: string }).resourcesPath;
}

export async function loadDemoPack(dir = defaultDemoDir()): Promise<ParsedReq<'data:import'>> {
  const file = async (name: string) => ({ name, bytes: new Uint8Array(await fs.readFile(path.join(dir, name))) });
  return { brands: await file('brands.json'), certificates: await file('certificates.json'), orders: await file('orders.csv') };
}
