// A station's calls to the warehouse server reuse one pinned TLS connection (issue 23: is the time of a
// call spent on a handshake per request?): twenty calls one after another open one connection, and
// four stations calling at once open at most four; each connection is still checked against the pin.
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../shared/api';
import { startHttpsServer, type RunningServer } from '../../electron/main/server/httpsServer';
import { connectStation } from '../../electron/main/server/stationLink';
import { tlsIdentity } from '../../electron/main/server/tlsIdentity';
import { tempDir } from '../helpers/paths';

describe('the station link', () => {
  let server: RunningServer;
  const calls: Channel[] = [];

  beforeAll(async () => {
    const identity = await tlsIdentity({ dir: tempDir('keepalive'), hosts: ['127.0.0.1'] });
    server = await startHttpsServer(
      {
        call: async (channel) => {
          calls.push(channel);
          return { ok: true, value: { engine: 'sqlite', where: 'test', connected: true, schema: 1 } };
        },
        hasSession: async () => true,
      },
      { host: '127.0.0.1', port: 0, identity },
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends calls one after another over one pinned connection, and four stations at once over one each', async () => {
    const connect = vi.spyOn(tls, 'connect');
    try {
      const link = connectStation({ url: server.url, fingerprint: server.fingerprint });
      for (let i = 0; i < 20; i++) expect((await link.invoke('system:engine', {}, null)).ok).toBe(true);
      expect(connect).toHaveBeenCalledTimes(1);
      connect.mockClear();
      const stations = Array.from({ length: 4 }, () => connectStation({ url: server.url, fingerprint: server.fingerprint }));
      await Promise.all(stations.map(async (s) => {
        for (let i = 0; i < 10; i++) expect((await s.invoke('system:engine', {}, null)).ok).toBe(true);
      }));
      expect(connect).toHaveBeenCalledTimes(4);
      expect(calls.length).toBe(60);
      for (const s of [link, ...stations]) s.close();

      // A link pinning another fingerprint gets nothing through, on a fresh connection or not.
      const wrong = connectStation({ url: server.url, fingerprint: `sha256:${'0'.repeat(64)}` });
      expect(await wrong.invoke('app:info', {}, null)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      wrong.close();
      expect(calls.length).toBe(60);
    } finally {
      connect.mockRestore();
    }
  });
});
