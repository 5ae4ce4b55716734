// The warehouse server on a real PostgreSQL, with a real server process on 127.0.0.1 and its own
// certificate: three station processes race over HTTPS as pgRace.test.ts does directly (one deciding
// 1,000 holds, two shipping the same parcels); an attacker holding everything a station machine has
// finds no database credential and no API call that decides as another user or skips four-eyes; the
// audit trigger refuses an event with a wrong hash on PostgreSQL as on SQLite (auditHashTrigger.test.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventHash } from '../../electron/main/db/audit';
import { openStorage } from '../../electron/main/db/openStorage';
import type { SqlStorage } from '../../electron/main/db/sqlStorage';
import { hashPin } from '../../electron/main/service/pin';
import { connectStation } from '../../electron/main/server/stationLink';
import { makeClient } from '../../shared/client';
import { AUDIT_INSERT, nextEvent, row } from '../helpers/auditRows';
import { cli } from '../helpers/cli';
import { ROOT, tempDir } from '../helpers/paths';
import { asUser, STATION_ROLE, testServer, type PgServer } from '../helpers/postgres';
import { startWarehouseServer, type WarehouseServer } from '../helpers/warehouseServer';
import { raceCounts, raceTracking, seedRace } from '../race/raceSetup';

const ROUNDS = 1000;

function station(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'test', 'race', 'stationRaceWorker.ts'), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`station ${args[0]} exited ${code}: ${err}`))));
  });
}

