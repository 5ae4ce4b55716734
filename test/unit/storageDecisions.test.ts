// The business decisions the storage used to make inside its SQL modules, now pure: the gate's refusal
// reasons, a hold decision's refusals (already decided, four eyes), what a disposition does, when a
// RETURN/DESTROY counts as counterfeit, what an inspection does to its parcel, and the report's arithmetic.
import { describe, expect, it } from 'vitest';
import { gateRefusal, mayLeave, type GateFacts } from '../../shared/gate';
import { decisionRefusal, DISPOSITION_STATUS, isCounterfeitDecision, isFinal, type DecisionFacts } from '../../shared/holds/decisions';
import { inspectionEffect, transitionRefusal, type InspectionFacts } from '../../shared/lifecycle';
import { decisionTimes, holdRate, hours, quantile } from '../../shared/reports';
import type { HoldDisposition, ParcelStatus } from '../../shared/types';

describe('the outbound gate', () => {
  const parcel = (f: Partial<GateFacts>): GateFacts => ({ trackingNo: 'SF1', status: 'CLEARED', openHold: null, shipmentId: null, ...f });
  it.each<[string, Partial<GateFacts>, string | null]>([
    ['cleared, on no shipment', {}, null],
    ['released by a supervisor', { status: 'RELEASED' }, null],
    ['never inspected', { status: null }, 'SF1 was never inspected'],
    ['on hold at a shelf', { status: 'HELD', openHold: { location: 'B-07', reasons: ['BRAND_LOOKALIKE', 'UNREADABLE'] } }, 'SF1 is on hold at B-07 (BRAND_LOOKALIKE, UNREADABLE)'],
    ['on hold, not yet shelved', { status: 'AWAITING_PROOF', openHold: { location: null, reasons: ['NO_CERTIFICATE'] } }, 'SF1 is on hold (NO_CERTIFICATE)'],
    // The hold is named before the shipment: a held parcel found on a shipment is first of all held.
    ['held and on a shipment', { status: 'HELD', openHold: { location: null, reasons: ['X'] }, shipmentId: 4 }, 'SF1 is on hold (X)'],
    ['already on another shipment', { shipmentId: 12 }, 'SF1 is already on shipment 12'],
    ['returned to the seller', { status: 'RETURNED' }, 'SF1 was returned to the seller'],
    ['destroyed', { status: 'DESTROYED' }, 'SF1 was destroyed'],
    ['new, never decided', { status: 'NEW' }, 'SF1 is not cleared (NEW)'],
    ['already shipped', { status: 'SHIPPED' }, 'SF1 is not cleared (SHIPPED)'],
  ])('%s', (_name, facts, why) => {
    expect(gateRefusal(parcel(facts))).toBe(why);
  });

  it('lets only cleared and released parcels leave', () => {
    const all: (ParcelStatus | null)[] = ['NEW', 'CLEARED', 'HELD', 'AWAITING_PROOF', 'RELEASED', 'RETURNED', 'DESTROYED', 'SHIPPED', null];
    expect(all.filter(mayLeave)).toEqual(['CLEARED', 'RELEASED']);
  });
});

describe('a decision on a hold', () => {
  const facts = (f: Partial<DecisionFacts>): DecisionFacts => ({ holdStatus: 'OPEN', disposition: 'RELEASE', fourEyes: true, deciderInspected: false, ...f });
  it.each<[string, Partial<DecisionFacts>, ReturnType<typeof decisionRefusal>]>([
    ['another supervisor releases', {}, null],
    ['the inspector releases with four eyes on', { deciderInspected: true }, 'fourEyes'],
    ['the inspector releases with four eyes off', { deciderInspected: true, fourEyes: false }, null],
    ['the inspector destroys (four eyes guards releases only)', { deciderInspected: true, disposition: 'DESTROY' }, null],
    ['the inspector asks for proof', { deciderInspected: true, disposition: 'AWAIT_PROOF' }, null],
    ['a hold waiting for proof is released', { holdStatus: 'AWAITING_PROOF' }, null],
    ['a released hold is decided again', { holdStatus: 'RELEASED', disposition: 'DESTROY' }, 'decided'],
    ['a destroyed hold is released by its inspector', { holdStatus: 'DESTROYED', deciderInspected: true }, 'decided'],
  ])('%s', (_name, f, refusal) => {
    expect(decisionRefusal(facts(f))).toBe(refusal);
  });

  it('moves hold and parcel to the same status, final except for waiting on proof', () => {
    const rows = (Object.keys(DISPOSITION_STATUS) as HoldDisposition[]).map((d) => [d, DISPOSITION_STATUS[d].hold, DISPOSITION_STATUS[d].parcel, isFinal(d)]);
    expect(rows).toEqual([
      ['RELEASE', 'RELEASED', 'RELEASED', true],
      ['RETURN', 'RETURNED', 'RETURNED', true],
      ['DESTROY', 'DESTROYED', 'DESTROYED', true],
      ['AWAIT_PROOF', 'AWAITING_PROOF', 'AWAITING_PROOF', false],
    ]);
  });

  it.each<[HoldDisposition, string[], boolean | undefined, boolean]>([
    ['RETURN', ['BRAND_LOOKALIKE'], undefined, true],
    ['RETURN', ['NO_CERTIFICATE'], undefined, false],
    ['DESTROY', ['NO_CERTIFICATE'], undefined, true], // destroyed goods are counterfeit unless prohibited
    ['DESTROY', ['PROHIBITED_CATEGORY'], undefined, false],
    ['DESTROY', ['BRAND_LOOKALIKE'], false, false], // the supervisor's word wins
    ['RETURN', ['NO_CERTIFICATE'], true, true],
    ['RELEASE', ['REPLICA_WORDING'], true, false], // a release never flags a seller
  ])('%s of a hold for %j (said: %s) is counterfeit: %s', (disposition, reasons, said, expected) => {
    expect(isCounterfeitDecision(disposition, reasons, said)).toBe(expected);
  });
});

