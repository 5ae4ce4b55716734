// The single IPC channel between preload and main; the contract channel travels inside the message.
// Kept free of imports: the sandboxed preload may load nothing but Electron.
export const IPC_CHANNEL = 'parcel-gate:call';

export interface IpcMessage {
  channel: string;
  req: unknown;
  token: string | null;
}
