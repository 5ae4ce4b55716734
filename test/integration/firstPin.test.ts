// An Electron station's first connection to a warehouse server (a real `npm run server` on 127.0.0.1):
// station.json names the server without a fingerprint, so the station does not start on it as it is;
// the first-connection pin shows the server's fingerprint, lets only sign-in through, and writes the
// fingerprint to station.json only when an admin signs in at that server.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstConnection } from '../../electron/main/server/firstPin';
import { connectStation, type StationLink } from '../../electron/main/server/stationLink';
import { readStationConfig, stationConfigFile, UnpinnedServer } from '../../electron/main/stationConfig';
import { tempDir } from '../helpers/paths';
import { freshDatabase } from '../helpers/service';
import { startWarehouseServer, type WarehouseServer } from '../helpers/warehouseServer';

let server: WarehouseServer;
let link: StationLink;

/** A station's data folder whose station.json names the server and nothing to pin it. */
function unpinnedStation(): { dataDir: string; file: string; unpinned: UnpinnedServer } {
  const dataDir = tempDir('first-pin');
  const file = stationConfigFile(dataDir);
  fs.writeFileSync(file, JSON.stringify({ name: 'PACK-9', server: server.url }));
  const e = (() => {
    try {
      readStationConfig(dataDir);
    } catch (err) {
      return err;
    }
    return null;
  })();
  expect(e).toBeInstanceOf(UnpinnedServer);
  return { dataDir, file, unpinned: e as UnpinnedServer };
}

beforeAll(async () => {
  const fresh = freshDatabase(tempDir('first-pin-db'));
  await fresh.beforeFirstUse?.();
  server = await startWarehouseServer(fresh.db);
  link = connectStation({ url: server.url, fingerprint: server.fingerprint });
  expect((await link.invoke('users:add', { name: 'ada', role: 'admin', pin: '4321' }, null)).ok).toBe(true);
  const admin = await link.invoke('session:signIn', { name: 'ada', pin: '4321', station: 'SETUP' }, null);
  if (!admin.ok) throw new Error(admin.error.message);
  expect((await link.invoke('users:add', { name: 'ivy', role: 'inspector', pin: '1111' }, (admin.value as { token: string }).token)).ok).toBe(true);
});
afterAll(async () => {
  link?.close();
  await server?.stop();
});

describe('first connection to a warehouse server', () => {
  it('shows the server’s fingerprint and pins nothing when declined', async () => {
    const { file, unpinned } = unpinnedStation();
    expect(unpinned.station).toBe('PACK-9');
    expect(unpinned.server).toBe(new URL(server.url).origin);
    let shown = '';
    const declined = await firstConnection({ file, station: unpinned.station, server: unpinned.server, confirm: async (fp) => ((shown = fp), false) });
    expect(declined).toBeNull();
    expect(shown).toBe(server.fingerprint);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ name: 'PACK-9', server: server.url });
  });

  it('lets only sign-in through, refuses an inspector’s confirmation, and pins on an admin’s', async () => {
    const { dataDir, file, unpinned } = unpinnedStation();
    const pin = await firstConnection({ file, station: unpinned.station, server: unpinned.server, confirm: async () => true });
    if (!pin) throw new Error('declined');
    const call = (channel: Parameters<typeof pin.backend.call>[0], req: unknown, token: string | null = null) => pin.backend.call(channel, req, { token });
    try {
      expect(pin.fingerprint).toBe(server.fingerprint);
      expect((await call('app:info', {})).ok).toBe(true);
      expect(await call('parcel:lookup', { trackingNo: 'SF784187113400' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'serverNotPinned' } });

      // An inspector is not the confirmation: refused, the session ended at the server, nothing written.
      const inspector = await call('session:signIn', { name: 'ivy', pin: '1111' });
      expect(inspector).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'serverPinAdminOnly' } });
      expect(pin.pinned()).toBe(false);
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).fingerprint).toBeUndefined();
      // A wrong admin PIN pins nothing either (the server checks it).
      expect((await call('session:signIn', { name: 'ada', pin: '0000' })).ok).toBe(false);
      expect(pin.pinned()).toBe(false);

      const admin = await call('session:signIn', { name: 'ada', pin: '4321' });
      expect(admin).toMatchObject({ ok: true, value: { user: { role: 'admin' }, station: 'PACK-9' } });
      expect(pin.pinned()).toBe(true);
      // station.json now pins the fingerprint, every other key kept, and the station starts on it as usual.
      expect(readStationConfig(dataDir)).toEqual({ kind: 'server', name: 'PACK-9', server: new URL(server.url).origin, fingerprint: server.fingerprint });
      const token = admin.ok ? (admin.value as { token: string }).token : null;
      expect((await call('station:recent', { limit: 5 }, token)).ok).toBe(true);
      // The inspector can now work at this station as at any pinned one.
      expect((await call('session:signIn', { name: 'ivy', pin: '1111' })).ok).toBe(true);
    } finally {
      await pin.backend.close();
    }
  });

  it('stops the station with a sentence in both languages when the server is not there', async () => {
    const dataDir = tempDir('first-pin-gone');
    const file = stationConfigFile(dataDir);
    const e = await firstConnection({ file, station: 'PACK-9', server: 'https://127.0.0.1:1', confirm: async () => true, timeoutMs: 3000 }).catch((err: unknown) => err);
    expect(e).toMatchObject({ file, en: expect.stringMatching(/cannot be reached/), zh: expect.stringMatching(/无法连接/) });
  });
});
