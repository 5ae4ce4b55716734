// The rules' version lock: each rule's source hash sits beside its version in rules.lock.json; a
// rule whose code changed while its version did not fails here (and `npm run rules:lock` refuses).
import { describe, expect, it } from 'vitest';
import { currentLock, lockProblems, readLock } from '../../scripts/rulesLock';
import { RULE_LIST } from '../../shared/rules/ruleList';

describe('rules version lock', () => {
  it('the committed lock matches every rule source and version', () => {
    const problems = lockProblems(readLock(), currentLock());
    expect(problems.changedWithoutVersion).toEqual([]);
    expect(problems.stale).toEqual([]);
  });

  it('names every rule in the list, each from its own file', () => {
    const lock = currentLock();
    for (const r of RULE_LIST) expect(lock[r.id]?.version).toBe(r.version);
    const files = RULE_LIST.map((r) => lock[r.id].files[0]);
    expect(new Set(files).size).toBe(RULE_LIST.length);
  });

  it('a rule whose source changed without a version bump is refused; with a bump it is only stale', () => {
    const now = currentLock();
    const edited = { ...now, 'brand-lookalike': { ...now['brand-lookalike'], sha256: '0'.repeat(64) } };
    // The lock says the old source had this version: the code changed, the version did not.
    expect(lockProblems(edited, now).changedWithoutVersion).toEqual([expect.stringContaining('brand-lookalike')]);
    const bumped = { ...edited, 'brand-lookalike': { ...edited['brand-lookalike'], version: now['brand-lookalike'].version - 1 } };
    const p = lockProblems(bumped, now);
    expect(p.changedWithoutVersion).toEqual([]);
    expect(p.stale).toEqual([expect.stringContaining('brand-lookalike')]);
  });
});
