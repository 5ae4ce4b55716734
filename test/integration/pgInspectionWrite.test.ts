// An inspection's write on PostgreSQL in two round trips (repos/inspectionWritePg.ts, migration pg/010):
// the statements it sends are counted, its rows and events are the ordinary write's, a parcel changed
// between its read and its write falls back to the ordinary write, and the function gives a station
// role nothing it did not have (SECURITY INVOKER: the lifecycle and audit triggers still refuse).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canonicalJson } from '../../shared/canonicalJson';
import type { Finding } from '../../shared/types';
import { openStorage } from '../../electron/main/db/openStorage';
import { recordInspectionPg } from '../../electron/main/db/repos/inspectionWritePg';
import type { SqlStorage } from '../../electron/main/db/sqlStorage';
import type { InspectionRecord } from '../../electron/main/db/storage';
import { asUser, STATION_ROLE, testServer, type PgServer } from '../helpers/postgres';

const T = '2026-05-01T08:00:00.000Z';
// Quotes, a backslash, a line break and Chinese: the event hash made in the server must be the app's.
const STATION = 'Dock "7" \\ 东门\nB';

const finding = (code: Finding['code']): Finding => ({ code, message: code, messageZh: code, evidence: [] });

describe('an inspection written on PostgreSQL', () => {
  let server: PgServer;
  let ownerUrl: string;
  let storage: SqlStorage;
  let inspector: { id: number; name: string };
  let statements = 0;
  const query = pg.Client.prototype.query;

  const rec = (trackingNo: string | null, outcome: 'CLEAR' | 'HOLD', more: Partial<InspectionRecord> = {}): InspectionRecord => ({
    trackingNo,
    scan: trackingNo,
    orderNo: null,
    station: STATION,
    inspectorId: inspector.id,
    inspectorName: inspector.name,
    startedAt: T,
    finishedAt: T,
    outcome,
    findings: outcome === 'HOLD' ? [finding('BRAND_UNDECLARED'), finding('UNREADABLE')] : [],
    rulesetVersion: 1,
    brands: outcome === 'HOLD' ? ['burberry', 'nike'] : [],
    reads: [],
    photoIds: [],
    timingsMs: { read: 1 },
    ...more,
  });

  beforeAll(async () => {
    server = await testServer(inject('pgBaseUrl') || undefined);
    ownerUrl = await server.createDatabase();
    storage = openStorage(asUser(ownerUrl, STATION_ROLE)) as SqlStorage;
    const u = await storage.addUser({ name: 'ann "the" inspector', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
    inspector = { id: u.id, name: u.name };
    await storage.saveRuleset('{}', 'test');
    // Every statement any connection of this process sends is counted.
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await storage?.close();
    await server?.stop();
  });

  it('sends two statements for an inspection that opens a hold, and stores what the ordinary write stores', async () => {
    await storage.recordInspection(rec('WARM00000001', 'CLEAR')); // connections opened, statements prepared
    statements = 0;
    const stored = await storage.recordInspection(rec('HOLD00000001', 'HOLD'));
    expect(statements).toBe(2);

    const db = storage.engine.read;
    const head = await db.get<{ seq: number; hash: string; details: string; action: string; entity_id: string }>('SELECT seq, hash, details, action, entity_id FROM audit_events ORDER BY seq DESC LIMIT 1');
    expect(stored.chainHead).toEqual({ seq: head!.seq, hash: head!.hash });
    expect(head).toMatchObject({ action: 'parcel.hold', entity_id: 'HOLD00000001' });
    expect(head!.details).toBe(
      canonicalJson({ inspectionId: stored.inspectionId, station: STATION, reasons: 'BRAND_UNDECLARED,UNREADABLE', holdId: stored.holdId, rulesetVersion: 1, rules: null, photos: [] }),
    );
    expect(stored.parcelStatus).toBe('HELD');
    const hold = await db.get<{ id: number; inspection_id: number; status: string; reasons: string; return_day: string | null; station: string }>('SELECT * FROM holds WHERE id = ?', [stored.holdId]);
    expect(hold).toMatchObject({ inspection_id: stored.inspectionId, status: 'OPEN', reasons: 'BRAND_UNDECLARED,UNREADABLE', station: STATION });
    expect(hold!.return_day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await db.all<{ code: string }>('SELECT code FROM hold_reasons WHERE hold_id = ? ORDER BY code', [stored.holdId])).map((r) => r.code)).toEqual(['BRAND_UNDECLARED', 'UNREADABLE']);
    expect((await db.all<{ brand_id: string }>('SELECT brand_id FROM hold_brands WHERE hold_id = ? ORDER BY brand_id', [stored.holdId])).map((r) => r.brand_id)).toEqual(['burberry', 'nike']);
    const parcel = await db.get<{ status: string; audit_seq: number }>("SELECT status, audit_seq FROM parcels WHERE tracking_no = 'HOLD00000001'");
    expect(parcel).toEqual({ status: 'HELD', audit_seq: head!.seq });

    // A re-inspection of the held parcel, one with no tracking number, a retake: same two statements each.
    let seq = stored.chainHead.seq;
    for (const r of [rec('HOLD00000001', 'CLEAR'), rec(null, 'HOLD'), rec('RETAKE000001', 'HOLD', { provisional: true })]) {
      statements = 0;
      const again = await storage.recordInspection(r);
      expect(statements).toBe(2);
      // One event each, and the head returned is the one it made.
      expect(again.chainHead.seq).toBe(++seq);
      expect(again.holdId).toBe(r.trackingNo === 'HOLD00000001' ? stored.holdId : null);
    }
    expect((await storage.parcelSummary('HOLD00000001'))?.status).toBe('HELD');
    const anonymous = await db.get<{ entity_id: string }>("SELECT entity_id FROM audit_events WHERE entity_id LIKE 'inspection:%'");
    expect(anonymous?.entity_id).toMatch(/^inspection:\d+$/);
    expect((await storage.verifyAudit([], false)).intact).toBe(true);
  });

  it('writes the ordinary way when the parcel changed between the read and the write', async () => {
    const first = await storage.recordInspection(rec('RACE00000001', 'CLEAR'));
    expect(first.parcelStatus).toBe('CLEARED');
    const engine = storage.engine;
    // Another station holds the same parcel after this station read it, before its write arrives.
    const late = await recordInspectionPg(
      {
        read: engine.read,
        writeStatement: async <T>(sql: string, params?: Parameters<NonNullable<typeof engine.writeStatement>>[1]) => {
          await storage.recordInspection(rec('RACE00000001', 'HOLD'));
          return engine.writeStatement!<T>(sql, params);
        },
      },
      rec('RACE00000001', 'CLEAR'),
    );
    expect(late).toBeNull();
    const rows = await engine.read.all<{ outcome: string }>("SELECT i.outcome FROM inspections i JOIN parcels p ON p.id = i.parcel_id WHERE p.tracking_no = 'RACE00000001' ORDER BY i.id");
    expect(rows.map((r) => r.outcome)).toEqual(['CLEAR', 'HOLD']);
    expect((await storage.parcelSummary('RACE00000001'))?.status).toBe('HELD');
    // The storage then writes it under the lock as before: a CLEAR does not clear a parcel with an undecided hold.
    const after = await storage.recordInspection(rec('RACE00000001', 'CLEAR'));
    expect(after.parcelStatus).toBe('HELD');
    expect((await storage.verifyAudit([], false)).intact).toBe(true);
  });

  it('runs with the caller\'s rights only: the station role\'s triggers still refuse what they refused', async () => {
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      const fn = await owner.query<{ prosecdef: boolean; granted: boolean; public: boolean }>(
        `SELECT p.prosecdef, has_function_privilege($1, p.oid, 'EXECUTE') AS granted,
                EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0) AS public
         FROM pg_proc p WHERE p.proname = 'pg_gate_record_inspection'`,
        [STATION_ROLE],
      );
      expect(fn.rows).toEqual([{ prosecdef: false, granted: true, public: false }]);
    } finally {
      await owner.end();
    }
    // Shipping a cleared parcel by hand through the function, as a station role could try: the lifecycle trigger refuses it.
    await storage.recordInspection(rec('FORCE0000001', 'CLEAR'));
    const state = await storage.engine.read.get<{ id: number; last: number }>("SELECT p.id, (SELECT max(id) FROM inspections WHERE parcel_id = p.id) AS last FROM parcels p WHERE tracking_no = 'FORCE0000001'");
    const forged = {
      expect: { parcelId: state!.id, status: 'CLEARED', openHoldId: null, shipmentId: null, shipmentStatus: null, lastInspectionId: state!.last },
      trackingNo: 'FORCE0000001',
      at: T,
      inspectionId: state!.last + 1000,
      newHold: false,
      offShipment: false,
      offShipmentEvent: null,
      parcelStatus: 'SHIPPED',
      inspection: { scan: null, orderNo: null, station: 'X', inspectorId: inspector.id, startedAt: T, finishedAt: T, outcome: 'CLEAR', reasons: '', rulesetVersion: 1, rules: null, findings: '[]', reads: '[]', brands: '[]', timings: '{}', notes: '[]' },
      photoIds: [],
      reasonCodes: [],
      brandIds: [],
      event: { actor: 'x', action: 'parcel.clear', entityType: 'parcel', entityId: 'FORCE0000001', details: '{}' },
    };
    await expect(storage.engine.writeStatement!('SELECT pg_gate_record_inspection(CAST(@p AS jsonb)) AS r', { p: JSON.stringify(forged) })).rejects.toThrow(
      'LIFECYCLE: shipped only as a line of a closed shipment',
    );
    expect((await storage.parcelSummary('FORCE0000001'))?.status).toBe('CLEARED');
    expect((await storage.verifyAudit([], false)).intact).toBe(true);
  });
});
