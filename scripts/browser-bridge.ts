// Development tool, never packaged: serves the built renderer and the real service object on
// 127.0.0.1, so Chromium can run the UI end to end. `npm run preview:browser -- --db FILE --port N`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ParcelGateService } from '../electron/main/service/service';
import { defaultDataDir, defaultDbFile } from '../electron/main/paths';
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

export async function startBridge(opts: { dbFile: string; dataDir: string; port: number; rendererDir?: string; ocrWorkers?: number }): Promise<Bridge> {
  const rendererDir = opts.rendererDir ?? path.join(root, 'out', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run "npm run build" first`);
  }
  const service = new ParcelGateService({ dbFile: opts.dbFile, dataDir: opts.dataDir, ocrWorkers: opts.ocrWorkers });
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        const channel = decodeURIComponent(url.pathname.slice(5));
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of req) {
          size += (c as Buffer).length;
          if (size > 80 * 1024 * 1024) throw new Error('request too large');
          chunks.push(c as Buffer);
        }
        const raw = Buffer.concat(chunks);
        // The framed format from the renderer; plain JSON from scripts and curl.
        const body = (!raw.length ? {} : req.headers['content-type'] === 'application/x-parcel-gate' ? decodeWire(new Uint8Array(raw)) : JSON.parse(raw.toString('utf8'))) as {
          req?: unknown;
          token?: string | null;
        };
        const result = (CHANNELS as string[]).includes(channel)
          ? await service.call(channel as Channel, body.req, { token: body.token ?? null })
          : { ok: false, error: { code: 'BAD_REQUEST', message: `Unknown operation ${channel}` } };
        if (req.headers['content-type'] === 'application/x-parcel-gate') {
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
      if (!file.startsWith(rendererDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
      fs.createReadStream(file).pipe(res);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
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
  const { values } = parseArgs({ options: { db: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' } } });
  const dbFile = path.resolve(values.db ?? defaultDbFile());
  const dataDir = path.resolve(values.data ?? (values.db ? path.join(path.dirname(dbFile), `${path.basename(dbFile, path.extname(dbFile))}-data`) : defaultDataDir()));
  startBridge({ dbFile, dataDir, port: Number(values.port ?? 5180) }).then(
    (b) => {
      console.log(`Parcel Gate browser preview: ${b.url}  (database ${dbFile})`);
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
