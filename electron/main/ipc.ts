// Mounts the service on IPC: one handler, messages only from our own window's top frame, checked.
import { ipcMain, type BrowserWindow } from 'electron';
import { CHANNELS, type Channel } from '../../shared/api';
import { IPC_CHANNEL } from '../../shared/ipc';
import type { Result } from '../../shared/result';
import type { StationBackend } from './stationBackend';

export function mountIpc(service: Pick<StationBackend, 'call'>, window: () => BrowserWindow | null): void {
  ipcMain.handle(IPC_CHANNEL, async (event, msg: unknown): Promise<Result<unknown>> => {
    const win = window();
    if (!win || event.sender !== win.webContents || event.senderFrame !== win.webContents.mainFrame) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Parcel Gate window' } };
    }
    if (!msg || typeof msg !== 'object') return { ok: false, error: { code: 'BAD_REQUEST', message: 'Malformed call' } };
    const { channel, req, token } = msg as { channel?: unknown; req?: unknown; token?: unknown };
    if (typeof channel !== 'string' || !(CHANNELS as string[]).includes(channel)) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: `Unknown operation ${String(channel)}` } };
    }
    return service.call(channel as Channel, req, { token: typeof token === 'string' ? token : null });
  });
}
