// The browser bridge is a development tool that a web page cannot abuse: raw HTTP requests with a
// foreign Host (DNS rebinding), a foreign Origin, a text/plain "simple" cross-site post, an oversized
// body, a path next to the renderer folder, and an anonymous app:info.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { startBridge, type Bridge } from '../../scripts/browser-bridge';
import { tempDir } from '../helpers/paths';

let bridge: Bridge;
let port: number;
let dir: string;

function request(opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  dir = tempDir('bridge');
  fs.mkdirSync(path.join(dir, 'renderer'));
  fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>pg</title>');
  fs.mkdirSync(path.join(dir, 'renderer-secret'));
  fs.writeFileSync(path.join(dir, 'renderer-secret', 'key.txt'), 'secret');
  bridge = await startBridge({ dbFile: path.join(dir, 'b.db'), dataDir: path.join(dir, 'data'), port: 0, rendererDir: path.join(dir, 'renderer'), ocrWorkers: 1 });
  port = Number(new URL(bridge.url).port);
  await bridge.service.call('users:add', { name: 'boss', role: 'supervisor', pin: '246810' }, { system: 'test' });
});
afterAll(async () => {
  await bridge.close();
});

describe('browser bridge', () => {
  it('answers its own page', async () => {
    expect((await request({ path: '/' })).status).toBe(200);
    const info = await request({ method: 'POST', path: '/api/app:info', headers: { ...json, origin: `http://localhost:${port}`, host: `localhost:${port}` }, body: '{}' });
    expect(info.status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await request({ path: '/', headers: { host: `evil.example:${port}` } })).status).toBe(421);
    expect((await request({ method: 'POST', path: '/api/app:info', headers: { ...json, host: `attacker.test:${port}` }, body: '{}' })).status).toBe(421);
    expect((await request({ method: 'POST', path: '/api/app:info', headers: { ...json, origin: 'http://evil.example' }, body: '{}' })).status).toBe(403);
  });

  it('refuses text/plain posts: five cross-site guesses do not lock a supervisor out', async () => {
    const body = JSON.stringify({ req: { name: 'boss', pin: '000000', station: 'S1' } });
    for (let i = 0; i < 5; i++) {
      expect((await request({ method: 'POST', path: '/api/session:signIn', headers: { 'content-type': 'text/plain' }, body })).status).toBe(415);
    }
    const r = await request({ method: 'POST', path: '/api/session:signIn', headers: json, body: JSON.stringify({ req: { name: 'boss', pin: '246810', station: 'S1' } }) });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
  });

  it('refuses an oversized body before reading it, before any sign-in', async () => {
    const r = await request({ method: 'POST', path: '/api/session:signIn', headers: { ...json, 'content-length': 200 * 1024 * 1024 }, body: '' }).catch((e: Error) => ({ status: -1, body: e.message }));
    expect(r.status).toBe(413);
    const chunked = await request({ method: 'POST', path: '/api/users:add', headers: { ...json, 'transfer-encoding': 'chunked' }, body: 'x'.repeat(100_000) }).catch((e: Error) => ({ status: -1, body: e.message }));
    expect([413, -1]).toContain(chunked.status);
  });

  it('serves nothing from a folder whose name only begins like the renderer folder', async () => {
    const r = await request({ path: '/..%2frenderer-secret%2fkey.txt' });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('secret');
  });

  it('does not tell an anonymous caller where the database is', async () => {
    const r = await request({ method: 'POST', path: '/api/app:info', headers: json, body: '{}' });
    const info = JSON.parse(r.body) as { ok: boolean; value: { dbFile: string; dataDir: string } };
    expect(info.ok).toBe(true);
    expect(r.body).not.toContain(dir);
    expect(info.value.dbFile).toBe('');
  });
});
