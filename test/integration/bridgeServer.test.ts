// The browser preview as a station of a warehouse server: a real `npm run server` process on 127.0.0.1
// with its own certificate, and the bridge started with --server/--fingerprint. The page's calls go
// through the bridge to the server (no database opened by the bridge): a user signs in through the
// bridge and inspects a parcel, and the verdict is the server's, stored in the server's database.
// A bridge pinning another fingerprint, or pointed at a server that is not there, does not start.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerBridge, ServerBridgeError, type ServerBridge } from '../../scripts/browser-bridge';
import { connectStation, type StationLink } from '../../electron/main/server/stationLink';
import { decodeWire, encodeWire } from '../../shared/wire';
import { packFile, tempDir } from '../helpers/paths';
import { freshDatabase } from '../helpers/service';
import { startWarehouseServer, type WarehouseServer } from '../helpers/warehouseServer';

interface Answer {
  ok: boolean;
  value?: Record<string, unknown>;
  error?: { code: string; message: string };
}

let server: WarehouseServer;
let bridge: ServerBridge;
let link: StationLink;
let dir: string;

/** One call of the page to the bridge, in the framed format the renderer speaks (or JSON, as scripts send). */
function api(channel: string, req: unknown, token: string | null, wire = true): Promise<Answer> {
  const port = Number(new URL(bridge.url).port);
  const body = wire ? Buffer.from(encodeWire({ req, token })) : Buffer.from(JSON.stringify({ req, token }));
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/api/${channel}`, headers: { 'content-type': wire ? 'application/x-parcel-gate' : 'application/json', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          if (res.statusCode !== 200) return reject(new Error(`${channel}: HTTP ${res.statusCode} ${raw.toString('utf8')}`));
          resolve((wire ? decodeWire(new Uint8Array(raw)) : JSON.parse(raw.toString('utf8'))) as Answer);
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

beforeAll(async () => {
  dir = tempDir('bridge-server');
  fs.mkdirSync(path.join(dir, 'renderer'));
  fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>pg</title>');
  const fresh = freshDatabase(tempDir('bridge-server-db'));
  await fresh.beforeFirstUse?.();
  server = await startWarehouseServer(fresh.db);
  // The warehouse's set-up, done at the server directly: the first admin, an inspector, the pack's data.
  link = connectStation({ url: server.url, fingerprint: server.fingerprint });
  expect((await link.invoke('users:add', { name: 'ada', role: 'admin', pin: '4321' }, null)).ok).toBe(true);
  const admin = await link.invoke('session:signIn', { name: 'ada', pin: '4321', station: 'SETUP' }, null);
  if (!admin.ok) throw new Error(admin.error.message);
  const adminToken = (admin.value as { token: string }).token;
  expect((await link.invoke('users:add', { name: 'ivy', role: 'inspector', pin: '1111' }, adminToken)).ok).toBe(true);
  const imported = await link.invoke('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, adminToken);
  expect(imported.ok).toBe(true);
  bridge = await startServerBridge({ server: server.url, fingerprint: server.fingerprint, port: 0, rendererDir: path.join(dir, 'renderer'), station: 'PREVIEW-1' });
});
afterAll(async () => {
  await bridge?.close();
  link?.close();
  await server?.stop();
});

describe('browser preview as a station of the warehouse server', () => {
  it('serves the page and signs in and inspects through the server', async () => {
    expect(bridge.server).toBe(new URL(server.url).origin);
    // A wrong PIN is the server's refusal, passed through as a value.
    expect(await api('session:signIn', { name: 'ivy', pin: '9999', station: 'X' }, null, false)).toMatchObject({ ok: false });
    const signed = await api('session:signIn', { name: 'ivy', pin: '1111', station: 'X' }, null, false);
    expect(signed.ok).toBe(true);
    const token = String(signed.value?.token);
    // The token is the server's: the server itself accepts it on a direct link.
    expect((await link.invoke('station:recent', { limit: 5 }, token)).ok).toBe(true);

    const inspected = await api('parcel:inspect', { scan: 'SF784187113400', photoIds: [] }, token);
    expect(inspected.ok).toBe(true);
    const outcome = inspected.value?.outcome;
    expect(['CLEAR', 'HOLD']).toContain(outcome);
    // Stored by the server: its own list of recent inspections holds this one, with the same verdict.
    const recent = await link.invoke('station:recent', { limit: 5 }, token);
    const rows = recent.ok ? (recent.value as { recent: { inspectionId: number; trackingNo: string | null; outcome: string }[] }).recent : [];
    expect(rows).toContainEqual(expect.objectContaining({ inspectionId: inspected.value?.inspectionId, trackingNo: 'SF784187113400', outcome }));
    const lookup = await api('parcel:lookup', { trackingNo: 'SF784187113400' }, token);
    expect(lookup).toMatchObject({ ok: true, value: { parcel: { trackingNo: 'SF784187113400' } } });
  });

  it('opens no database of its own: the engine it reports is the server’s, and a call without a session is refused there', async () => {
    const direct = await link.invoke('app:info', {}, null);
    const through = await api('app:info', {}, null);
    expect(through).toEqual(direct);
    expect(await api('holds:list', {}, null)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it('does not start against another certificate or a server that is not there', async () => {
    const wrong = `sha256:${'ab'.repeat(32)}`;
    const mismatch = await startServerBridge({ server: server.url, fingerprint: wrong, port: 0, rendererDir: path.join(dir, 'renderer') }).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(ServerBridgeError);
    expect((mismatch as ServerBridgeError).en).toContain(server.fingerprint);
    expect((mismatch as ServerBridgeError).zh).toMatch(/指纹/);
    const gone = await startServerBridge({ server: 'https://127.0.0.1:1', fingerprint: server.fingerprint, port: 0, rendererDir: path.join(dir, 'renderer') }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ServerBridgeError);
    expect((gone as ServerBridgeError).en).toMatch(/cannot be reached/);
    const plain = await startServerBridge({ server: 'http://127.0.0.1:8443', fingerprint: server.fingerprint, port: 0, rendererDir: path.join(dir, 'renderer') }).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(ServerBridgeError);
  });
});
