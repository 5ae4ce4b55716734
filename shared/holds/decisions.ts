// A supervisor's decision on a hold as pure rules: which holds may still be decided, the four-eyes
// rule, what each disposition does to the hold and the parcel, and when a RETURN or DESTROY counts as
// counterfeit (the seller is then remembered). The storage reads the facts and applies the result.
import type { HoldDisposition, HoldStatus, ParcelStatus, ReasonCode } from '../types';
import { COUNTERFEIT_REASON_CODES } from '../rules/ruleList';

/** What each disposition makes of the hold and of its parcel. */
export const DISPOSITION_STATUS: Readonly<Record<HoldDisposition, { hold: HoldStatus; parcel: ParcelStatus }>> = {
  RELEASE: { hold: 'RELEASED', parcel: 'RELEASED' },
  RETURN: { hold: 'RETURNED', parcel: 'RETURNED' },
  DESTROY: { hold: 'DESTROYED', parcel: 'DESTROYED' },
  AWAIT_PROOF: { hold: 'AWAITING_PROOF', parcel: 'AWAITING_PROOF' },
};

/** A hold still waiting for a decision (waiting for proof is not a final decision). */
export function isUndecided(status: HoldStatus): boolean {
  return status === 'OPEN' || status === 'AWAITING_PROOF';
}

/** A final decision closes the hold (decided_at, decided_by); waiting for proof keeps it open. */
export function isFinal(disposition: HoldDisposition): boolean {
  return disposition !== 'AWAIT_PROOF';
}

export interface DecisionFacts {
  holdStatus: HoldStatus;
  disposition: HoldDisposition;
  /** The four-eyes rule is on (a setting). */
  fourEyes: boolean;
  /** The deciding supervisor inspected this parcel at some point. */
  deciderInspected: boolean;
}

/**
 * Why the decision is refused, or null: a hold already decided takes no other decision, and with the
 * four-eyes rule on, whoever inspected a parcel cannot also release it.
 */
export function decisionRefusal(f: DecisionFacts): 'decided' | 'fourEyes' | null {
  if (!isUndecided(f.holdStatus)) return 'decided';
  if (f.disposition === 'RELEASE' && f.fourEyes && f.deciderInspected) return 'fourEyes';
  return null;
}

/** Reasons that make a RETURN or DESTROY a counterfeit decision, unless the supervisor says otherwise. */
export const COUNTERFEIT_REASONS: readonly ReasonCode[] = COUNTERFEIT_REASON_CODES;

/**
 * A RETURN or DESTROY is "as counterfeit" when the supervisor says so, or (not saying) when the hold
 * had a counterfeit reason, or it is a DESTROY of goods not held as a prohibited category.
 */
export function isCounterfeitDecision(disposition: HoldDisposition, reasons: readonly string[], explicit: boolean | undefined): boolean {
  if (disposition !== 'RETURN' && disposition !== 'DESTROY') return false;
  if (explicit !== undefined) return explicit;
  if (reasons.some((r) => (COUNTERFEIT_REASONS as readonly string[]).includes(r))) return true;
  return disposition === 'DESTROY' && !reasons.includes('PROHIBITED_CATEGORY');
}
