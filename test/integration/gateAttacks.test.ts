// Raw-SQL attacks on the database file, as a hostile station or a careless script would make them,
// with foreign keys on (and one with them off): every path that would let a held, destroyed or
// never-inspected parcel leave, or make a hold vanish, must be refused by the database itself.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { registerSqliteFunctions } from '../../electron/main/db/sqliteFunctions';
import path from 'node:path';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import type { InspectionRecord } from '../../electron/main/db/storage';
import { tempDir } from '../helpers/paths';

const T = '2026-01-01T00:00:00.000Z';

function inspection(trackingNo: string, outcome: 'CLEAR' | 'HOLD', inspectorId: number): InspectionRecord {
  return {
    trackingNo, scan: trackingNo, orderNo: null, station: 'S1', inspectorId, inspectorName: 'ann', startedAt: T, finishedAt: T, outcome,
    findings: outcome === 'HOLD' ? [{ code: 'UNREADABLE', message: 'x', messageZh: 'x', evidence: [] } as never] : [],
    rulesetVersion: 1, brands: [], reads: [], photoIds: [], timingsMs: {},
  };
}

/** A database with parcels in every interesting state, built only through the storage port. */
async function fixture() {
  const dbFile = path.join(tempDir('gate'), 'gate.db');
  const s = new SqliteStorage(dbFile);
  const ann = await s.addUser({ name: 'ann', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
  const boss = await s.addUser({ name: 'boss', role: 'supervisor', locale: 'en', pinHash: 'x' }, 'test');
  await s.saveRuleset('{}', 'test');
  const decide = (holdId: number, disposition: 'RELEASE' | 'DESTROY') =>
    s.decideHold({ holdId, disposition, reason: 'checked', documents: [], userId: boss.id, userName: 'boss', station: 'S', fourEyes: true });
  await s.recordInspection(inspection('CLEAR0001', 'CLEAR', ann.id));
  await s.recordInspection(inspection('CLEAR0002', 'CLEAR', ann.id));
  await s.recordInspection(inspection('CLEAR0003', 'CLEAR', ann.id));
  const held = await s.recordInspection(inspection('HELD0001', 'HOLD', ann.id));
  const destroyed = await s.recordInspection(inspection('DEST0001', 'HOLD', ann.id));
  await decide(destroyed.holdId!, 'DESTROY');
  const released = await s.recordInspection(inspection('RELS0001', 'HOLD', ann.id));
  await decide(released.holdId!, 'RELEASE');
  const open = await s.createShipment('LAX', 'SF', ann.id, 'ann');
  await s.addToShipment(open.shipmentId, 'CLEAR0001', ann.id, 'ann', 'S1');
  const closed = await s.createShipment('JFK', 'SF', ann.id, 'ann');
  await s.addToShipment(closed.shipmentId, 'CLEAR0002', ann.id, 'ann', 'S1');
  await s.addToShipment(closed.shipmentId, 'RELS0001', ann.id, 'ann', 'S1');
  await s.closeShipment(closed.shipmentId, 'boss');
  await s.close();
  const db = new Database(dbFile);
  registerSqliteFunctions(db);
  db.pragma('foreign_keys = ON');
  const id = (t: string) => (db.prepare('SELECT id FROM parcels WHERE tracking_no = ?').get(t) as { id: number }).id;
  return { dbFile, db, ann, open: open.shipmentId, closed: closed.shipmentId, heldHold: held.holdId!, releasedHold: released.holdId!, destroyedHold: destroyed.holdId!, id };
}

describe('the outbound gate refuses every raw-SQL path', () => {
  it('refuses each attack and leaves no held, destroyed or uninspected parcel on a shipment', async () => {
    const f = await fixture();
    const { db, id } = f;
    const ship = (parcelId: number, shipmentId = f.open) =>
      db.prepare('INSERT INTO shipment_parcels (shipment_id, parcel_id, added_at, added_by) VALUES (?, ?, ?, ?)').run(shipmentId, parcelId, T, f.ann.id);
    const attacks: [string, () => unknown, boolean?][] = [
      ['move an open shipment line onto a held parcel', () => db.prepare('UPDATE shipment_parcels SET parcel_id = ? WHERE shipment_id = ?').run(id('HELD0001'), f.open)],
      ['move a closed shipment line onto a held parcel', () => db.prepare('UPDATE shipment_parcels SET parcel_id = ? WHERE parcel_id = ?').run(id('HELD0001'), id('CLEAR0002'))],
      ['replace a shipment line (INSERT OR REPLACE) with a held parcel', () => db.prepare('INSERT OR REPLACE INTO shipment_parcels (shipment_id, parcel_id, added_at, added_by) VALUES (?, ?, ?, ?)').run(f.open, id('CLEAR0001'), T, f.ann.id)],
      ['set a hold to released without a decision', () => db.prepare("UPDATE holds SET status = 'RELEASED' WHERE id = ?").run(f.heldHold)],
      ['set a held parcel to released', () => db.prepare("UPDATE parcels SET status = 'RELEASED' WHERE id = ?").run(id('HELD0001'))],
      ['set a held parcel to cleared', () => db.prepare("UPDATE parcels SET status = 'CLEARED' WHERE id = ?").run(id('HELD0001'))],
      ['set a destroyed parcel to cleared', () => db.prepare("UPDATE parcels SET status = 'CLEARED' WHERE id = ?").run(id('DEST0001'))],
      ['ship a destroyed parcel', () => ship(id('DEST0001'))],
      ['insert a made-up parcel already cleared', () => db.prepare("INSERT INTO parcels (tracking_no, status, created_at, updated_at) VALUES ('FAKE0001', 'CLEARED', ?, ?)").run(T, T)],
      ['insert a made-up parcel already released', () => db.prepare("INSERT INTO parcels (tracking_no, status, created_at, updated_at) VALUES ('FAKE0002', 'RELEASED', ?, ?)").run(T, T)],
      ['replace a held parcel row by a cleared one (INSERT OR REPLACE)', () => db.prepare("INSERT OR REPLACE INTO parcels (id, tracking_no, status, created_at, updated_at) VALUES (?, 'HELD0001', 'CLEARED', ?, ?)").run(id('HELD0001'), T, T)],
      ['give a cleared parcel the tracking number of a held one', () => { db.prepare("UPDATE parcels SET tracking_no = 'X' || tracking_no WHERE id = ?").run(id('HELD0001')); db.prepare("UPDATE parcels SET tracking_no = 'HELD0001' WHERE id = ?").run(id('CLEAR0003')); }],
      ['delete a hold\'s reasons', () => db.prepare('DELETE FROM hold_reasons WHERE hold_id = ?').run(f.heldHold)],
      ['delete a hold\'s decisions', () => db.prepare('DELETE FROM hold_decisions WHERE hold_id = ?').run(f.destroyedHold)],
      ['delete an open hold', () => db.prepare('DELETE FROM holds WHERE id = ?').run(f.heldHold)],
      ['replace an open hold by a released one (INSERT OR REPLACE)', () => db.prepare("INSERT OR REPLACE INTO holds (id, parcel_id, inspection_id, status, reasons, created_at) SELECT id, parcel_id, inspection_id, 'RELEASED', reasons, created_at FROM holds WHERE id = ?").run(f.heldHold)],
      ['delete a hold with foreign keys off', () => db.prepare('DELETE FROM holds WHERE id = ?').run(f.destroyedHold), false],
      ['reopen a decided hold on a parcel on a closed shipment', () => db.prepare("UPDATE holds SET status = 'OPEN', decided_at = NULL WHERE id = ?").run(f.releasedHold)],
      ['hold a parcel on a closed shipment again', () => db.prepare("UPDATE parcels SET status = 'HELD' WHERE id = ?").run(id('RELS0001'))],
      ['set a cleared parcel to shipped without a shipment', () => db.prepare("UPDATE parcels SET status = 'SHIPPED' WHERE id = ?").run(id('CLEAR0003'))],
      ['reopen a closed shipment', () => db.prepare("UPDATE shipments SET status = 'OPEN', closed_at = NULL WHERE id = ?").run(f.closed)],
      ['take a parcel off a closed shipment', () => db.prepare('DELETE FROM shipment_parcels WHERE shipment_id = ?').run(f.closed)],
      ['delete a parcel', () => db.prepare('DELETE FROM parcels WHERE id = ?').run(id('HELD0001'))],
      ['rewrite an inspection\'s outcome', () => db.prepare("UPDATE inspections SET outcome = 'CLEAR', reasons = '' WHERE parcel_id = ?").run(id('HELD0001'))],
      ['clear a parcel by a forged CLEAR inspection, without an audit event', () => {
        db.prepare("INSERT INTO inspections (parcel_id, station, inspector_id, started_at, finished_at, outcome, reasons, ruleset_version, findings_json, reads_json, brands_json, timings_json) VALUES (?, 'S', ?, ?, ?, 'CLEAR', '', 1, '[]', '[]', '[]', '{}')").run(id('CLEAR0003'), f.ann.id, T, T);
        db.prepare("UPDATE holds SET status = 'RELEASED' WHERE id = ?").run(f.heldHold);
      }],
    ];
    const accepted: string[] = [];
    // Each attack alone, on the same fixture: whatever it managed is rolled back before the next.
    for (const [name, attack, foreignKeys = true] of attacks) {
      db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
      db.exec('BEGIN');
      try {
        attack();
        accepted.push(name);
      } catch {
        // refused: the database said no
      } finally {
        db.exec('ROLLBACK');
      }
    }
    db.pragma('foreign_keys = ON');
    const leaks = db
      .prepare(
        `SELECT p.tracking_no FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id
         WHERE p.tracking_no NOT IN ('CLEAR0001', 'CLEAR0002', 'RELS0001')
            OR EXISTS (SELECT 1 FROM holds h WHERE h.parcel_id = p.id AND h.status IN ('OPEN', 'AWAITING_PROOF'))`,
      )
      .all();
    const holds = (db.prepare('SELECT count(*) AS n FROM holds').get() as { n: number }).n;
    db.close();
    console.log(`gate attacks: ${attacks.length} tried, ${attacks.length - accepted.length} refused`);
    expect(accepted).toEqual([]);
    expect(leaks).toEqual([]);
    expect(holds).toBe(3);
  });
});
