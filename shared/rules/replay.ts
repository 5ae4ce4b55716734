// Replaying the rules: the current (or a given) ruleset and registry over what past inspections
// read, without reading any photo again. Brand marks are matched again on the stored words and
// barcodes, so a mark added to the registry since is found. The facts come from the same
// gatherFacts() as a live inspection (electron/main/service/gatherFacts.ts); this module compares.
import { z } from 'zod';
import type { ReplayChange } from '../api';
import { BrandMatcher } from '../reading/brandMatcher';
import type { Outcome, ParcelStatus, PhotoRead, ReasonCode, Verdict } from '../types';
import type { RulesetDefinition } from './ruleset';

export interface ReplayInput {
  inspectionId: number;
  trackingNo: string;
  parcelStatus: ParcelStatus;
  inspectedAt: string;
  outcome: Outcome;
  reasons: ReasonCode[];
  rulesetVersion: number;
  reads: PhotoRead[];
}

/** A ruleset file as given to `replay --ruleset`: every field of the definition, checked. */
export const RULESET_SCHEMA = z.object({
  approvedChannels: z.array(z.string()),
  storeChannels: z.array(z.string()),
  prohibitedCategories: z.array(z.string()),
  readable: z.object({ minChars: z.number().int().min(0), minWordConfidence: z.number().min(0).max(100) }),
  minLookalikeConfidence: z.number().min(0).max(100),
}) satisfies z.ZodType<RulesetDefinition>;

/** The same read with its brand hits found again by this matcher (a damaged photo stays as it was). */
export function rematchBrands(read: PhotoRead, matcher: BrandMatcher): PhotoRead {
  if (read.error) return read;
  return { ...read, brands: [...matcher.matchWords(read.words, read.photoId), ...matcher.matchBarcodes(read.barcodes, read.photoId)] };
}

const sameReasons = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** How a past inspection's verdict would change under today's rules (null: it would not). */
export function replayChange(i: ReplayInput, verdict: Verdict): ReplayChange | null {
  const reasons = [...new Set(verdict.findings.map((f) => f.code))];
  if (verdict.outcome === i.outcome && sameReasons(reasons, [...new Set(i.reasons)])) return null;
  return {
    trackingNo: i.trackingNo,
    inspectionId: i.inspectionId,
    inspectedAt: i.inspectedAt,
    parcelStatus: i.parcelStatus,
    old: { outcome: i.outcome, reasons: i.reasons, rulesetVersion: i.rulesetVersion },
    new: { outcome: verdict.outcome, reasons },
    shippedNowHeld: i.parcelStatus === 'SHIPPED' && verdict.outcome === 'HOLD',
  };
}

/** Shipped parcels that would now be held first, then by when they were inspected. */
export function replayOrder(changes: readonly ReplayChange[]): ReplayChange[] {
  return [...changes].sort((a, b) => Number(b.shippedNowHeld) - Number(a.shippedNowHeld) || a.inspectedAt.localeCompare(b.inspectedAt));
}
