// The clock days stored on each undecided hold (migration 11 / pg 6) equal, after every write that
// changes their facts, what the pure clocks compute from those facts from scratch; and the queue's
// "expires soonest" pages, read from those days, are the whole queue in compareExpiry's order.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HoldRow } from '../../shared/api';
import { clocksOf, compareExpiry, type ClockKind, type ClockSettings } from '../../shared/holds/clocks';
import { addDays, localDate } from '../../shared/holds/workingDays';
import { freshService, rawEngine, type TestService } from '../helpers/service';
import { importPack } from '../helpers/service';
import { ordersWithDelivery, signIn, signInAgain } from '../helpers/holdCases';
import { PUBLIC_PACK } from '../helpers/paths';
import { onePage } from '../helpers/pdfBytes';

interface Stored {
  id: number;
  return_day: string | null;
  free_day: string | null;
  abandon_day: string | null;
  proof_day: string | null;
  delivery_date: string | null;
  arrived_at: string;
  proof_deadline: string | null;
}

const COLUMN: Record<ClockKind, keyof Stored> = { RETURN_WINDOW: 'return_day', STORAGE_FREE: 'free_day', ABANDONMENT: 'abandon_day', PROOF: 'proof_day' };

/** Every undecided hold's stored days beside the days the pure clocks give for its facts (a clock ends with the day before its deadline's local day). */
async function storedAndRecomputed(t: TestService, settings: ClockSettings, now: Date) {
  const db = rawEngine(t.dbFile, { owner: true });
  try {
    const rows = await db.read.all<Stored>(
      `SELECT h.id, h.return_day, h.free_day, h.abandon_day, h.proof_day, o.delivery_date, p.created_at AS arrived_at,
              (SELECT pr.deadline FROM proof_requests pr WHERE pr.hold_id = h.id AND pr.status = 'OPEN') AS proof_deadline
       FROM holds h JOIN parcels p ON p.id = h.parcel_id LEFT JOIN orders o ON o.tracking_no = p.tracking_no
       WHERE h.status IN ('OPEN', 'AWAITING_PROOF') ORDER BY h.id`,
    );
    const stored = rows.map((r) => ({ id: Number(r.id), return_day: r.return_day, free_day: r.free_day, abandon_day: r.abandon_day, proof_day: r.proof_day }));
    const recomputed = rows.map((r) => {
      const c = clocksOf({ deliveryDate: r.delivery_date, firstInspectedAt: r.arrived_at, proofDeadline: r.proof_deadline }, settings, now);
      const days: Record<string, unknown> = { id: Number(r.id), return_day: null, free_day: null, abandon_day: null, proof_day: null };
      for (const k of c.clocks) days[COLUMN[k.kind]] = addDays(localDate(k.deadline), -1);
      return days;
    });
    // A decided hold has no clock: its days are cleared, so the day indexes hold the queue alone.
    const decidedWithDays = await db.read.get<{ n: number }>(
      "SELECT count(*) AS n FROM holds WHERE status NOT IN ('OPEN', 'AWAITING_PROOF') AND (return_day IS NOT NULL OR free_day IS NOT NULL OR abandon_day IS NOT NULL OR proof_day IS NOT NULL)",
    );
    expect(Number(decidedWithDays?.n)).toBe(0);
    return { stored, recomputed, deliveries: rows.filter((r) => r.delivery_date).length, proofs: rows.filter((r) => r.proof_deadline).length };
  } finally {
    await db.close();
  }
}