describe('what an inspection does to its parcel', () => {
  const facts = (f: Partial<InspectionFacts>): InspectionFacts => ({ before: 'NEW', outcome: 'CLEAR', provisional: false, openHold: false, shipment: null, ...f });
  it.each<[string, Partial<InspectionFacts>, ParcelStatus, boolean, boolean]>([
    // name, facts, status after, off its shipment, new hold
    ['a new parcel cleared', {}, 'CLEARED', false, false],
    ['a new parcel held', { outcome: 'HOLD' }, 'HELD', false, true],
    ['held again while its hold is open: no second hold', { before: 'HELD', outcome: 'HOLD', openHold: true }, 'HELD', false, false],
    ['cleared while its hold is open stays held', { before: 'HELD', openHold: true }, 'HELD', false, false],
    ['cleared while waiting for proof keeps waiting', { before: 'AWAITING_PROOF', openHold: true }, 'AWAITING_PROOF', false, false],
    ['a released parcel cleared again stays released', { before: 'RELEASED' }, 'RELEASED', false, false],
    ['a released parcel held again gets a new hold', { before: 'RELEASED', outcome: 'HOLD' }, 'HELD', false, true],
    ['held on an open shipment: taken off, then held', { before: 'CLEARED', outcome: 'HOLD', shipment: 'OPEN' }, 'HELD', true, true],
    ['cleared on an open shipment stays on it', { before: 'CLEARED', shipment: 'OPEN' }, 'CLEARED', false, false],
    ['shipped parcels are settled', { before: 'SHIPPED', outcome: 'HOLD', shipment: 'CLOSED' }, 'SHIPPED', false, false],
    ['destroyed parcels are settled', { before: 'DESTROYED', outcome: 'HOLD' }, 'DESTROYED', false, false],
    ['a provisional hold changes nothing', { before: 'CLEARED', outcome: 'HOLD', provisional: true }, 'CLEARED', false, false],
    ['a provisional hold still takes the parcel off an open shipment', { before: 'CLEARED', outcome: 'HOLD', provisional: true, shipment: 'OPEN' }, 'CLEARED', true, false],
  ])('%s', (_name, f, status, off, newHold) => {
    expect(inspectionEffect(facts(f))).toEqual({ status, offShipment: off, newHold });
  });

  it('only ever asks for a change the lifecycle allows', () => {
    // Every effect that changes the status must be an allowed edge, given the facts it leaves behind.
    const statuses: ParcelStatus[] = ['NEW', 'CLEARED', 'HELD', 'AWAITING_PROOF', 'RELEASED', 'RETURNED', 'DESTROYED', 'SHIPPED'];
    for (const before of statuses)
      for (const outcome of ['CLEAR', 'HOLD'] as const)
        for (const openHold of [false, true]) {
          // Only states the database can be in: a parcel is HELD or AWAITING_PROOF exactly while its hold is undecided.
          if (openHold !== (before === 'HELD' || before === 'AWAITING_PROOF')) continue;
          const e = inspectionEffect(facts({ before, outcome, openHold }));
          if (e.status === before) continue;
          const hold = openHold || e.newHold;
          const why = transitionRefusal({ from: before, to: e.status, lastInspection: outcome, openHold: hold, lastHoldStatus: hold ? 'OPEN' : null, lastDecision: null, shipment: null, audited: true });
          expect({ before, outcome, openHold, to: e.status, why }).toEqual({ before, outcome, openHold, to: e.status, why: null });
        }
  });
});

describe('report arithmetic', () => {
  it.each([
    [[], 0.5, 0],
    [[5], 0.95, 5],
    [[4, 1, 3, 2], 0.5, 2], // nearest rank: the 2nd of 4
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
  ])('quantile of %j at %f is %d', (v, q, expected) => {
    expect(quantile(v, q)).toBe(expected);
  });

  it('rounds hours and hold rates', () => {
    expect(hours(90 * 60_000)).toBe(1.5);
    expect(hours(3600_000 / 3)).toBe(0.33);
    expect(holdRate(1, 3)).toBe(0.333);
    expect(holdRate(0, 0)).toBe(0);
  });

  it('times holds to their decision, per disposition in the order met', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3600_000).toISOString();
    const t = decisionTimes([
      { disposition: 'RELEASE', createdAt: at(0), decidedAt: at(2) },
      { disposition: 'DESTROY', createdAt: at(0), decidedAt: at(10) },
      { disposition: 'RELEASE', createdAt: at(1), decidedAt: at(5) },
    ]);
    expect(t).toEqual({
      decisions: [
        { disposition: 'RELEASE', count: 2, medianHours: 2, p95Hours: 4 },
        { disposition: 'DESTROY', count: 1, medianHours: 10, p95Hours: 10 },
      ],
      holdToDecision: { decided: 3, medianHours: 4, p95Hours: 10 },
    });
    expect(decisionTimes([])).toEqual({ decisions: [], holdToDecision: { decided: 0, medianHours: 0, p95Hours: 0 } });
  });
});
