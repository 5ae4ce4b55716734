// The warehouse server: the service (same handlers, same contract, same dispatcher) over HTTPS on the
// warehouse LAN, so stations hold no database credential. One request per call:
//   POST /api/<channel>   Authorization: Bearer <session token> (optional)
//   body: the request as JSON, or in the framed format (shared/wire.ts) when it carries bytes
//   answer: 200 with the Result as a value, in the same format; 4xx only for a request that is not one.
// Every body is capped before it is read; the client's address is the one the socket shows.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHANNELS, type Channel } from '../../../shared/api';
import type { Result } from '../../../shared/result';
import { decodeWire, encodeWire } from '../../../shared/wire';
import type { CallContext } from '../service/dispatcher';
import { bodyLimit, needsSessionBeforeBody } from './bodyLimits';
import type { TlsIdentity } from './tlsIdentity';

export const WIRE_TYPE = 'application/x-parcel-gate';
const JSON_TYPE = 'application/json';

/** What the server needs of the service: a call, and whether a token names a live session (not extending it). */
export interface ServedService {
  call(channel: Channel, req: unknown, ctx: CallContext): Promise<Result<unknown>>;
  hasSession(token: string): Promise<boolean>;
}

export interface RunningServer {
  url: string;
  fingerprint: string;
  close(): Promise<void>;
}

/** A request that is not a call: answered with its HTTP status and a plain sentence, never a 500. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startHttpsServer(service: ServedService, opts: { host: string; port: number; identity: TlsIdentity }): Promise<RunningServer> {
  const server = https.createServer({ cert: opts.identity.cert, key: opts.identity.key, minVersion: 'TLSv1.2', noDelay: true }, (req, res) => {
    void answer(service, req, res);
  });
  // A station that opens a connection and sends nothing must not hold a socket for ever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `https://${host}:${port}`,
    fingerprint: opts.identity.fingerprint,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function answer(service: ServedService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'https://server');
    if (!url.pathname.startsWith('/api/')) throw new Refusal(404, 'not found');
    if (req.method !== 'POST') throw new Refusal(405, 'only POST');
    const channel = safeDecode(url.pathname.slice(5));
    if (!(CHANNELS as string[]).includes(channel)) throw new Refusal(404, `unknown operation ${channel.slice(0, 60)}`);
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== JSON_TYPE && type !== WIRE_TYPE) throw new Refusal(415, `content type ${type.slice(0, 60) || '(none)'} refused`);
    const token = bearer(req.headers.authorization);
    // A large body is read only for a live session: an anonymous 80 MB is refused before its first byte.
    if (needsSessionBeforeBody(channel) && !(token && (await service.hasSession(token)))) throw new Refusal(401, 'sign in first');
    const raw = await readCapped(req, bodyLimit(channel));
    let body: unknown;
    try {
      body = raw.length === 0 ? {} : type === WIRE_TYPE ? decodeWire(new Uint8Array(raw.buffer, raw.byteOffset, raw.length)) : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new Refusal(400, 'malformed request body');
    }
    const result = await service.call(channel as Channel, body, { token, address: clientAddress(req) });
    const out = type === WIRE_TYPE ? Buffer.from(encodeWire(result)) : Buffer.from(JSON.stringify(result));
    res.writeHead(200, { 'content-type': type, 'content-length': out.length, 'cache-control': 'no-store' });
    res.end(out);
  } catch (e) {
    const refusal = e instanceof Refusal ? e : new Refusal(500, 'internal error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(refusal.message);
    // What was not read is not read: the connection closes instead.
    if (!req.complete) req.destroy();
  }
}

/** The body, refused with 413 as soon as it is known to be over `limit` (declared, or as it arrives). */
export async function readCapped(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const n = Number(declared);
    if (!Number.isSafeInteger(n) || n < 0) throw new Refusal(400, 'bad Content-Length');
    if (n > limit) throw new Refusal(413, `body of ${n} bytes is over ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Refusal(413, `body over ${limit} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function bearer(header: string | undefined): string | null {
  const m = /^Bearer ([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  return m ? m[1].toLowerCase() : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new Refusal(400, 'malformed path');
  }
}

/** The address the connection comes from, as this server sees it (never a header the client writes). */
function clientAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? 'unknown';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}
