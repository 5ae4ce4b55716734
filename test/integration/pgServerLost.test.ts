// A station whose server goes away fails closed: every call says SERVER_LOST at once (naming the
// server, never a stack trace), nothing is shown as cleared, system:engine answers "not connected"
// quickly, and once the server is back the station carries on with everything stored before intact.
import { describe, expect, inject, it } from 'vitest';
import { PG_SCHEMA_VERSION } from '../../electron/main/db/pgMigrate';
import { PgEngine } from '../../electron/main/db/pgEngine';
import path from 'node:path';
import { ParcelGateService } from '../../electron/main/service/service';
import { SYSTEM } from '../../shared/systemIdentities';
import { packFile, tempDir } from '../helpers/paths';
import { asUser, startPostgres, STATION_ROLE, testServer } from '../helpers/postgres';

describe('a station that loses its server', () => {
  it('refuses with SERVER_LOST while the server is away, and carries on after', async () => {
    const server = await startPostgres();
    const dir = tempDir('lost');
    const url = asUser(await server.createDatabase(), STATION_ROLE);
    const service = new ParcelGateService({ dbFile: url, dataDir: path.join(dir, 'data'), station: 'PACK-3' });
    const sys = { system: SYSTEM.test };
    try {
      const imported = await service.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, sys);
      expect(imported.ok).toBe(true);
      expect(await service.call('users:add', { name: 'Li', role: 'inspector', pin: '2468' }, sys)).toMatchObject({ ok: true });
      const signed = await service.call('session:signIn', { name: 'Li', pin: '2468', station: 'PACK-3' });
      expect(signed.ok).toBe(true);
      const token = signed.ok ? signed.value.token : '';
      const first = await service.call('parcel:inspect', { scan: 'SF784187113400', photoIds: [] }, { token });
      expect(first.ok).toBe(true);
      const engine = await service.call('system:engine', {}, { token });
      expect(engine.ok && engine.value).toMatchObject({ engine: 'postgres', connected: true, user: STATION_ROLE });

      await server.pause!();
      const t0 = performance.now();
      const lost = await service.call('parcel:inspect', { scan: 'SF529989826725', photoIds: [] }, { token });
      expect(lost.ok).toBe(false);
      expect(!lost.ok && lost.error).toMatchObject({ code: 'SERVER_LOST' });
      expect(!lost.ok && lost.error.message).toMatch(/cannot be reached.*Nothing was stored/);
      expect(!lost.ok && lost.error.message).not.toMatch(/\n\s+at /);
      const status = await service.call('system:engine', {}, { token });
      expect(status.ok && status.value.connected).toBe(false);
      // Told at once, not after a long driver timeout.
      expect(performance.now() - t0).toBeLessThan(10_000);
      const photo = await service.call('photo:add', { bytes: packFile('brands.json').bytes, name: 'x.jpg' }, { token });
      expect(!photo.ok && photo.error.code).toBe('PHOTO_REJECTED'); // refused before it reaches the server

      await server.resume!();
      const back = await service.call('system:engine', {}, { token });
      expect(back.ok && back.value.connected).toBe(true);
      const again = await service.call('parcel:inspect', { scan: 'SF529989826725', photoIds: [] }, { token });
      expect(again.ok).toBe(true);
      const history = await service.call('parcel:detail', { trackingNo: 'SF784187113400' }, sys);
      expect(history.ok && history.value.inspections.length).toBe(1);
      const verify = await service.call('audit:verify', {}, sys);
      expect(verify.ok && verify.value.intact).toBe(true);
    } finally {
      await service.close();
      await server.stop();
    }
  });

  it('refuses to work on a server whose schema the owner has not migrated, saying who must do what', async () => {
    const server = await testServer(inject('pgBaseUrl') || undefined);
    const owner = await server.createDatabase();
    // As if the app was updated on the stations before the owner ran migrate: the server is one version behind.
    const raw = new PgEngine(owner);
    await raw.read.run('DELETE FROM schema_migrations WHERE version = ?', [PG_SCHEMA_VERSION]);
    await raw.close();
    const url = asUser(owner, STATION_ROLE);
    const service = new ParcelGateService({ dbFile: url, dataDir: path.join(tempDir('old'), 'data') });
    try {
      const r = await service.call('users:list', {});
      expect(!r.ok && r.error).toMatchObject({ code: 'CONFLICT', key: 'serverSchemaOld', params: { version: PG_SCHEMA_VERSION - 1, need: PG_SCHEMA_VERSION } });
      const denied = new ParcelGateService({ dbFile: asUser(owner, 'nobody_here'), dataDir: path.join(tempDir('old'), 'data') });
      const who = await denied.call('users:list', {});
      await denied.close();
      expect(!who.ok && who.error).toMatchObject({ code: 'CONFLICT', key: 'serverLogin', params: { user: 'nobody_here' } });
      expect(!r.ok && r.error.message).toContain('migrate');
    } finally {
      await service.close();
      await server.stop();
    }
  });
});

