// The parcel lifecycle as a pure state machine: which status changes are allowed, and what must
// justify each one. Migration 003 enforces the very same rules as SQLite triggers; a test runs one
// table through both and compares (test/integration/lifecycle.test.ts).
import type { HoldDisposition, HoldStatus, ParcelStatus } from './types';

export const PARCEL_STATUSES: readonly ParcelStatus[] = ['NEW', 'CLEARED', 'HELD', 'AWAITING_PROOF', 'RELEASED', 'RETURNED', 'DESTROYED', 'SHIPPED'];

/** The allowed edges. RETURNED, DESTROYED and SHIPPED are final. */
export const TRANSITIONS: Readonly<Record<ParcelStatus, readonly ParcelStatus[]>> = {
  NEW: ['CLEARED', 'HELD'],
  CLEARED: ['HELD', 'SHIPPED'],
  HELD: ['AWAITING_PROOF', 'RELEASED', 'RETURNED', 'DESTROYED'],
  AWAITING_PROOF: ['RELEASED', 'RETURNED', 'DESTROYED'],
  RELEASED: ['HELD', 'SHIPPED'],
  RETURNED: [],
  DESTROYED: [],
  SHIPPED: [],
};

/** What the database knows about a parcel at the moment its status changes. */
export interface TransitionFacts {
  from: ParcelStatus;
  to: ParcelStatus;
  /** Outcome of the parcel's latest inspection. */
  lastInspection: 'CLEAR' | 'HOLD' | null;
  /** The parcel has an undecided hold (OPEN or AWAITING_PROOF). */
  openHold: boolean;
  /** Status of the parcel's latest hold, and the latest decision taken on it. */
  lastHoldStatus: HoldStatus | null;
  lastDecision: HoldDisposition | null;
  /** The shipment the parcel is on, if any. */
  shipment: 'OPEN' | 'CLOSED' | null;
  /** The change carries the newest audit event, and that event names this parcel (or closes its shipment). */
  audited: boolean;
}

const DECIDED: Partial<Record<ParcelStatus, { hold: HoldStatus; decision: HoldDisposition }>> = {
  AWAITING_PROOF: { hold: 'AWAITING_PROOF', decision: 'AWAIT_PROOF' },
  RELEASED: { hold: 'RELEASED', decision: 'RELEASE' },
  RETURNED: { hold: 'RETURNED', decision: 'RETURN' },
  DESTROYED: { hold: 'DESTROYED', decision: 'DESTROY' },
};

/** Why this status change is refused, in plain words, or null when it is allowed. */
export function transitionRefusal(f: TransitionFacts): string | null {
  if (f.from === f.to) return null;
  if (!TRANSITIONS[f.from].includes(f.to)) return `a parcel cannot go from ${f.from} to ${f.to}`;
  if (!f.audited) return 'a status change must be written with its audit event';
  switch (f.to) {
    case 'CLEARED':
      if (f.lastInspection !== 'CLEAR') return 'cleared only by an inspection that cleared it';
      if (f.openHold) return 'a parcel with an undecided hold cannot be cleared';
      return null;
    case 'HELD':
      if (!f.openHold || f.lastHoldStatus !== 'OPEN') return 'held only with an open hold';
      if (f.shipment) return 'a parcel on a shipment cannot be held; take it off first';
      return null;
    case 'SHIPPED':
      if (f.shipment !== 'CLOSED') return 'shipped only as a line of a closed shipment';
      if (f.openHold) return 'a parcel with an undecided hold cannot be shipped';
      return null;
    default: {
      const need = DECIDED[f.to];
      if (!need || f.lastHoldStatus !== need.hold || f.lastDecision !== need.decision) return `${f.to} only by a supervisor's decision on its hold`;
      return null;
    }
  }
}

/** The hold side: an undecided hold may be decided (with its decision row); a decided hold never changes. */
export const HOLD_TRANSITIONS: Readonly<Record<HoldStatus, readonly HoldStatus[]>> = {
  OPEN: ['AWAITING_PROOF', 'RELEASED', 'RETURNED', 'DESTROYED'],
  AWAITING_PROOF: ['RELEASED', 'RETURNED', 'DESTROYED'],
  RELEASED: [],
  RETURNED: [],
  DESTROYED: [],
};

/** What the database knows about a parcel when an inspection of it is recorded. */
export interface InspectionFacts {
  /** Its status before (NEW for a parcel seen for the first time). */
  before: ParcelStatus;
  outcome: 'CLEAR' | 'HOLD';
  /** A person is asked to retake a photo: the inspection is recorded, the verdict does not count yet. */
  provisional: boolean;
  /** It already has an undecided hold (OPEN or AWAITING_PROOF). */
  openHold: boolean;
  /** The shipment it is on, if any. */
  shipment: 'OPEN' | 'CLOSED' | null;
}

/** What the inspection does to the parcel. */
export interface InspectionEffect {
  /** Its status afterwards (unchanged when settled or provisional). */
  status: ParcelStatus;
  /** Held again while waiting on an open shipment: it comes off the shipment before it is held. */
  offShipment: boolean;
  /** A new hold is opened (a counted HOLD verdict and no undecided hold yet). */
  newHold: boolean;
}

export function inspectionEffect(f: InspectionFacts): InspectionEffect {
  // A parcel already decided (shipped, returned, destroyed) keeps its status; re-inspection is recorded only.
  const settled = f.before === 'SHIPPED' || f.before === 'RETURNED' || f.before === 'DESTROYED' || f.shipment === 'CLOSED';
  let status: ParcelStatus;
  if (settled || f.provisional) status = f.before;
  else if (f.outcome === 'HOLD' || f.openHold) status = f.before === 'AWAITING_PROOF' && f.openHold ? 'AWAITING_PROOF' : 'HELD';
  else status = f.before === 'RELEASED' ? 'RELEASED' : 'CLEARED';
  return {
    status,
    offShipment: f.outcome === 'HOLD' && f.shipment === 'OPEN' && !settled,
    newHold: f.outcome === 'HOLD' && !f.provisional && !f.openHold && status === 'HELD',
  };
}
