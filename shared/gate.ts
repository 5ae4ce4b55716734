// The outbound gate's rule in plain words: why a parcel may not leave, decided from the facts the
// storage reads. The database triggers enforce the same on every path and under any race; this
// gives the person at the gate the reason.
import type { ParcelStatus } from './types';

export interface GateFacts {
  trackingNo: string;
  /** The parcel's status; null when it was never inspected. */
  status: ParcelStatus | null;
  /** Its undecided hold (OPEN or AWAITING_PROOF), with the shelf and the stored reason codes. */
  openHold: { location: string | null; reasons: readonly string[] } | null;
  /** The shipment the parcel is already on, open or closed. */
  shipmentId: number | null;
}

/** Why the parcel may not go onto a shipment, or null when it may. */
export function gateRefusal(f: GateFacts): string | null {
  const t = f.trackingNo;
  if (f.status === null) return `${t} was never inspected`;
  if (f.openHold) return `${t} is on hold${f.openHold.location ? ` at ${f.openHold.location}` : ''} (${f.openHold.reasons.join(', ')})`;
  if (f.shipmentId !== null) return `${t} is already on shipment ${f.shipmentId}`;
  if (f.status === 'RETURNED') return `${t} was returned to the seller`;
  if (f.status === 'DESTROYED') return `${t} was destroyed`;
  if (!mayLeave(f.status)) return `${t} is not cleared (${f.status})`;
  return null;
}

/** The statuses a parcel may leave with; another station's gate may still be holding it up. */
export function mayLeave(status: ParcelStatus | null | undefined): boolean {
  return status === 'CLEARED' || status === 'RELEASED';
}
