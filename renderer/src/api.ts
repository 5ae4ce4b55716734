// The renderer's one way to main: Electron IPC through the preload, or the HTTP bridge in a browser.
import { makeClient, type Client } from '../../shared/client';
import type { Channel, EngineStatus } from '../../shared/api';
import type { Result } from '../../shared/result';
import type { IpcMessage } from '../../shared/ipc';
import { decodeWire, encodeWire } from '../../shared/wire';
import { createServerLink } from './serverLink';

declare global {
  interface Window {
    parcelGate?: { call: (msg: IpcMessage) => Promise<Result<unknown>>; electron: boolean };
  }
}

async function overHttp(channel: Channel, req: unknown, token: string | null): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/api/${encodeURIComponent(channel)}`, { method: 'POST', body: encodeWire({ req, token }) as BlobPart, headers: { 'content-type': 'application/x-parcel-gate' } });
    return decodeWire(new Uint8Array(await res.arrayBuffer())) as Result<unknown>;
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', key: 'noService', message: `The station service did not answer (${e instanceof Error ? e.message : String(e)})` } };
  }
}

function transport(channel: Channel, req: unknown, token: string | null): Promise<Result<unknown>> {
  return window.parcelGate ? window.parcelGate.call({ channel, req, token }) : overHttp(channel, req, token);
}

/** Whether the storage answers: fed by every call below, it asks `system:engine` itself while lost. */
export const serverLink = createServerLink({ check: () => transport('system:engine', {}, null) as Promise<Result<EngineStatus>> });

export const api: Client = makeClient(async (channel, req, token) => {
  const r = await transport(channel, req, token);
  serverLink.note(channel, r);
  return r;
});
