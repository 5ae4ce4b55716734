// Three stations on one PostgreSQL server, as the station role: one deciding 1,000 holds (release even,
// destroy odd), two shipping the same parcels onto one shipment at the same moments. No held,
// destroyed or uninspected parcel may ever be shipped, and the audit chain stays one intact chain.
import { describe, expect, inject, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openStorage } from '../../electron/main/db/openStorage';
import { ROOT } from '../helpers/paths';
import { asUser, STATION_ROLE, testServer } from '../helpers/postgres';

const ROUNDS = 1000;

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'test', 'race', 'raceWorker.ts'), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker ${args[0]} exited ${code}: ${err}`))));
  });
}

describe('release versus ship, three stations on one server', () => {
  it(`ships no held, destroyed or uninspected parcel in ${ROUNDS} rounds`, async () => {
    const server = await testServer(inject('pgBaseUrl') || undefined);
    try {
      const url = asUser(await server.createDatabase(), STATION_ROLE);
      const storage = openStorage(url);
      await storage.addUser({ name: 'boss', role: 'supervisor', locale: 'en', pinHash: 'x' }, 'test');
      const shipper = await storage.addUser({ name: 'shipper', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
      const inspector = await storage.addUser({ name: 'insp', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
      await storage.saveRuleset('{}', 'test');
      const shipment = await storage.createShipment('LAX', 'SF', shipper.id, 'shipper');
      const now = new Date().toISOString();
      for (let i = 1; i <= ROUNDS; i++) {
        const tracking = `RACE${String(i).padStart(8, '0')}`;
        const r = await storage.recordInspection({
          trackingNo: tracking, scan: tracking, orderNo: null, station: 'S', inspectorId: inspector.id, inspectorName: 'insp', startedAt: now, finishedAt: now,
          outcome: 'HOLD', findings: [], rulesetVersion: 1, brands: [], reads: [], photoIds: [], timingsMs: {},
        });
        if (r.holdId !== i) throw new Error(`hold ${r.holdId} for round ${i}`);
      }

      const [, a, b] = await Promise.all([
        run(['release', url, String(ROUNDS)]),
        run(['ship', url, String(ROUNDS), String(shipment.shipmentId)]),
        run(['ship', url, String(ROUNDS), String(shipment.shipmentId)]),
      ]);
      const [sa, sb] = [a, b].map((o) => JSON.parse(o.trim().split('\n').pop()!) as { shipped: number; refused: number });

      const rows = await storage.engine.read.all<{ tracking_no: string; hold_status: string | null; released_seq: number | null; shipped_seq: number }>(
        `SELECT p.tracking_no, h.status AS hold_status,
                (SELECT min(seq) FROM audit_events WHERE entity_id = p.tracking_no AND action = 'hold.release') AS released_seq,
                (SELECT min(seq) FROM audit_events WHERE entity_id = p.tracking_no AND action = 'shipment.add') AS shipped_seq
         FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id LEFT JOIN holds h ON h.parcel_id = p.id`,
      );
      expect(rows.filter((r) => r.hold_status !== 'RELEASED')).toEqual([]);
      expect(rows.filter((r) => r.released_seq === null || r.released_seq > r.shipped_seq)).toEqual([]);
      expect(rows.length).toBe(ROUNDS / 2);
      // Every released parcel was shipped by one of the two stations, once.
      expect(sa.shipped + sb.shipped).toBe(ROUNDS / 2);
      expect(sa.refused + sb.refused).toBeGreaterThanOrEqual(ROUNDS);
      // A parcel nobody inspected never gets on: the gate names it.
      await expect(storage.addToShipment(shipment.shipmentId, 'NEVER0000001', shipper.id, 'shipper', 'S')).rejects.toMatchObject({ code: 'GATE_REFUSED' });
      expect((await storage.verifyAudit([], false)).intact).toBe(true);
      await storage.close();
    } finally {
      await server.stop();
    }
  });
});
