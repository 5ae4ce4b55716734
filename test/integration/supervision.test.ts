// Supervisors: decisions, four-eyes, the outbound gate (in code and in the database), audit export, reports.
import { describe, expect, it } from 'vitest';
import { freshService, importPack, rawEngine, type TestService } from '../helpers/service';

async function signIn(t: TestService, name: string, role: 'inspector' | 'supervisor' | 'admin', station = 'S1') {
  await t.sys('users:add', { name, role, pin: '1234' });
  const r = await t.service.call('session:signIn', { name, pin: '1234', station });
  if (!r.ok) throw new Error(r.error.message);
  const token = r.value.token;
  return <C extends Parameters<typeof t.service.call>[0]>(channel: C, req: unknown) => t.service.call(channel, req, { token });
}

/** A held parcel without OCR: no photos reads as UNREADABLE, which holds. */
async function holdParcel(as: Awaited<ReturnType<typeof signIn>>, tracking: string) {
  const r = await as('parcel:inspect', { scan: tracking, photoIds: [] });
  if (!r.ok) throw new Error(r.error.message);
  const v = r.value as { outcome: string; holdId: number };
  expect(v.outcome).toBe('HOLD');
  return v.holdId;
}

describe('hold decisions', () => {
  it('a supervisor releases with a reason; an inspector is refused by main; four-eyes refuses a self-release', async () => {
    const t = freshService();
    await importPack(t);
    const inspector = await signIn(t, 'ann', 'inspector');
    const boss = await signIn(t, 'wang', 'supervisor');
    const holdId = await holdParcel(inspector, 'SF529989826725');

    const refused = await inspector('hold:decide', { holdId, disposition: 'RELEASE', reason: 'looks fine' });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');

    const noReason = await boss('hold:decide', { holdId, disposition: 'RELEASE', reason: '' });
    expect(!noReason.ok && noReason.error.code).toBe('BAD_REQUEST');

    const released = await boss('hold:decide', { holdId, disposition: 'RELEASE', reason: 'Tag photographed again: unbranded notebook' });
    expect(released.ok && released.value).toMatchObject({ parcelStatus: 'RELEASED', hold: { status: 'RELEASED' }, decision: { decidedBy: 'wang' } });
    const again = await boss('hold:decide', { holdId, disposition: 'DESTROY', reason: 'changed my mind' });
    expect(!again.ok && again.error.code).toBe('CONFLICT');

    // The supervisor inspects a parcel himself: he may not release it too.
    const own = await holdParcel(boss, 'ZT884190506534');
    const self = await boss('hold:decide', { holdId: own, disposition: 'RELEASE', reason: 'my own parcel' });
    expect(!self.ok && self.error).toMatchObject({ code: 'FOUR_EYES', message: expect.stringContaining('another supervisor') });
    // Returning it is not a release: allowed.
    expect((await boss('hold:decide', { holdId: own, disposition: 'AWAIT_PROOF', reason: 'waiting for the invoice' })).ok).toBe(true);

    // Only an admin may switch four-eyes off; the switch is logged.
    expect(((await boss('settings:set', { fourEyes: false })) as { ok: boolean }).ok).toBe(false);
    const admin = await signIn(t, 'root', 'admin');
    expect((await admin('settings:set', { fourEyes: false })).ok).toBe(true);
    expect((await boss('hold:decide', { holdId: own, disposition: 'RELEASE', reason: 'invoice seen' })).ok).toBe(true);
    const audit = await t.sys('audit:list', { action: 'settings.four_eyes' });
    expect(audit.rows[0]).toMatchObject({ actor: 'root', details: { from: 'on', to: 'off' } });
    expect((await t.sys('audit:verify', {})).intact).toBe(true);
    await t.service.close();
  });
});

