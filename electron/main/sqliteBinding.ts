// better-sqlite3 is a native module and Electron's ABI is not Node's: the app loads a second build
// made for Electron (npm run rebuild:electron), passed by path through better-sqlite3's nativeBinding.
import fs from 'node:fs';
import path from 'node:path';

export const ELECTRON_BINDING_NAME = 'better_sqlite3.node';

/** Where the Electron build lives: the packaged app's resources, or resources/native/electron in a checkout. */
export function electronBindingPath(appRoot: string, resourcesPath?: string): string | null {
  const candidates = [
    ...(resourcesPath ? [path.join(resourcesPath, 'native', ELECTRON_BINDING_NAME)] : []),
    path.join(appRoot, 'resources', 'native', 'electron', ELECTRON_BINDING_NAME),
  ];
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}
