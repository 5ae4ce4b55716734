// Development tool, never packaged: serves the built renderer and the real service object on
// 127.0.0.1, so Chromium can run the UI end to end. `npm run preview:browser -- --db FILE --port N`,
// or as a station of a warehouse server (no database opened here, every call forwarded over the
// pinned link): `npm run preview:browser -- --server https://HOST:PORT --fingerprint sha256:… --port N`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ParcelGateService } from '../electron/main/service/service';
import { redactDb, resolveDbOptions } from '../electron/main/db/dbSetting';
import { CHANNELS, type Channel } from '../shared/api';
import type { Result } from '../shared/result';
import { connectStation } from '../electron/main/server/stationLink';
import { normaliseFingerprint } from '../electron/main/server/tlsIdentity';
import { decodeWire, encodeWire } from '../shared/wire';
import { CSP } from '../electron/main/csp';
import { readCapped, Refusal, WIRE_TYPE } from '../electron/main/server/httpsServer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export interface Bridge {
  url: string;
  service: ParcelGateService;
  close(): Promise<void>;
}

/** The preview as a station of a warehouse server: it holds no service and no database. */
export interface ServerBridge {
  url: string;
  /** The warehouse server every call goes to (https://HOST:PORT). */
  server: string;
  close(): Promise<void>;
}

/** Where a call of the page goes: the local service, or the warehouse server over the pinned link. */
type Forward = (channel: Channel, req: unknown, token: string | null) => Promise<Result<unknown>>;

/** The largest body each operation may send, checked before the body is read (and before any sign-in). */
export function bodyLimit(channel: string): number {
  if (channel === 'data:import') return 80 * 1024 * 1024;
  if (channel === 'photo:add') return 40 * 1024 * 1024;
  if (channel === 'hold:decide') return 64 * 1024;
  if (channel === 'audit:verify') return 2 * 1024 * 1024;
  return 16 * 1024;
}

export async function startBridge(opts: { dbFile: string; dataDir: string; port: number; rendererDir?: string; ocrWorkers?: number; station?: string }): Promise<Bridge> {
  const rendererDir = builtRenderer(opts.rendererDir);
  const service = new ParcelGateService({ dbFile: opts.dbFile, dataDir: opts.dataDir, ocrWorkers: opts.ocrWorkers, station: opts.station });
  try {
    const served = await serve(rendererDir, opts.port, (channel, req, token) => service.call(channel, req, { token }));
    return {
      url: served.url,
      service,
      close: async () => {
        await served.close();
        await service.close();
      },
    };
  } catch (e) {
    await service.close();
    throw e;
  }
}

/** Why the server-mode preview did not start, in both languages (it never falls back to a local database). */
export class ServerBridgeError extends Error {
  constructor(
    readonly en: string,
    readonly zh: string,
  ) {
    super(`${en}\n${zh}`);
  }
}

/**
 * The preview as a station of a warehouse server: the same page, every channel forwarded over the
 * link that pins the server's certificate. Checked before it listens: a server that cannot be
 * reached, or shows another certificate, stops the preview with a sentence naming the problem.
 */
export async function startServerBridge(opts: { server: string; fingerprint: string; port: number; rendererDir?: string; station?: string }): Promise<ServerBridge> {
  const rendererDir = builtRenderer(opts.rendererDir);
  let url: URL | null;
  try {
    url = new URL(opts.server);
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.username) {
    throw new ServerBridgeError(`--server "${opts.server}" is not https://HOST:PORT`, `--server “${opts.server}”不是 https://主机:端口 的形式`);
  }
  const fingerprint = normaliseFingerprint(opts.fingerprint);
  if (!fingerprint) {
    throw new ServerBridgeError(`--fingerprint "${opts.fingerprint}" is not "sha256:" and 64 hex digits`, `--fingerprint “${opts.fingerprint}”不是“sha256:”加 64 位十六进制数字`);
  }
  const server = url.origin;
  const link = connectStation({ url: server, fingerprint });
  const first = await link.invoke('app:info', {}, null);
  if (!first.ok) {
    link.close();
    const p = first.error.params;
    if (first.error.code === 'FORBIDDEN' && p?.actual) {
      throw new ServerBridgeError(
        `The server ${server} shows a certificate with fingerprint ${p.actual}, not ${fingerprint}: not connecting.`,
        `服务器 ${server} 出示的证书指纹是 ${p.actual}，不是 ${fingerprint}：不连接。`,
      );
    }
    throw new ServerBridgeError(`The server ${server} cannot be reached: the preview does not start and opens no other database.`, `服务器 ${server} 无法连接：预览不会启动，也不会改用其他数据库。`);
  }
  // The station's name, when given, is this preview's setting, as station.json's name is an Electron station's.
  const forward: Forward = (channel, req, token) =>
    link.invoke(channel, channel === 'session:signIn' && opts.station && req && typeof req === 'object' ? { ...req, station: opts.station } : req, token);
  try {
    const served = await serve(rendererDir, opts.port, forward);
    return {
      url: served.url,
      server,
      close: async () => {
        await served.close();
        link.close();
      },
    };
  } catch (e) {
    link.close();
    throw e;
  }
}