describe('outbound gate', () => {
  it('refuses held, never-inspected, returned and duplicate parcels with the reason and an alarm event', async () => {
    const t = freshService();
    await importPack(t);
    const ann = await signIn(t, 'ann', 'inspector');
    const boss = await signIn(t, 'wang', 'supervisor');
    const held = await holdParcel(ann, 'SF529989826725');
    await ann('hold:setLocation', { holdId: held, location: 'b-12' });
    const returned = await holdParcel(ann, 'ZT884190506534');
    await boss('hold:decide', { holdId: returned, disposition: 'RETURN', reason: 'counterfeit, back to seller' });
    const released = await holdParcel(ann, 'SF784187113400');
    await boss('hold:decide', { holdId: released, disposition: 'RELEASE', reason: 'proof of purchase checked' });

    const s = await ann('shipment:create', { destination: 'LAX', carrier: 'SF International' });
    const shipmentId = (s.ok && (s.value as { shipmentId: number }).shipmentId) as number;
    const add = (trackingNo: string) => ann('shipment:addParcel', { shipmentId, trackingNo });

    const r1 = await add('SF529989826725');
    expect(!r1.ok && r1.error).toMatchObject({ code: 'GATE_REFUSED', message: 'SF529989826725 is on hold at B-12 (UNREADABLE)' });
    expect(!(await add('ZT286912301555')).ok).toBe(true); // never inspected
    const r3 = await add('ZT884190506534');
    expect(!r3.ok && r3.error.message).toContain('returned to the seller');
    expect((await add('SF784187113400')).ok).toBe(true);
    const dup = await add('SF784187113400');
    expect(!dup.ok && dup.error.message).toContain('already on shipment');

    const alarms = await t.sys('audit:list', { action: 'shipment.refused' });
    expect(alarms.total).toBe(4);
    expect(alarms.rows.map((r) => r.entityId)).toContain('SF529989826725');

    // The database itself refuses, whatever code path tries.
    const db = rawEngine(t.dbFile);
    const heldParcel = (await db.read.get<{ id: number }>("SELECT id FROM parcels WHERE tracking_no = 'SF529989826725'"))!.id;
    await expect(db.read.run('INSERT INTO shipment_parcels (shipment_id, parcel_id, added_at, added_by) VALUES (?, ?, ?, 1)', [shipmentId, heldParcel, new Date().toISOString()])).rejects.toThrow(/GATE_REFUSED/);
    await expect(db.read.run("UPDATE parcels SET status = 'HELD' WHERE tracking_no = 'SF784187113400'")).rejects.toThrow(/GATE_REFUSED|LIFECYCLE/);
    await db.close();

    const closed = await boss('shipment:close', { shipmentId });
    expect(closed.ok).toBe(true);
    const m = closed.ok ? (closed.value as { csv: string; lines: { trackingNo: string }[] }) : null;
    expect(m?.lines.map((l) => l.trackingNo)).toEqual(['SF784187113400']);
    expect(m?.csv).toContain('SF784187113400,ORD700003');
    expect((await t.sys('parcel:lookup', { trackingNo: 'SF784187113400' })).parcel?.status).toBe('SHIPPED');
    await t.service.close();
  });

  it('a parcel held again while on an open shipment comes off it', async () => {
    const t = freshService();
    await importPack(t);
    const ann = await signIn(t, 'ann', 'inspector');
    const boss = await signIn(t, 'wang', 'supervisor');
    const h = await holdParcel(ann, 'SF784187113400');
    await boss('hold:decide', { holdId: h, disposition: 'RELEASE', reason: 'checked' });
    const s = await ann('shipment:create', { destination: 'LAX', carrier: 'SF' });
    const shipmentId = (s.ok && (s.value as { shipmentId: number }).shipmentId) as number;
    expect((await ann('shipment:addParcel', { shipmentId, trackingNo: 'SF784187113400' })).ok).toBe(true);
    await holdParcel(ann, 'SF784187113400');
    const m = await t.sys('shipment:manifest', { shipmentId });
    expect(m.lines).toEqual([]);
    expect((await t.sys('parcel:lookup', { trackingNo: 'SF784187113400' })).parcel?.status).toBe('HELD');
    await t.service.close();
  });
});

describe('hold queue, detail, audit export and reports', () => {
  it('filters holds, shows a parcel with its history, exports the audit chain, counts holds', async () => {
    const t = freshService();
    await importPack(t);
    const ann = await signIn(t, 'ann', 'inspector', 'S1');
    const bob = await signIn(t, 'bob', 'inspector', 'S2');
    const boss = await signIn(t, 'wang', 'supervisor');
    await holdParcel(ann, 'SF529989826725');
    await holdParcel(bob, 'ZT884190506534');
    const unknown = await bob('parcel:inspect', { scan: 'XX0000000000', photoIds: [] });
    expect(unknown.ok && (unknown.value as { findings: { code: string }[] }).findings.map((f) => f.code)).toEqual(['UNKNOWN_PARCEL']);

    const all = await boss('holds:list', {});
    expect(all.ok && (all.value as { total: number }).total).toBe(3);
    const s2 = await boss('holds:list', { station: 'S2' });
    expect(s2.ok && (s2.value as { rows: { trackingNo: string }[] }).rows.map((r) => r.trackingNo)).toEqual(['ZT884190506534', 'XX0000000000']);
    const byReason = await boss('holds:list', { reason: 'UNKNOWN_PARCEL' });
    expect(byReason.ok && (byReason.value as { total: number }).total).toBe(1);
    const byInspector = await boss('holds:list', { inspector: 'ann' });
    expect(byInspector.ok && (byInspector.value as { rows: { summary: string }[] }).rows[0].summary).toMatch(/photo/);
    expect(((await ann('holds:list', {})) as { ok: boolean }).ok).toBe(false);

    const detail = await boss('parcel:detail', { trackingNo: 'SF529989826725' });
    expect(detail.ok && detail.value).toMatchObject({ order: { orderNo: 'ORD700001' }, inspections: [{ inspector: 'ann', outcome: 'HOLD' }], holds: [{ status: 'OPEN', decisions: [] }] });

    const exp = await boss('audit:export', {});
    const csv = exp.ok ? (exp.value as { csv: string }).csv : '';
    expect(csv.split('\r\n')[0]).toBe('\uFEFFseq,at,actor,action,entity_type,entity_id,details,prev_hash,hash');
    expect(csv).toMatch(/,[0-9a-f]{64},[0-9a-f]{64}\r\n/);

    const rep = await boss('reports:summary', {});
    const summary = rep.ok ? (rep.value as { daily: { inspected: number; holds: number }[]; byReason: { code: string; holds: number }[] }) : null;
    expect(summary?.daily.at(-1)).toMatchObject({ inspected: 3, holds: 3 });
    expect(summary?.byReason).toEqual(expect.arrayContaining([{ code: 'UNREADABLE', holds: 2 }, { code: 'UNKNOWN_PARCEL', holds: 1 }]));
    await t.service.close();
  });
});
