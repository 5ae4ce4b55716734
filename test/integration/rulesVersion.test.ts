// Rules versioning tells the truth: every verdict records the identity and code version of each rule
// that ran, and the parcel detail shows it; the ruleset version (thresholds) stays as it was.
import { describe, expect, it } from 'vitest';
import { freshService, importPack } from '../helpers/service';
import { RULES, rulesRun } from '../../shared/rules/ruleIdentity';

describe('rule versions on every verdict', () => {
  it('records the rules that ran with the verdict and shows them in the parcel detail', async () => {
    const t = freshService();
    await importPack(t);
    const known = await t.sys('parcel:inspect', { scan: 'SF529989826725', photoIds: [] });
    const unknown = await t.sys('parcel:inspect', { scan: 'XX000000001', photoIds: [] });
    const detail = await t.sys('parcel:detail', { trackingNo: 'SF529989826725' });
    const rules = detail.inspections[0].rules!;
    expect(rules).toContain(`brand-lookalike@${RULES.BRAND_LOOKALIKE.version}`);
    expect(rules.split(',')).toHaveLength(Object.keys(RULES).length); // every rule but unknown-parcel, plus the brand matcher
    expect(detail.inspections[0].rulesetVersion).toBe(known.rulesetVersion);
    const other = await t.sys('parcel:detail', { trackingNo: 'XX000000001' });
    expect(other.inspections[0].rules).toBe(rulesRun(['UNKNOWN_PARCEL']));
    expect(unknown.rulesetVersion).toBe(known.rulesetVersion);
    await t.service.close();
  });

  it('a changed rule version changes the record, with the same ruleset version', () => {
    const before = rulesRun(['BRAND_LOOKALIKE']);
    const saved = RULES.BRAND_LOOKALIKE.version;
    (RULES.BRAND_LOOKALIKE as { version: number }).version = saved + 1;
    try {
      expect(rulesRun(['BRAND_LOOKALIKE'])).not.toBe(before);
    } finally {
      (RULES.BRAND_LOOKALIKE as { version: number }).version = saved;
    }
  });
});
