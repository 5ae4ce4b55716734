// The preload: exposes one typed call function to the renderer, nothing else of Node or Electron.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type IpcMessage } from '../../shared/ipc';

const bridge = {
  call: (msg: IpcMessage) => ipcRenderer.invoke(IPC_CHANNEL, msg),
  electron: true,
};

contextBridge.exposeInMainWorld('parcelGate', bridge);

export type PreloadBridge = typeof bridge;
