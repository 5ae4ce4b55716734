// Holds as cases: clocks order the queue, proof requests come back to the top when overdue, documents
// are attached and checked, open requests export as CSV, reports count late decisions, rules replay.
import { describe, expect, it } from 'vitest';
import type { HoldRow, ProofRequestRow, ReplayResult } from '../../shared/api';
import { freshService, importPack } from '../helpers/service';
import { onePage } from '../helpers/pdfBytes';
import type { SqlStorage } from '../../electron/main/db/sqlStorage';
import { ordersWithDelivery, pastInspection, readOf, signIn, signInAgain } from '../helpers/holdCases';
import { packFile } from '../helpers/paths';
import { compareExpiry } from '../../shared/holds/clocks';

/** A clock the test moves: the service reads it at every call. */
function clock(iso: string) {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (s: string) => (now = new Date(s)) };
}

async function hold(as: Awaited<ReturnType<typeof signIn>>, tracking: string): Promise<number> {
  const r = await as('parcel:inspect', { scan: tracking, photoIds: [] });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { holdId: number }).holdId;
}

const queue = async (as: Awaited<ReturnType<typeof signIn>>, req: Record<string, unknown> = {}) => {
  const r = await as('holds:list', req);
  if (!r.ok) throw new Error(r.error.message);
  const rows = (r.value as { rows: HoldRow[]; total: number }).rows;
  // The SQL ranking agrees with the pure clocks the rows carry (a stable sort keeps ties oldest first).
  if (req.sort !== 'oldest') expect([...rows].sort((a, b) => compareExpiry(a.clocks, b.clocks))).toEqual(rows);
  return rows;
};

describe('hold clocks in the queue', () => {
  it('a hold whose return window closes in 40 hours sorts first and carries the warning', async () => {
    const c = clock('2026-11-10T00:00:00.000Z'); // Tuesday 08:00 in the warehouse
    const t = freshService({ now: c.now });
    await importPack(t);
    // SF784187113400 was delivered on 4 November: its 7 days end at midnight on the 11th, 40 hours away.
    await t.sys('data:import', { orders: ordersWithDelivery({ SF784187113400: '2026-11-04' }) });
    const ann = await signIn(t, 'ann', 'inspector');
    const boss = await signIn(t, 'wang', 'supervisor');
    await hold(ann, 'SF529989826725');
    await hold(ann, 'ZT884190506534');
    await hold(ann, 'SF784187113400'); // held last, so oldest-first puts it last

    const rows = await queue(boss);
    expect(rows.map((r) => r.trackingNo)).toEqual(['SF784187113400', 'SF529989826725', 'ZT884190506534']);
    expect(rows[0].clocks).toMatchObject({ returnWarning: true, returnFrom: 'delivery', next: { kind: 'RETURN_WINDOW', hoursLeft: 40, deadline: '2026-11-11T16:00:00.000Z' } });
    // Without a delivery date the window counts from the first inspection: 7 days and 16 hours away.
    expect(rows[1].clocks).toMatchObject({ returnWarning: false, returnFrom: 'inspection', next: { kind: 'RETURN_WINDOW', hoursLeft: 184 } });
    expect((await queue(boss, { sort: 'oldest' })).map((r) => r.trackingNo)).toEqual(['SF529989826725', 'ZT884190506534', 'SF784187113400']);
    expect((await queue(boss, { expiresWithinHours: 48 })).map((r) => r.trackingNo)).toEqual(['SF784187113400']);

    // The detail shows the same clocks.
    const detail = await boss('parcel:detail', { trackingNo: 'SF784187113400' });
    expect(detail.ok && (detail.value as { holds: HoldRow[] }).holds[0].clocks?.returnWarning).toBe(true);
    await t.service.close();
  });
});