describe('hold clock days stored on the hold', () => {
  it('stay equal to a recomputation from scratch through imports, proof requests, holidays and settings changes; the queue pages in expiry order', async () => {
    let now = new Date('2026-11-10T00:00:00.000Z');
    const t = freshService({ now: () => new Date(now) });
    await importPack(t);
    await signIn(t, 'ann', 'inspector');
    await signIn(t, 'wang', 'supervisor');
    await signIn(t, 'root', 'admin');
    // The clock moves by days: each call signs in afresh (sessions end after idle time).
    const as = (name: string) => async (channel: Parameters<typeof t.service.call>[0], req: unknown) => (await signInAgain(t, name))(channel, req);
    const [ann, boss, admin] = [as('ann'), as('wang'), as('root')];
    const settings = async () => (await t.sys('settings:get', {})).clocks;
    const check = async (step: string) => {
      const s = await storedAndRecomputed(t, await settings(), now);
      expect(s.stored.length, step).toBeGreaterThan(0);
      expect(s.stored, step).toEqual(s.recomputed);
      return s;
    };
    const trackings = fs
      .readFileSync(path.join(PUBLIC_PACK, 'orders.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1, 9)
      .map((l) => l.split(',')[1]);
    const holds: number[] = [];
    for (const [i, tracking] of trackings.entries()) {
      // Arrivals spread over days, so the holds' clocks differ.
      now = new Date(Date.parse('2026-11-10T00:00:00.000Z') + i * 29 * 3600_000);
      const r = await ann('parcel:inspect', { scan: tracking, photoIds: [] });
      if (!r.ok) throw new Error(r.error.message);
      holds.push((r.value as { holdId: number }).holdId);
    }
    await check('holds opened');

    // Delivery dates arrive with an order import: the return windows of those holds move.
    await t.sys('data:import', { orders: ordersWithDelivery({ [trackings[1]]: '2026-11-09', [trackings[4]]: '2026-11-12' }) });
    expect((await check('delivery dates imported')).deliveries).toBe(2);

    // A proof request gives a proof day; a second hold waits for proof too.
    for (const h of [holds[2], holds[5]]) expect((await boss('hold:decide', { holdId: h, disposition: 'AWAIT_PROOF', reason: 'ask the customer' })).ok).toBe(true);
    expect((await check('proof requested')).proofs).toBe(2);

    // A holiday list imported later does not move a deadline already given to a customer.
    const holidays = { name: 'holidays.csv', bytes: new TextEncoder().encode('date,name,type\n2026-11-17,测试假日,holiday\n') };
    expect((await admin('holidays:import', { file: holidays })).ok).toBe(true);
    await check('holidays imported');

    // Proof received: no proof clock any more.
    const detail = await boss('parcel:detail', { trackingNo: trackings[2] });
    const requestId = detail.ok ? (detail.value as { proofRequests: { requestId: number }[] }).proofRequests[0].requestId : 0;
    const pdf = onePage({ text: 'Invoice' });
    expect((await boss('proof:attach', { requestId, bytes: pdf, name: 'invoice.pdf' })).ok).toBe(true);
    expect((await check('proof received')).proofs).toBe(1);

    // The administrator changes the clocks: every undecided hold follows.
    const set = await admin('settings:set', { clocks: { returnWindowDays: 10, storageFreeDays: 5, abandonmentDays: 30 } });
    expect(set.ok).toBe(true);
    await check('settings changed');

    // Decided holds leave the queue's clocks; a new delivery date after that still reaches the rest.
    expect((await boss('hold:decide', { holdId: holds[0], disposition: 'RETURN', reason: 'no proof of origin' })).ok).toBe(true);
    await t.sys('data:import', { orders: ordersWithDelivery({ [trackings[1]]: '2026-11-09', [trackings[4]]: '2026-11-12', [trackings[6]]: '2026-11-14' }) });
    expect((await check('decided, then more delivery dates')).stored.length).toBe(holds.length - 1);

    // The queue in expiry order, page by page, at several moments: the whole undecided set, each
    // page in compareExpiry's order (overdue proof, return closing, soonest clock, all run out).
    let seenWithin = 0;
    for (const at of ['2026-11-13T00:00:00.000Z', '2026-11-20T12:00:00.000Z', '2026-12-30T00:00:00.000Z']) {
      now = new Date(at);
      const all = await t.sys('holds:list', { status: 'undecided', page: { offset: 0, limit: 200 } });
      expect(all.total).toBe(holds.length - 1);
      const order = [...all.rows].sort((a, b) => compareExpiry(a.clocks, b.clocks) || a.createdAt.localeCompare(b.createdAt) || a.holdId - b.holdId);
      expect(all.rows.map((r) => r.holdId), at).toEqual(order.map((r) => r.holdId));
      const paged: HoldRow[] = [];
      for (let offset = 0; offset < all.total; offset += 2) paged.push(...(await t.sys('holds:list', { status: 'undecided', page: { offset, limit: 2 } })).rows);
      expect(paged.map((r) => r.holdId), at).toEqual(order.map((r) => r.holdId));
      const within = await t.sys('holds:list', { status: 'undecided', expiresWithinHours: 72, page: { offset: 0, limit: 200 } });
      // "Within 72 h": proof overdue, or a running clock whose deadline's local day is no later than that of now + 72 h.
      const reach = localDate(new Date(now.getTime() + 72 * 3600_000));
      const expected = order.filter((r) => r.clocks && (r.clocks.proofOverdue || (r.clocks.next !== null && localDate(r.clocks.next.deadline) <= reach)));
      expect(within.rows.map((r) => r.holdId), at).toEqual(expected.map((r) => r.holdId));
      seenWithin += expected.length;
      expect(within.total).toBe(within.rows.length);
    }
    expect(seenWithin).toBeGreaterThan(0);
  });
});
