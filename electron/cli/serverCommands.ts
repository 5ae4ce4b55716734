// The command line as a station of a warehouse server (`--server https://HOST:PORT`): every call goes
// over the pinned HTTPS link as a signed-in user (`--user NAME`, PIN asked or read from stdin); the
// machine holds no database credential. `pin-server` is the first connection: it shows the server's
// fingerprint and pins it in station.json only when an admin confirms it (types yes and signs in).
import fs from 'node:fs';
import path from 'node:path';
import type { Channel } from '../../shared/api';
import type { Result } from '../../shared/result';
import { connectStation, probeFingerprint, type StationLink } from '../main/server/stationLink';
import { normaliseFingerprint } from '../main/server/tlsIdentity';
import { readStationConfig, stationConfigFile, StationConfigError } from '../main/stationConfig';

export const SERVER_USAGE = `
  --server https://HOST:PORT [--fingerprint sha256:…] --user NAME   work as a station of a warehouse server:
                                                        the PIN is asked (or read from stdin); the fingerprint
                                                        comes from --fingerprint or station.json in --data
  pin-server --server https://HOST:PORT --user ADMIN [--name STATION] [--yes]
                                                        first connection: show the server's fingerprint, and pin
                                                        it in station.json once an admin confirms and signs in`;

export const SERVER_OPTIONS = {
  server: { type: 'string' },
  fingerprint: { type: 'string' },
  user: { type: 'string' },
  yes: { type: 'boolean' },
  station: { type: 'string' },
} as const;

export interface RemoteStation {
  /** Who signed in (null without --user). */
  user: { name: string; role: string } | null;
  call(channel: Channel, req: unknown): Promise<Result<unknown>>;
  close(): void;
}

/** The pinned fingerprint for `server`: --fingerprint, else station.json's when it names that server. */
export function pinnedFingerprint(server: string, given: string | undefined, dataDir: string, fail: (m: string) => Error): string {
  if (given) {
    const f = normaliseFingerprint(given);
    if (!f) throw fail(`--fingerprint ${given}: expected sha256: and 64 hex digits`);
    return f;
  }
  let setup;
  try {
    setup = readStationConfig(dataDir);
  } catch (e) {
    throw fail(e instanceof StationConfigError ? e.en : String(e));
  }
  if (setup.kind === 'server' && setup.server === new URL(server).origin) return setup.fingerprint;
  throw fail(`No fingerprint pinned for ${server} in ${stationConfigFile(dataDir)}: give --fingerprint, or run pin-server first`);
}

/** Connects, and signs in as `user` when given (the session's token then goes with every call). */
export async function openRemote(server: string, fingerprint: string, opts: { user?: string; pin: () => Promise<string>; station: string; fail: (m: string) => Error }): Promise<RemoteStation> {
  const link: StationLink = connectStation({ url: server, fingerprint });
  let token: string | null = null;
  let user: RemoteStation['user'] = null;
  if (opts.user) {
    const r = await link.invoke('session:signIn', { name: opts.user, pin: await opts.pin(), station: opts.station }, null);
    if (!r.ok) {
      link.close();
      throw opts.fail(`${server}: ${r.error.message}`);
    }
    ({ token, user } = r.value as { token: string; user: { name: string; role: string } });
  }
  return {
    user,
    call: (channel, req) => link.invoke(channel, req, token),
    close: () => {
      if (token) void link.invoke('session:signOut', {}, token).finally(() => link.close());
      else link.close();
    },
  };
}

/** `pin-server`: the admin sees the fingerprint, confirms, signs in as an admin; then station.json is written. */
export async function pinServer(o: { server: string; user?: string; name?: string; yes?: boolean; dataDir: string; pin: () => Promise<string>; confirm: (q: string) => Promise<boolean>; fail: (m: string) => Error }): Promise<number> {
  const url = new URL(o.server);
  if (url.protocol !== 'https:') throw o.fail(`${o.server}: a warehouse server is reached over https:// only`);
  if (!o.user) throw o.fail('pin-server needs --user ADMIN: only an admin pins a server');
  const fingerprint = await probeFingerprint(url.origin).catch((e: unknown) => {
    throw o.fail(`${url.origin} cannot be reached: ${e instanceof Error ? e.message : String(e)}`);
  });
  console.log(`${url.origin} shows the certificate fingerprint\n  ${fingerprint}\nCompare it with the one the server printed when it started.`);
  if (!o.yes && !(await o.confirm('Pin this fingerprint? Type yes: '))) {
    console.error('Not pinned.');
    return 1;
  }
  const remote = await openRemote(url.origin, fingerprint, { user: o.user, pin: o.pin, station: o.name ?? 'pin-server', fail: o.fail });
  // The confirmation is an admin's: signed in at that very server (its PIN checked there).
  const role = remote.user?.role;
  remote.close();
  if (role !== 'admin') throw o.fail(`${o.user} is a ${role ?? 'nobody'}: only an admin pins a server`);
  const file = stationConfigFile(o.dataDir);
  let current: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      throw o.fail(`${file} is not valid JSON: correct or remove it first`);
    }
  }
  const { db: _db, ...rest } = current;
  const next = { ...rest, ...(o.name ? { name: o.name } : {}), server: url.origin, fingerprint };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`Pinned in ${file}`);
  return 0;
}
