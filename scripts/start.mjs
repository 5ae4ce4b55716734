// `npm start`: build, make sure Electron and its database driver are there, open the station window.
// Where Electron cannot be had (no internet for its one-time download), say so and point to the
// browser preview, which runs the same app against the same local database.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...opts });

const fail = (msg) => {
  console.error(`\nParcel Gate: ${msg}\n`);
  console.error('Everything but the Electron window is built and works. Use the app in a browser instead:');
  // Its own demo file, never the app's real database (which preview:browser would open without --db).
  console.error('  npm run preview:browser -- --db demo-station.db --port 5180');
  console.error('  (then open the address it prints; load the demo data under "Data & users")\n');
  process.exit(1);
};

if (run('npx', ['electron-vite', 'build']).status !== 0) {
  console.error('Parcel Gate: the build failed (see above).');
  process.exit(1);
}

// Electron 45.4+ fetches its binary on first use; this is that first use, in a child so that a
// failed download's stack trace does not bury the message that matters.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 300_000 });
if (probe.status !== 0) {
  const why = (probe.stderr || '').split('\n').find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN|fetch failed/i.test(l)) ?? 'no answer';
  fail(`Electron could not be downloaded: ${why.trim().slice(0, 160)}. It needs internet once.`);
}
let electronPath = probe.stdout.trim();
try {
  electronPath = electronPath || require('electron');
} catch (e) {
  fail(`Electron could not be found (${e instanceof Error ? e.message.split('\n')[0] : e}).`);
}
if (!electronPath || !fs.existsSync(electronPath)) fail('the Electron binary is missing and could not be downloaded (it needs internet once).');

const binding = path.join(root, 'resources', 'native', 'electron', 'better_sqlite3.node');
if (!fs.existsSync(binding)) {
  console.log('Building the database driver for Electron (one time)…');
  if (run(process.execPath, [path.join(root, 'scripts', 'build-electron-sqlite.mjs')]).status !== 0) {
    fail('the database driver could not be built for Electron (it needs Electron\'s headers from the internet once).');
  }
}

const r = run(electronPath, ['.', ...process.argv.slice(2)]);
process.exit(r.status ?? 0);
