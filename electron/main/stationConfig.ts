// This station's own settings, read by main (never taken from the renderer): its name comes from
// PARCEL_GATE_STATION, else `station.json` ({"name": "PACK-3"}) in the data folder, else the host name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function stationName(dataDir: string): string {
  const fromEnv = process.env.PARCEL_GATE_STATION?.trim();
  if (fromEnv) return fromEnv.slice(0, 60);
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(dataDir, 'station.json'), 'utf8')) as { name?: unknown };
    if (typeof cfg.name === 'string' && cfg.name.trim()) return cfg.name.trim().slice(0, 60);
  } catch {
    // no station file: the host name
  }
  return os.hostname().slice(0, 60) || 'station';
}
