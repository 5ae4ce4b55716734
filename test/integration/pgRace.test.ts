// Three stations on one PostgreSQL server, as the station role: one deciding 1,000 holds (release even,
// destroy odd), two shipping the same parcels onto one shipment at the same moments. No held,
// destroyed or uninspected parcel may ever be shipped, and the audit chain stays one intact chain.
import { describe, expect, inject, it } from 'vitest';
import { openStorage } from '../../electron/main/db/openStorage';
import { raceCounts, runRaceWorker, seedRace } from '../race/raceSetup';
import { asUser, STATION_ROLE, testServer } from '../helpers/postgres';

const ROUNDS = 1000;

describe('release versus ship, three stations on one server', () => {
  it(`ships no held, destroyed or uninspected parcel in ${ROUNDS} rounds`, async () => {
    const server = await testServer(inject('pgBaseUrl') || undefined);
    try {
      const url = asUser(await server.createDatabase(), STATION_ROLE);
      const storage = openStorage(url);
      const shipmentId = await seedRace(storage, ROUNDS);
      const shipper = (await storage.userByName('shipper'))!;

      const [, a, b] = await Promise.all([
        runRaceWorker(['release', url, String(ROUNDS)]),
        runRaceWorker(['ship', url, String(ROUNDS), String(shipmentId)]),
        runRaceWorker(['ship', url, String(ROUNDS), String(shipmentId)]),
      ]);
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
      // Every released parcel was shipped by one of the two stations, once.
      expect(sa.shipped + sb.shipped).toBe(ROUNDS / 2);
      expect(sa.refused + sb.refused).toBeGreaterThanOrEqual(ROUNDS);
      // A parcel nobody inspected never gets on: the gate names it.
      await expect(storage.addToShipment(shipmentId, 'NEVER0000001', shipper.id, 'shipper', 'S')).rejects.toMatchObject({ code: 'GATE_REFUSED' });
      expect((await storage.verifyAudit([], false)).intact).toBe(true);
      await storage.close();
    } finally {
      await server.stop();
    }
  });
});
