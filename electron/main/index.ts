// Electron start-up: one instance, the service on the station's data folder, the window, IPC.
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParcelGateService } from './service/service';
import { createStationWindow } from './window';
import { mountIpc } from './ipc';
import { electronBindingPath } from './sqliteBinding';
import { stationDb } from './db/dbSetting';
import { stationName } from './stationConfig';

// out/main/index.js: the bundle's parent folder holds preload/ and renderer/.
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const appRoot = app.getAppPath();

if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;

app.whenReady().then(async () => {
  const dataDir = process.env.PARCEL_GATE_DATA ?? app.getPath('userData');
  const nativeBinding = electronBindingPath(appRoot, app.isPackaged ? process.resourcesPath : undefined);
  if (!nativeBinding) {
    dialog.showErrorBox(
      'Parcel Gate cannot open its database',
      'The database driver has not been built for Electron yet. Run "npm run rebuild:electron" (needs internet once), then start again.',
    );
    app.quit();
    return;
  }
  let service: ParcelGateService;
  try {
    // The station's database: its local file, or the shared server named in station.json / PARCEL_GATE_DB.
    service = new ParcelGateService({ dbFile: stationDb(dataDir), dataDir, nativeBinding, station: stationName(dataDir) });
  } catch (e) {
    dialog.showErrorBox('Parcel Gate cannot open its database', e instanceof Error ? e.message : String(e));
    app.quit();
    return;
  }
  mountIpc(service, () => win);
  // Backups on their schedule (the sign-out of the last user is the service's own trigger).
  const backupTimer = setInterval(() => void service.backups.schedule.tick().catch(() => undefined), 60_000);
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
