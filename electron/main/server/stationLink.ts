// A station's link to the warehouse server: every call of the contract over HTTPS, to a server whose
// certificate has the fingerprint station.json pins (checked before a byte of the call is sent; a
// certificate authority is neither needed nor trusted). A server that cannot be reached answers
// SERVER_LOST, as a lost database did: the station fails closed and nothing is taken as stored.
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Channel } from '../../../shared/api';
import type { Invoke } from '../../../shared/client';
import type { Result } from '../../../shared/result';
import { decodeWire, encodeWire } from '../../../shared/wire';
import { certFingerprint } from './tlsIdentity';
import { WIRE_TYPE } from './httpsServer';

export interface ServerAddress {
  /** https://HOST:PORT */
  url: string;
  /** sha256:<64 hex>, as station.json pins it. */
  fingerprint: string;
}

/** Why the pinned connection failed: the server's certificate is another one (do not go on). */
export class FingerprintMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`The server's certificate fingerprint is ${actual}, but this station pins ${expected}: not connecting`);
  }
}

/** An agent whose every connection is checked against the pinned fingerprint before it is used. */
function pinnedAgent(fingerprint: string): https.Agent {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 16 });
  // Node's Agent waits for this callback when createConnection returns nothing: the socket is handed
  // to the request only once its certificate is the pinned one.
  (agent as unknown as { createConnection: (o: tls.ConnectionOptions, cb: (e: Error | null, s?: Duplex) => void) => undefined }).createConnection = (options, cb) => {
    const socket = tls.connect({ ...options, rejectUnauthorized: false });
    // One small request, one small answer: never hold a segment back waiting for an ACK (Nagle).
    socket.setNoDelay(true);
    const fail = (e: Error) => {
      socket.destroy();
      cb(e);
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.off('error', fail);
      const cert = socket.getPeerX509Certificate();
      const actual = cert ? certFingerprint(cert.raw) : 'none';
      if (actual !== fingerprint) {
        socket.destroy();
        cb(new FingerprintMismatch(fingerprint, actual));
        return;
      }
      cb(null, socket);
    });
    return undefined;
  };
  return agent;
}

/** The fingerprint a server shows now, nothing sent (for an admin to compare and pin on first connection). */
export function probeFingerprint(url: string, timeoutMs = 5000): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 443), rejectUnauthorized: false, servername: /^[\d.]+$|:/.test(u.hostname) ? undefined : u.hostname });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (!cert) reject(new Error('the server showed no certificate'));
      else resolve(certFingerprint(cert.raw));
    });
  });
}

export interface StationLink {
  invoke: Invoke;
  close(): void;
}

export function connectStation(server: ServerAddress, opts: { timeoutMs?: number } = {}): StationLink {
  const base = new URL(server.url);
  if (base.protocol !== 'https:') throw new Error(`${server.url}: a warehouse server is reached over https:// only`);
  const agent = pinnedAgent(server.fingerprint);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const invoke: Invoke = async (channel, req, token) => {
    try {
      return await post(base, agent, channel, req, token, timeoutMs);
    } catch (e) {
      return lost(server, channel, e);
    }
  };
  return { invoke, close: () => agent.destroy() };
}

function post(base: URL, agent: https.Agent, channel: Channel, req: unknown, token: string | null, timeoutMs: number): Promise<Result<unknown>> {
  // Always the framed format: photos and packs travel as raw bytes both ways (the server answers in kind).
  const body = Buffer.from(encodeWire(req ?? {}));
  return new Promise((resolve, reject) => {
    const r = https.request(
      new URL(`/api/${encodeURIComponent(channel)}`, base),
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': WIRE_TYPE,
          'content-length': body.length,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          if (res.statusCode !== 200) {
            resolve({ ok: false, error: { code: res.statusCode === 401 ? 'NOT_SIGNED_IN' : 'BAD_REQUEST', message: `The server refused the request (${res.statusCode}): ${raw.toString('utf8').slice(0, 200)}` } });
            return;
          }
          try {
            resolve(decodeWire(new Uint8Array(raw.buffer, raw.byteOffset, raw.length)) as Result<unknown>);
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    r.on('error', reject);
    r.end(body);
  });
}

function lost(server: ServerAddress, channel: Channel, e: unknown): Result<unknown> {
  const where = new URL(server.url).host;
  if (e instanceof FingerprintMismatch) {
    return {
      ok: false,
      error: { code: 'FORBIDDEN', key: 'serverFingerprint', params: { server: where, expected: e.expected, actual: e.actual }, message: e.message },
    };
  }
  // The lost-server banner asks the engine every few seconds: its answer is "not connected", not an error.
  if (channel === 'system:engine') return { ok: true, value: { engine: 'postgres', where, connected: false, schema: 0 } };
  const why = e instanceof Error ? e.message : String(e);
  return {
    ok: false,
    error: { code: 'SERVER_LOST', params: { server: where }, message: `The warehouse server ${where} cannot be reached (${why}). Nothing was stored.` },
  };
}
