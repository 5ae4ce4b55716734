// What a verdict records about the code that made it: "id@version" of each rule that applied (the
// rules' identities live in their own files, listed in ruleList.ts) and of the code every verdict
// depends on besides the rules. The ruleset version (shared/rules/ruleset.ts) changes only when
// thresholds change; these versions change when code changes, so two verdicts made by different
// code never carry the same record. rules.lock.json and its test hold each version to its source.
import { RULE_LIST, type ReasonCode } from './ruleList';

export interface RuleIdentity {
  id: string;
  version: number;
}

/**
 * The code every verdict depends on besides the rules: how brands are matched on the photos, and
 * how the facts are worked out and the rules run (facts.ts, purchase.ts, sellerLists.ts, engine.ts).
 */
export const SUPPORT: readonly RuleIdentity[] = [
  // 3: clone marks, homoglyphs, digit swaps, Chinese near-names.
  // 4: look-alikes by similarity (TR39 skeleton, per-word distance, truncation, pinyin sound, character
  // shape, swaps, transliteration); no ordinary-word list (the ordinary-use judge decides by dictionary and context).
  { id: 'brand-matcher', version: 4 },
  // 1: one fact-gathering step; rules as objects, each recorded when it applied.
  { id: 'rule-facts', version: 1 },
];

/** A verdict's rules record: "id@version" of the rules given and the support code, sorted, joined by commas. */
export function rulesRecord(rules: readonly RuleIdentity[]): string {
  return [...rules, ...SUPPORT]
    .map((r) => `${r.id}@${r.version}`)
    .sort()
    .join(',');
}

/** The rules record of the rules with these reason codes. */
export function rulesRun(codes: readonly ReasonCode[]): string {
  return rulesRecord(RULE_LIST.filter((r) => codes.includes(r.code)));
}

/** A short fingerprint of a rules record for the screen (FNV-1a, 8 hex digits; the full record is kept). */
export function rulesFingerprint(rules: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < rules.length; i++) {
    h ^= rules.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
