// Which photos a station asks the inspector to retake, rather than holding the parcel for them.
import type { InspectionResult } from '../../../shared/api';
import type { Verdict } from '../../../shared/types';

/**
 * A person at a station (a signed-in caller, not the command line's batch) is asked to retake an
 * invoice whose seller could not be read, instead of the parcel being held for it: only when that
 * is the verdict's one reason to hold. The verdict still says HOLD, so nothing is cleared unread.
 */
export function retakeAtStation(verdict: Verdict, system: boolean): NonNullable<InspectionResult['retake']> {
  if (system || !verdict.retake.length) return [];
  if (!verdict.findings.every((f) => f.code === 'INVOICE_SELLER_MISMATCH')) return [];
  return verdict.retake.map((r) => ({ photoId: r.photoId, reason: r.reason }));
}
