// Development tool, never packaged: serves the built renderer and the real service object on
// 127.0.0.1, so Chromium can run the UI end to end. `npm run preview:browser -- --db FILE --port N`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ParcelGateService } from '../electron/main/service/service';
import { redactDb, resolveDbOptions } from '../electron/main/db/dbSetting';
import { CHANNELS, type Channel } from '../shared/api';
import { decodeWire, encodeWire } from '../shared/wire';
import { CSP } from '../electron/main/csp';

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

/** The framed format the renderer speaks (photos travel in it as raw bytes). */
const WIRE_TYPE = 'application/x-parcel-gate';

/** The largest body each operation may send, checked before the body is read (and before any sign-in). */
export function bodyLimit(channel: string): number {
  if (channel === 'data:import') return 80 * 1024 * 1024;
  if (channel === 'photo:add') return 40 * 1024 * 1024;
  if (channel === 'hold:decide') return 64 * 1024;
  if (channel === 'audit:verify') return 2 * 1024 * 1024;
  return 16 * 1024;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startBridge(opts: { dbFile: string; dataDir: string; port: number; rendererDir?: string; ocrWorkers?: number; station?: string }): Promise<Bridge> {
  const rendererDir = path.resolve(opts.rendererDir ?? path.join(root, 'out', 'renderer'));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run "npm run build" first`);
  }
  const service = new ParcelGateService({ dbFile: opts.dbFile, dataDir: opts.dataDir, ocrWorkers: opts.ocrWorkers, station: opts.station });
  let port = opts.port;
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
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > limit) throw new Refusal(413, `body of ${declared} bytes is over ${limit}`);
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of req) {
          size += (c as Buffer).length;
          if (size > limit) throw new Refusal(413, `body over ${limit} bytes`);
          chunks.push(c as Buffer);
        }
        const raw = Buffer.concat(chunks);
        // The framed format from the renderer; plain JSON from scripts and curl.
        const body = (!raw.length ? {} : type === WIRE_TYPE ? decodeWire(new Uint8Array(raw)) : JSON.parse(raw.toString('utf8'))) as {
          req?: unknown;
          token?: string | null;
        };
        const result = (CHANNELS as string[]).includes(channel)
          ? await service.call(channel as Channel, body.req, { token: body.token ?? null })
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
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    service,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await service.close();
    },
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' }, station: { type: 'string' } } });
  // A file keeps SQLite; postgres://user:password@host:port/db puts this station on the shared server.
  const { db: dbFile, dataDir } = resolveDbOptions(values.db, values.data);
  startBridge({ dbFile, dataDir, port: Number(values.port ?? 5180), station: values.station }).then(
    (b) => {
      console.log(`Parcel Gate browser preview: ${b.url}  (database ${redactDb(dbFile)})`);
      void b.service.warmUp().catch(() => undefined);
      const stop = () => void b.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
