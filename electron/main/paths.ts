// Where a station keeps its data when nobody says otherwise: the same folder Electron calls userData.
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'Parcel Gate';

export function defaultDataDir(): string {
  if (process.env.PARCEL_GATE_DATA) return path.resolve(process.env.PARCEL_GATE_DATA);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER);
}

export function defaultDbFile(dataDir = defaultDataDir()): string {
  return path.join(dataDir, 'parcel-gate.db');
}
