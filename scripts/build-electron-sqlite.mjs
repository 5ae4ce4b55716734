// Builds better-sqlite3 for Electron's ABI into resources/native/electron/, beside (not instead of)
// the Node build that tests and the command line load. Main passes it through `nativeBinding`.
// Needs Electron's headers (downloaded once by node-gyp); the result is checked, not trusted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-sqlite-electron-'));
fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });

const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const r = spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
  // This machine's npm config may point native builds at Node's headers: override for this build.
  { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '', npm_config_target: electronVersion, npm_config_runtime: 'electron', npm_config_disturl: 'https://electronjs.org/headers' } },
);
if (r.status !== 0) process.exit(r.status ?? 1);

const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
const target = path.join(root, 'resources', 'native', 'electron', 'better_sqlite3.node');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(built, target);
// A Node build loads in Node; an Electron build refuses to. Loading it here proves which one we made.
try {
  process.dlopen({ exports: {} }, target);
  console.error('The build loaded in Node: it was made against Node headers, not Electron\'s. Removed.');
  fs.rmSync(target);
  process.exit(1);
} catch {
  console.log(`better-sqlite3 for Electron ${electronVersion}: ${target}`);
}
