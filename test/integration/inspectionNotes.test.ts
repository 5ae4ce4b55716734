// An inspection keeps its notes; a provisional one (a station asked for a retake) opens no hold.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import type { InspectionRecord } from '../../electron/main/db/storage';
import { tempDir } from '../helpers/paths';

async function setUp() {
  const storage = new SqliteStorage(path.join(tempDir('notes'), 's.db'));
  const u = await storage.addUser({ name: 'ann', role: 'inspector', locale: 'zh', pinHash: 'x' }, 'test');
  await storage.saveRuleset('{}', 'test');
  const rec = (o: Partial<InspectionRecord>): InspectionRecord => ({
    trackingNo: 'SF1234567890',
    scan: 'SF1234567890',
    orderNo: null,
    station: 'S1',
    inspectorId: u.id,
    inspectorName: u.name,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:01.000Z',
    outcome: 'CLEAR',
    findings: [],
    rulesetVersion: 1,
    brands: [],
    reads: [],
    photoIds: [],
    timingsMs: {},
    ...o,
  });
  return { storage, rec };
}

const note = { code: 'INVOICE_SELLER_NAME_DIFFERS' as const, message: 'name read differently', messageZh: '名称识别不同', evidence: [] };
const unreadable = { code: 'INVOICE_SELLER_MISMATCH' as const, message: 'seller unreadable', messageZh: '无法识别销售方', evidence: [] };

describe('inspection notes and retakes', () => {
  it('stores the notes with the inspection and gives them back in the parcel history', async () => {
    const { storage, rec } = await setUp();
    await storage.recordInspection(rec({ notes: [note] }));
    const history = await storage.parcelHistory('SF1234567890');
    expect(history?.inspections[0].notes).toEqual([note]);
    await storage.close();
  });

  it('records a provisional inspection without a hold or a status change, then the real one holds', async () => {
    const { storage, rec } = await setUp();
    const first = await storage.recordInspection(rec({ outcome: 'HOLD', findings: [unreadable], provisional: true }));
    expect(first).toMatchObject({ holdId: null, parcelStatus: 'NEW' });
    const second = await storage.recordInspection(rec({ outcome: 'HOLD', findings: [unreadable] }));
    expect(second.holdId).not.toBeNull();
    expect(second.parcelStatus).toBe('HELD');
    const history = await storage.parcelHistory('SF1234567890');
    expect(history?.inspections.map((i) => i.outcome)).toEqual(['HOLD', 'HOLD']);
    expect(history?.holds).toHaveLength(1);
    await storage.close();
  });
});