function builtRenderer(dir: string | undefined): string {
  const rendererDir = path.resolve(dir ?? path.join(root, 'out', 'renderer'));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run "npm run build" first`);
  }
  return rendererDir;
}

/** The page and /api/* on 127.0.0.1, each call handed to `forward`. */
async function serve(rendererDir: string, listenPort: number, forward: Forward): Promise<{ url: string; close(): Promise<void> }> {
  let port = listenPort;
  const server = http.createServer(async (req, res) => {
    try {
      // Only this machine's own page: Host must be 127.0.0.1/localhost with our port (no DNS
      // rebinding), Origin, when sent, the same (no cross-site posts).
      const own = [`127.0.0.1:${port}`, `localhost:${port}`];
      if (!own.includes(String(req.headers.host ?? '').toLowerCase())) throw new Refusal(421, 'wrong Host');
      const origin = req.headers.origin;
      if (origin !== undefined && !own.map((h) => `http://${h}`).includes(origin.toLowerCase())) throw new Refusal(403, 'cross-origin request refused');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        const channel = decodeURIComponent(url.pathname.slice(5));
        const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json' && type !== WIRE_TYPE) throw new Refusal(415, `content type ${type || '(none)'} refused: send application/json`);
        const limit = bodyLimit(channel);
        const raw = await readCapped(req, limit);
        // The framed format from the renderer; plain JSON from scripts and curl.
        const body = (!raw.length ? {} : type === WIRE_TYPE ? decodeWire(new Uint8Array(raw)) : JSON.parse(raw.toString('utf8'))) as {
          req?: unknown;
          token?: string | null;
        };
        const result = (CHANNELS as string[]).includes(channel)
          ? await forward(channel as Channel, body.req, body.token ?? null)
          : { ok: false, error: { code: 'BAD_REQUEST', message: `Unknown operation ${channel}` } };
        if (type === WIRE_TYPE) {
          res.writeHead(200, { 'content-type': 'application/x-parcel-gate', 'cache-control': 'no-store' });
          res.end(encodeWire(result));
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(result));
        }
        return;
      }
      if (req.method !== 'GET') {
        res.writeHead(405).end();
        return;
      }
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(rendererDir, rel);
      // Inside the renderer folder only: compared with a separator, so "renderer-secret" is not "renderer".
      if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
      fs.createReadStream(file).pipe(res);
    } catch (e) {
      if (e instanceof Refusal) {
        res.writeHead(e.status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end(e.message);
        if (!req.complete) req.destroy();
        return;
      }
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : listenPort;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' }, station: { type: 'string' }, server: { type: 'string' }, fingerprint: { type: 'string' } },
  });
  const fail = (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  };
  const port = Number(values.port ?? 5180);
  if (values.server !== undefined || values.fingerprint !== undefined) {
    // A station of the warehouse server: no database here, so --db/--data make no sense beside it.
    if (values.db !== undefined || values.data !== undefined) fail(new Error('--server forwards every call to the warehouse server: give no --db or --data with it'));
    else if (values.server === undefined || values.fingerprint === undefined) fail(new Error('--server and --fingerprint go together: the server address and its pinned certificate fingerprint (sha256:…)'));
    else {
      startServerBridge({ server: values.server, fingerprint: values.fingerprint, port, station: values.station }).then((b) => {
        console.log(`Parcel Gate browser preview: ${b.url}  (station of the warehouse server ${b.server})`);
        const stop = () => void b.close().then(() => process.exit(0));
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }, fail);
    }
  } else {
    // A file keeps SQLite; postgres://user:password@host:port/db puts this station on the shared server.
    const { db: dbFile, dataDir } = resolveDbOptions(values.db, values.data);
    startBridge({ dbFile, dataDir, port, station: values.station }).then((b) => {
      console.log(`Parcel Gate browser preview: ${b.url}  (database ${redactDb(dbFile)})`);
      void b.service.warmUp().catch(() => undefined);
      const stop = () => void b.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }, fail);
  }
}
