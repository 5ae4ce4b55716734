// Rules versioning tells the truth: every verdict records the identity and code version of each rule
// that applied (not every rule), and the parcel detail shows it; the ruleset version (thresholds)
// stays as it was.
import { describe, expect, it } from 'vitest';
import { freshService, importPack } from '../helpers/service';
import { rulesRun } from '../../shared/rules/ruleIdentity';
import { photoReadable } from '../../shared/rules/checks/photoReadable';
import { brandLookalike } from '../../shared/rules/checks/brandLookalike';

describe('rule versions on every verdict', () => {
  it('records the rules that applied with the verdict and shows them in the parcel detail', async () => {
    const t = freshService();
    await importPack(t);
    const known = await t.sys('parcel:inspect', { scan: 'SF529989826725', photoIds: [] });
    const unknown = await t.sys('parcel:inspect', { scan: 'XX000000001', photoIds: [] });
    const detail = await t.sys('parcel:detail', { trackingNo: 'SF529989826725' });
    const rules = detail.inspections[0].rules!;
    // No photo: the readable-photo rule applied (and held); no look-alike was seen, no invoice read.
    expect(rules.split(',')).toContain(`photo-readable@${photoReadable.version}`);
    expect(rules).not.toContain('brand-lookalike@');
    expect(rules).not.toContain('invoice-seller@');
    expect(rules).toContain('brand-matcher@');
    expect(detail.inspections[0].rulesetVersion).toBe(known.rulesetVersion);
    const other = await t.sys('parcel:detail', { trackingNo: 'XX000000001' });
    expect(other.inspections[0].rules).toBe(rulesRun(['UNKNOWN_PARCEL']));
    expect(unknown.rulesetVersion).toBe(known.rulesetVersion);
    await t.service.close();
  });

  it('a changed rule version changes the record, with the same ruleset version', () => {
    const before = rulesRun(['BRAND_LOOKALIKE']);
    const saved = brandLookalike.version;
    brandLookalike.version = saved + 1;
    try {
      expect(rulesRun(['BRAND_LOOKALIKE'])).not.toBe(before);
      expect(rulesRun(['BRAND_LOOKALIKE'])).toContain(`brand-lookalike@${saved + 1}`);
    } finally {
      brandLookalike.version = saved;
    }
  });
});