describe('the warehouse server on PostgreSQL', () => {
  let pg: PgServer;
  let url: string;
  let storage: SqlStorage;
  let server: WarehouseServer;
  let shipmentId: number;

  beforeAll(async () => {
    pg = await testServer(inject('pgBaseUrl') || undefined);
    url = asUser(await pg.createDatabase(), STATION_ROLE);
    storage = openStorage(url);
    shipmentId = await seedRace(storage, ROUNDS);
    for (const [name, pin] of [['boss', '2468'], ['shipper', '1357'], ['insp', '9999']] as const) {
      await storage.resetUserPin((await storage.userByName(name))!.id, await hashPin(pin), 'test');
    }
    server = await startWarehouseServer(url);
  });
  afterAll(async () => {
    await server?.stop();
    await storage?.close();
    await pg?.stop();
  });

  it('refuses an audit event whose hash is not its fields\' hash', async () => {
    const e = await nextEvent(storage.engine.read);
    await expect(storage.engine.write((tx) => tx.run(AUDIT_INSERT, row(e, 'f'.repeat(64))))).rejects.toThrow('audit event hash does not match its fields');
    await expect(storage.engine.write((tx) => tx.run(AUDIT_INSERT, row({ ...e, actor: 'ann' }, eventHash(e))))).rejects.toThrow('audit event hash does not match its fields');
    // The same JSON text byte for byte: PostgreSQL's sha256() agrees with the app's eventHash.
    await storage.engine.write((tx) => tx.run(AUDIT_INSERT, row(e, eventHash(e))));
    expect((await storage.verifyAudit([], false)).intact).toBe(true);
  });

  it('holds no credential on a station, and no call decides as another user or skips four-eyes', async () => {
    const data = tempDir('attacked-station');
    // The admin pins the server the way a station is set up (pin-server), as PACK-9.
    await storage.addUser({ name: 'root', role: 'admin', locale: 'en', pinHash: await hashPin('8080') }, 'test');
    const pinned = cli(['pin-server', '--server', server.url, '--user', 'root', '--station', 'PACK-9', '--data', data, '--yes'], '8080\n');
    expect(pinned.code, pinned.stderr).toBe(0);
    const files = fs.readdirSync(data, { recursive: true }).map((f) => path.join(data, String(f))).filter((f) => fs.statSync(f).isFile());
    expect(files.map((f) => path.basename(f))).toEqual(['station.json']);
    expect(JSON.parse(fs.readFileSync(files[0], 'utf8'))).toEqual({ name: 'PACK-9', server: server.url, fingerprint: server.fingerprint });
    const everything = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    expect(everything).not.toMatch(/postgres|parcel_gate|5432|password/i);

    const link = connectStation({ url: server.url, fingerprint: server.fingerprint });
    const api = makeClient(link.invoke);
    // A made-up token is nobody.
    api.setToken('ab'.repeat(32));
    expect(await api['hold:decide']({ holdId: 1, disposition: 'RELEASE', reason: 'forged token', documents: [] })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    // An inspector may not decide; a supervisor's decision is signed by the supervisor, whatever names the request carries.
    expect((await api['session:signIn']({ name: 'insp', pin: '9999' })).ok).toBe(true);
    expect(await api['hold:decide']({ holdId: 1, disposition: 'RELEASE', reason: 'I say so', documents: [] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await api['settings:set']({ fourEyes: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const boss = await storage.userByName('boss');
    const claimed = { holdId: 2, disposition: 'RELEASE', reason: 'as somebody else', documents: [], userId: boss!.id, userName: 'boss', decidedBy: 'boss', station: 'X', fourEyes: false };
    expect(await link.invoke('hold:decide', claimed, api.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A supervisor who inspected a parcel cannot release it, and cannot switch four-eyes off.
    const sup = await storage.addUser({ name: 'sue', role: 'supervisor', locale: 'en', pinHash: await hashPin('4242') }, 'test');
    const now = new Date().toISOString();
    const own = await storage.recordInspection({
      trackingNo: 'OWN000000001', scan: 'OWN000000001', orderNo: null, station: 'S', inspectorId: sup.id, inspectorName: 'sue', startedAt: now, finishedAt: now,
      outcome: 'HOLD', findings: [], rulesetVersion: 1, brands: [], reads: [], photoIds: [], timingsMs: {},
    });
    const insp = await storage.userByName('insp');
    const other = await storage.recordInspection({
      trackingNo: 'ATK000000002', scan: 'ATK000000002', orderNo: null, station: 'S', inspectorId: insp!.id, inspectorName: 'insp', startedAt: now, finishedAt: now,
      outcome: 'HOLD', findings: [], rulesetVersion: 1, brands: [], reads: [], photoIds: [], timingsMs: {},
    });
    expect((await api['session:signIn']({ name: 'sue', pin: '4242' })).ok).toBe(true);
    expect(await link.invoke('hold:decide', { holdId: own.holdId, disposition: 'RELEASE', reason: 'my own parcel', documents: [], fourEyes: false }, api.token)).toMatchObject({ ok: false, error: { code: 'FOUR_EYES' } });
    expect(await api['settings:set']({ fourEyes: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A decision made through the server is signed by whoever holds the session, never by a name in the request.
    const decided = await link.invoke('hold:decide', { holdId: other.holdId, disposition: 'RELEASE', reason: 'released by sue', documents: [], userName: 'boss', userId: boss!.id }, api.token);
    expect(decided).toMatchObject({ ok: true, value: { decision: { decidedBy: 'sue' } } });
    link.close();
  });

  it(`three stations over HTTPS ship no held, destroyed or uninspected parcel in ${ROUNDS} rounds`, async () => {
    const at = [server.url, server.fingerprint, String(ROUNDS)];
    const [, a, b] = await Promise.all([station(['release', ...at]), station(['ship', ...at, String(shipmentId)]), station(['ship', ...at, String(shipmentId)])]);
    const [sa, sb] = [a, b].map(raceCounts);
    const rows = await storage.engine.read.all<{ tracking_no: string; hold_status: string | null; released_seq: number | null; shipped_seq: number }>(
      `SELECT p.tracking_no, h.status AS hold_status,
              (SELECT min(seq) FROM audit_events WHERE entity_id = p.tracking_no AND action = 'hold.release') AS released_seq,
              (SELECT min(seq) FROM audit_events WHERE entity_id = p.tracking_no AND action = 'shipment.add') AS shipped_seq
       FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id LEFT JOIN holds h ON h.parcel_id = p.id`,
    );
    expect(rows.filter((r) => r.hold_status !== 'RELEASED')).toEqual([]);
    expect(rows.filter((r) => r.released_seq === null || r.released_seq > r.shipped_seq)).toEqual([]);
    expect(rows.length).toBe(ROUNDS / 2);
    expect(sa.shipped + sb.shipped).toBe(ROUNDS / 2);
    expect(sa.refused + sb.refused).toBeGreaterThanOrEqual(ROUNDS);
    expect(rows.every((r) => r.tracking_no.startsWith('RACE'))).toBe(true);
    expect(raceTracking(1)).toBe('RACE00000001');
    expect((await storage.verifyAudit([], false)).intact).toBe(true);
  }, 900_000);
});
