// Electron start-up: one instance, the service on the station's data folder, the window, IPC.
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStationWindow } from './window';
import { mountIpc } from './ipc';
import { electronBindingPath } from './sqliteBinding';
import { readStationConfig, StationConfigError, UnpinnedServer, type StationSetup } from './stationConfig';
import { openStationBackend, type StationBackend } from './stationBackend';
import { firstConnection } from './server/firstPin';

// out/main/index.js: the bundle's parent folder holds preload/ and renderer/.
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const appRoot = app.getAppPath();

if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;

app.whenReady().then(async () => {
  const dataDir = process.env.PARCEL_GATE_DATA ?? app.getPath('userData');
  // station.json fails closed: a broken file, or a server that cannot be reached, stops the station.
  let setup: StationSetup;
  let service: StationBackend;
  try {
    setup = readStationConfig(dataDir);
  } catch (e) {
    // A server named without a fingerprint: the first-connection pin, confirmed by an admin's sign-in.
    if (!(e instanceof UnpinnedServer)) {
      fail(e);
      return;
    }
    try {
      const pin = await firstConnection({ file: e.file, station: e.station, server: e.server, confirm: confirmFingerprint(e.server) });
      if (!pin) {
        app.quit();
        return;
      }
      service = pin.backend;
    } catch (err) {
      fail(err);
      return;
    }
    openWindow(service);
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
  try {
    // The station's database: its local file, or the warehouse server named in station.json.
    service = await openStationBackend(setup, dataDir, nativeBinding ?? undefined);
  } catch (e) {
    fail(e);
    return;
  }
  openWindow(service);
});

/** IPC on the backend, the window, the schedule. */
function openWindow(service: StationBackend): void {
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
}

/** The fingerprint shown before anything else: the person at the desk compares it with the server's. */
function confirmFingerprint(server: string): (fingerprint: string) => Promise<boolean> {
  return async (fingerprint) => {
    const r = await dialog.showMessageBox({
      type: 'question',
      title: '确认仓库服务器 / Confirm the warehouse server',
      message: `首次连接 ${server}\nFirst connection to ${server}`,
      detail:
        `服务器证书指纹 / certificate fingerprint:\n${fingerprint}\n\n` +
        '请与服务器启动时显示的指纹核对。只有管理员登录后才会固定此指纹；在此之前只能登录。\n' +
        'Compare it with the fingerprint the server printed when it started. It is pinned only when an administrator signs in; until then only signing in works.',
      buttons: ['继续：由管理员登录 / Go on: an administrator signs in', '退出 / Quit'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    });
    return r.response === 0;
  };
}

app.on('window-all-closed', () => app.quit());

/** Stops the station with the reason: in both languages when it is station.json's (no one has chosen one yet). */
function fail(e: unknown): void {
  if (e instanceof StationConfigError) dialog.showErrorBox('Parcel Gate 无法启动 / cannot start', `${e.zh}\n\n${e.en}`);
  else dialog.showErrorBox('Parcel Gate cannot open its database', e instanceof Error ? e.message : String(e));
  app.quit();
}
