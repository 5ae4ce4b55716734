// Electron start-up: one instance, the service on the station's data folder, the window, IPC.
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStationWindow } from './window';
import { mountIpc } from './ipc';
import { electronBindingPath } from './sqliteBinding';
import { readStationConfig, StationConfigError, type StationSetup } from './stationConfig';
import { openStationBackend, type StationBackend } from './stationBackend';

// out/main/index.js: the bundle's parent folder holds preload/ and renderer/.
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const appRoot = app.getAppPath();

if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;

app.whenReady().then(async () => {
  const dataDir = process.env.PARCEL_GATE_DATA ?? app.getPath('userData');
  // station.json fails closed: a broken file, or a server that cannot be reached, stops the station.
  let setup: StationSetup;
  try {
    setup = readStationConfig(dataDir);
  } catch (e) {
    fail(e);
    return;
  }
  const nativeBinding = setup.kind === 'server' ? undefined : electronBindingPath(appRoot, app.isPackaged ? process.resourcesPath : undefined);
  if (setup.kind !== 'server' && !nativeBinding) {
    dialog.showErrorBox(
      'Parcel Gate cannot open its database',
      'The database driver has not been built for Electron yet. Run "npm run rebuild:electron" (needs internet once), then start again.',
    );
    app.quit();
    return;
  }
  let service: StationBackend;
  try {
    // The station's database: its local file, or the warehouse server named in station.json.
    service = await openStationBackend(setup, dataDir, nativeBinding ?? undefined);
  } catch (e) {
    fail(e);
    return;
  }
  mountIpc(service, () => win);
  // Backups on their schedule (the sign-out of the last user is the service's own trigger).
  const backupTimer = setInterval(() => void service.backupTick?.().catch(() => undefined), 60_000);
  app.on('before-quit', () => clearInterval(backupTimer));
  win = createStationWindow(outDir);
  void service.warmUp().catch(() => undefined);
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('before-quit', () => void service.close());
});

app.on('window-all-closed', () => app.quit());

/** Stops the station with the reason: in both languages when it is station.json's (no one has chosen one yet). */
function fail(e: unknown): void {
  if (e instanceof StationConfigError) dialog.showErrorBox('Parcel Gate 无法启动 / cannot start', `${e.zh}\n\n${e.en}`);
  else dialog.showErrorBox('Parcel Gate cannot open its database', e instanceof Error ? e.message : String(e));
  app.quit();
}
