// The warehouse server's backup as the README tells its owner to take it: a pg_dump, restored after the
// database is lost into a new one of the same name, then checked the way the README says — the audit
// chain walks, and a station's anchor log names the events the dump does not hold.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { ParcelGateService } from '../../electron/main/service/service';
import { SYSTEM } from '../../shared/systemIdentities';
import { packFile, tempDir } from '../helpers/paths';
import { asUser, newDatabaseName, OWNER_ROLE, pgBinDir, STATION_ROLE, testServer } from '../helpers/postgres';

const sys = { system: SYSTEM.test };

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('PostgreSQL: a pg_dump restored into a new database verifies', () => {
  it('restores the dump, walks the chain, and the station anchor log names the events after the dump', async () => {
    const server = await testServer(inject('pgBaseUrl'));
    const name = newDatabaseName();
    const ownerUrl = await server.createDatabase({ name });
    const stationUrl = asUser(ownerUrl, STATION_ROLE);
    const dir = tempDir('pg-dump');
    const dataDir = path.join(dir, 'station-data');
    const bin = pgBinDir()!;
    // The owner's tools, as the README has them (the same major version as the server).
    const tool = (t: string, args: string[]) => execFileSync(path.join(bin, t), args, { stdio: 'pipe' });
    const dumpFile = path.join(dir, 'warehouse.dump');

    let service = new ParcelGateService({ dbFile: stationUrl, dataDir, station: 'PACK-1' });
    let dumpHead: number;
    try {
      await ok(service.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, sys));
      await ok(service.call('users:add', { name: 'Li', role: 'inspector', pin: '2468' }, sys));
      const token = (await ok(service.call('session:signIn', { name: 'Li', pin: '2468', station: 'PACK-1' }))).token;
      await ok(service.call('parcel:inspect', { scan: 'SF784187113400', photoIds: [] }, { token }));
      dumpHead = (await ok(service.call('audit:export', {}, sys))).chainHead!.seq;
      // The nightly dump, taken while the station is connected (pg_dump reads one consistent snapshot).
      tool('pg_dump', ['--format=custom', '--file', dumpFile, server.url(name)]);
      // Work after the dump: these events are only in the lost database and the station's anchor log.
      await ok(service.call('parcel:inspect', { scan: 'SF529989826725', photoIds: [] }, { token }));
      await ok(service.call('parcel:inspect', { scan: 'SF784187113400', photoIds: [] }, { token }));
    } finally {
      await service.close();
    }

    // The server's disk dies: the database is gone. A new one of the same name, and the dump restored.
    const admin = new pg.Client(server.url('postgres'));
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`);
    } finally {
      await admin.end();
    }
    tool('pg_restore', ['--exit-on-error', '--dbname', server.url(name), dumpFile]);

    service = new ParcelGateService({ dbFile: stationUrl, dataDir, station: 'PACK-1' });
    try {
      // With the station's anchor log: the events after the dump are named as gone, first the first of them.
      const withLog = await ok(service.call('audit:verify', { anchorLog: true }, sys));
      expect(withLog.intact).toBe(false);
      expect(withLog.events).toBe(dumpHead);
      const gone = withLog.anchors!.missing.map((m) => m.seq);
      expect(Math.min(...gone)).toBe(dumpHead + 1);
      expect(withLog.firstBroken).toMatchObject({ seq: dumpHead + 1 });
      expect(withLog.firstBroken!.reason).toContain('is gone');
      // The dump on its own is a whole chain: it ended where the dump was taken, and the check above is its next event.
      const alone = await ok(service.call('audit:verify', { anchorLog: false }, sys));
      expect(alone).toMatchObject({ intact: true, events: dumpHead + 1 });
      // The restored server works at once for the station (its role and grants came back with the dump).
      const token = (await ok(service.call('session:signIn', { name: 'Li', pin: '2468', station: 'PACK-1' }))).token;
      const again = await ok(service.call('parcel:inspect', { scan: 'SF529989826725', photoIds: [] }, { token }));
      expect(again.trackingNo).toBe('SF529989826725');
      const detail = await ok(service.call('parcel:detail', { trackingNo: 'SF784187113400' }, sys));
      expect(detail.inspections).toHaveLength(1); // the second inspection of it was after the dump
    } finally {
      await service.close();
    }
  });
});