describe('proof requests', () => {
  it('records what was asked of whom until when; past its deadline the hold returns to the top', async () => {
    const c = clock('2026-11-10T00:00:00.000Z');
    const t = freshService({ now: c.now });
    await importPack(t);
    let ann = await signIn(t, 'ann', 'inspector');
    let boss = await signIn(t, 'wang', 'supervisor');
    const admin = await signIn(t, 'root', 'admin');

    // Thursday 12 November is a holiday: three working days from Tuesday end on Monday the 16th.
    const holidays = { name: 'holidays.csv', bytes: new TextEncoder().encode('date,name,type\n2026-11-12,测试假日,holiday\n') };
    expect((await boss('holidays:import', { file: holidays })).ok).toBe(false); // admins only
    expect(await admin('holidays:import', { file: holidays })).toMatchObject({ ok: true, value: { inserted: 1 } });

    const waiting = await hold(ann, 'SF529989826725');
    const decided = await boss('hold:decide', { holdId: waiting, disposition: 'AWAIT_PROOF', reason: 'Customer to send the invoice', proof: { asked: ['INVOICE'], customer: '=HYPERLINK("x")' } });
    expect(decided.ok).toBe(true);
    const detail = await boss('parcel:detail', { trackingNo: 'SF529989826725' });
    const request = (detail.ok && (detail.value as { proofRequests: ProofRequestRow[] }).proofRequests[0]) as ProofRequestRow;
    expect(request).toMatchObject({ asked: ['INVOICE'], customer: '=HYPERLINK("x")', requestedBy: 'wang', requestedAt: '2026-11-10T00:00:00.000Z', deadline: '2026-11-16T16:00:00.000Z', status: 'OPEN' });
    // Asked without saying what: the hold's reasons choose (UNREADABLE → the brand's purchase record), of the order's customer.
    const other = await hold(ann, 'ZT884190506534');
    await boss('hold:decide', { holdId: other, disposition: 'AWAIT_PROOF', reason: 'photos unclear, ask the customer' });
    const otherReq = await boss('parcel:detail', { trackingNo: 'ZT884190506534' });
    expect(otherReq.ok && (otherReq.value as { proofRequests: ProofRequestRow[] }).proofRequests[0]).toMatchObject({ asked: ['PURCHASE_RECORD'], customer: 'C98603' });

    // A week later: the first request is overdue, and a new hold's return window closes within 48 hours.
    c.set('2026-11-17T00:00:00.000Z');
    // A week without use ends every session: both sign in again.
    ann = await signInAgain(t, 'ann');
    boss = await signInAgain(t, 'wang');
    await t.sys('data:import', { orders: ordersWithDelivery({ SF784187113400: '2026-11-11' }) });
    await hold(ann, 'SF784187113400');
    const rows = await queue(boss);
    expect(rows.map((r) => r.trackingNo)).toEqual(['SF529989826725', 'ZT884190506534', 'SF784187113400']);
    expect(rows[0].clocks).toMatchObject({ proofOverdue: true });
    expect(rows[2].clocks).toMatchObject({ returnWarning: true });

    // Open requests for customer service: formula-looking cells are quoted as text.
    const csv = await boss('proofs:export', {});
    const text = csv.ok ? (csv.value as { csv: string }).csv : '';
    expect(text.split('\r\n')[0]).toBe('\uFEFFtracking_no,order_no,customer,asked,asked_zh,requested_at,requested_by,deadline,hours_left,overdue,documents_received,note');
    expect(text).toContain(`SF529989826725,ORD700001,"'=HYPERLINK(""x"")",commercial invoice,商业发票,2026-11-10T00:00:00.000Z,wang,2026-11-16T16:00:00.000Z,0,yes,0,Customer to send the invoice\r\n`);

    // A document arrives: a damaged PDF is refused with the reason; a good one is hashed and stored.
    const bad = await boss('proof:attach', { requestId: request.requestId, bytes: new TextEncoder().encode('%PDF-1.4\n1 0 obj\n'), name: 'invoice.pdf' });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'PHOTO_REJECTED', key: 'pdfTruncated', message: expect.stringContaining('invoice.pdf') });
    const js = await boss('proof:attach', { requestId: request.requestId, bytes: onePage({ catalog: '/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >>' }), name: 'x.pdf' });
    expect(!js.ok && js.error.key).toBe('pdfScript');
    const pdf = onePage();
    const got = await boss('proof:attach', { requestId: request.requestId, bytes: pdf, name: 'invoice.pdf' });
    expect(got.ok && got.value).toMatchObject({ status: 'RECEIVED', documents: [{ mime: 'application/pdf', name: 'invoice.pdf', receivedBy: 'wang', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    const file = await boss('photo:get', { photoId: (got.ok && (got.value as ProofRequestRow).documents[0].sha256) as string });
    expect(file.ok && Buffer.from((file.value as { bytes: Uint8Array }).bytes).equals(Buffer.from(pdf))).toBe(true);
    // Proof received: no longer overdue, so it leaves the top (its return window still closes first of the rest).
    const after = await queue(boss);
    expect(after.map((r) => r.trackingNo)).toEqual(['ZT884190506534', 'SF529989826725', 'SF784187113400']);
    expect(after[1].clocks).toMatchObject({ proofOverdue: false, returnWarning: true });

    // Re-inspection with the received documents is a new verdict (the PDF is kept, not read).
    const again = await boss('proof:reinspect', { holdId: waiting });
    expect(again.ok && again.value).toMatchObject({ trackingNo: 'SF529989826725', outcome: 'HOLD' });

    // Decided after the return window ran out (the proof had arrived in time): counted late for the return window only.
    c.set('2026-11-18T00:00:00.000Z');
    boss = await signInAgain(t, 'wang');
    await boss('hold:decide', { holdId: waiting, disposition: 'RETURN', reason: 'invoice does not match the seller' });
    const rep = await boss('reports:summary', { from: '2026-11-01', to: '2026-11-30' });
    expect(rep.ok && (rep.value as { lateDecisions: unknown }).lateDecisions).toEqual({ decided: 1, late: 1, byClock: [{ kind: 'RETURN_WINDOW', holds: 1 }] });
    const closed = await boss('parcel:detail', { trackingNo: 'SF529989826725' });
    expect(closed.ok && (closed.value as { proofRequests: ProofRequestRow[] }).proofRequests[0].status).toBe('CLOSED');
    expect((await t.sys('audit:list', { action: 'proof.request' })).total).toBe(2);
    expect((await t.sys('audit:verify', {})).intact).toBe(true);
    await t.service.close();
  });

  it('clock settings are admin-only, validated, logged and used', async () => {
    const t = freshService({ now: () => new Date('2026-11-10T00:00:00.000Z') });
    const boss = await signIn(t, 'wang', 'supervisor');
    const admin = await signIn(t, 'root', 'admin');
    expect((await boss('settings:set', { clocks: { proofWorkingDays: 5 } })).ok).toBe(false);
    const bad = await admin('settings:set', { clocks: { storageFreeDays: 100, abandonmentDays: 90 } });
    expect(!bad.ok && bad.error.message).toContain('abandonmentDays (90) must be more than storageFreeDays (100)');
    const ok = await admin('settings:set', { clocks: { proofWorkingDays: 5 } });
    expect(ok.ok && ok.value).toMatchObject({ fourEyes: true, clocks: { returnWindowDays: 7, proofWorkingDays: 5, storageFreeDays: 14, abandonmentDays: 90 } });
    expect((await t.sys('audit:list', { action: 'settings.clocks' })).rows[0]).toMatchObject({ actor: 'root', details: { to: { proofWorkingDays: 5 } } });
    await t.service.close();
  });
});

describe('replaying the rules', () => {
  it('after a clone mark is added to the registry, lists exactly the past parcels that carried it, shipped first, changing nothing', async () => {
    const t = freshService({ now: () => new Date('2026-11-10T00:00:00.000Z') });
    await importPack(t);
    const photo = (n: number) => String(n).repeat(64).slice(0, 64).replace(/[^0-9a-f]/g, 'a');
    // Past inspections, as stored: two parcels carried the mark "PUMA LUXE" nobody knew then.
    const a = await pastInspection(t, 'SF529989826725', [readOf(photo(1), ['PUMA LUXE', 'NOTEBOOK A5 80 SHEETS'])], '2026-11-01T02:00:00.000Z');
    const b = await pastInspection(t, 'ZT884190506534', [readOf(photo(2), ['CLEAR PHONE CASE', 'TPU 6.1 INCH'])], '2026-11-02T02:00:00.000Z');
    const c = await pastInspection(t, 'SF784187113400', [readOf(photo(3), ['CANVAS TOTE', 'PUMA LUXE'])], '2026-11-03T02:00:00.000Z');
    expect([a.outcome, b.outcome, c.outcome]).toEqual(['CLEAR', 'CLEAR', 'CLEAR']);
    // The third one has left the warehouse.
    const s = await t.sys('shipment:create', { destination: 'LAX', carrier: 'SF' });
    await t.sys('shipment:addParcel', { shipmentId: s.shipmentId, trackingNo: 'SF784187113400' });
    await t.sys('shipment:close', { shipmentId: s.shipmentId });

    expect((await t.sys('rules:replay', {})).changes).toEqual([]);

    const brands = JSON.parse(new TextDecoder().decode(packFile('brands.json').bytes)) as { id: string; aliases: string[] }[];
    brands.find((x) => x.id === 'nike')!.aliases.push('PUMA LUXE');
    await t.sys('data:import', { brands: { name: 'brands.json', bytes: new TextEncoder().encode(JSON.stringify(brands)) } });
    const db = (t.service.storage as SqlStorage).engine.read;
    const snapshot = async () => JSON.stringify([await db.all('SELECT * FROM parcels ORDER BY id'), await db.all('SELECT id, outcome, reasons FROM inspections ORDER BY id')]);
    const stored = await snapshot();

    const r: ReplayResult = await t.sys('rules:replay', {});
    expect(r.replayed).toBe(3);
    expect(r.changes.map((x) => [x.trackingNo, x.shippedNowHeld, x.old.outcome, x.new.outcome, x.new.reasons])).toEqual([
      ['SF784187113400', true, 'CLEAR', 'HOLD', ['BRAND_UNDECLARED']],
      ['SF529989826725', false, 'CLEAR', 'HOLD', ['BRAND_UNDECLARED']],
    ]);
    expect(await snapshot()).toBe(stored);
    // Since a date: only what was inspected from then on (warehouse days).
    expect((await t.sys('rules:replay', { since: '2026-11-02' })).changes.map((x) => x.trackingNo)).toEqual(['SF784187113400']);
    // A given ruleset: prohibiting stationery changes the notebook's verdict too.
    const strict = { approvedChannels: [], storeChannels: [], prohibitedCategories: ['stationery'], readable: { minChars: 4, minWordConfidence: 60 }, minLookalikeConfidence: 50 };
    const given: ReplayResult = await t.sys('rules:replay', { ruleset: strict });
    expect(given.rulesetVersion).toBe('given');
    expect(given.changes.find((x) => x.trackingNo === 'SF529989826725')?.new.reasons).toContain('PROHIBITED_CATEGORY');
    const broken = await t.service.call('rules:replay', { ruleset: { approvedChannels: [] } }, { system: 'test' });
    expect(!broken.ok && broken.error.message).toContain('ruleset.storeChannels');
    await t.service.close();
  });
});
