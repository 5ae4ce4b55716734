// An Electron station's first connection to a warehouse server that station.json names without a
// fingerprint: the station shows the fingerprint the server presents and, when the person at the desk
// goes on, opens the sign-in screen on a link pinned to that fingerprint — but nothing except signing
// in goes through until an ADMIN has signed in at that server. Only then is the fingerprint written to
// station.json (the confirmation is the admin's PIN, checked by the server itself). A non-admin's
// session is ended at once and nothing is pinned. The Electron glue (the dialog) stays in index.ts.
import fs from 'node:fs';
import type { Channel } from '../../../shared/api';
import type { Result } from '../../../shared/result';
import type { StationBackend } from '../stationBackend';
import { StationConfigError } from '../stationConfig';
import { connectStation, probeFingerprint } from './stationLink';

/** What may go through before an admin has confirmed the server: what the sign-in screen needs. */
const BEFORE_PIN: ReadonlySet<Channel> = new Set<Channel>(['app:info', 'system:engine', 'users:list', 'session:signIn']);

export interface FirstPin {
  /** The fingerprint the server showed (and that the link is pinned to). */
  fingerprint: string;
  backend: StationBackend;
  /** True once an admin has signed in and station.json holds the fingerprint. */
  pinned(): boolean;
}

/**
 * Probes the server, asks `confirm` with its fingerprint (the dialog), and returns the backend that
 * pins it on an admin's sign-in; null when the person declined. A server that cannot be reached stops
 * the station, as any unreachable server does.
 */
export async function firstConnection(o: { file: string; station: string; server: string; confirm: (fingerprint: string) => Promise<boolean>; timeoutMs?: number }): Promise<FirstPin | null> {
  const fingerprint = await probeFingerprint(o.server, o.timeoutMs).catch(() => {
    throw new StationConfigError(
      o.file,
      `The server ${o.server} named in ${o.file} cannot be reached, so its certificate cannot be shown for pinning. The station does not start and uses no other database.`,
      `${o.file} 中的服务器 ${o.server} 无法连接，无法显示其证书指纹以供固定。本工位不会启动，也不会改用其他数据库。`,
    );
  });
  if (!(await o.confirm(fingerprint))) return null;
  const link = connectStation({ url: o.server, fingerprint });
  let pinned = false;
  const refuse = (key: string, message: string): Result<unknown> => ({ ok: false, error: { code: 'FORBIDDEN', key, params: { server: o.server, fingerprint }, message } });

  const call = async (channel: Channel, req: unknown, token: string | null): Promise<Result<unknown>> => {
    // The station's name is this machine's setting, as for a pinned station.
    const sent = channel === 'session:signIn' && req && typeof req === 'object' ? { ...req, station: o.station } : req;
    if (pinned) return link.invoke(channel, sent, token);
    if (!BEFORE_PIN.has(channel)) {
      return refuse('serverNotPinned', `This station has not pinned ${o.server} yet: an admin signs in first to confirm the fingerprint ${fingerprint}`);
    }
    const r = await link.invoke(channel, sent, token);
    if (channel !== 'session:signIn' || !r.ok) return r;
    const session = r.value as { token: string; user: { role: string } };
    if (session.user.role !== 'admin') {
      // Not the confirmation asked for: the session ends at once, nothing is pinned.
      await link.invoke('session:signOut', {}, session.token);
      return refuse('serverPinAdminOnly', `Only an admin confirms the server ${o.server} on this station's first connection (fingerprint ${fingerprint})`);
    }
    const written = writeFingerprint(o.file, o.server, fingerprint);
    if (!written.ok) {
      await link.invoke('session:signOut', {}, session.token);
      return written;
    }
    pinned = true;
    return r;
  };
  return {
    fingerprint,
    pinned: () => pinned,
    backend: {
      call: (channel, req, ctx) => call(channel, req, ctx.token),
      warmUp: async () => undefined,
      close: async () => link.close(),
    },
  };
}

/** station.json with the fingerprint added, every other key kept; written whole (a temp file renamed). */
function writeFingerprint(file: string, server: string, fingerprint: string): Result<null> {
  try {
    const current = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
    // The file may have changed since the station started: pin only the server the admin confirmed.
    if (typeof current.server !== 'string' || new URL(current.server).origin !== server || current.fingerprint !== undefined) {
      return { ok: false, error: { code: 'CONFLICT', params: { file }, message: `${file} changed while the station was open: not pinned` } };
    }
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ ...current, fingerprint }, null, 2)}\n`);
    fs.renameSync(tmp, file);
    return { ok: true, value: null };
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', params: { file }, message: `${file} could not be written: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
