// Replica wording as a grammar: wording no phrase list names is held by its class and how it attaches;
// context makes ratios, batteries, copy paper and artificial plants ordinary; the phrase list still adds.
import { describe, expect, it } from 'vitest';
import { findGrammar, findReplicaWording, REPLICA_GRAMMAR, type ReplicaPhrase } from '../../shared/rules/replicaWording';
import { photoOf, wordsOf } from '../../shared/detect/generaliseSet';
import type { BrandHit } from '../../shared/types';

const brandHit: BrandHit = { brandId: 'x', brandName: 'X', kind: 'alias', matched: 'X', evidence: 'X', photoId: 'p', box: null, confidence: 90 };
const onTag = (lines: string[], withBrand = false, phrases: ReplicaPhrase[] = []) => {
  const words = wordsOf(lines);
  return findReplicaWording([photoOf(words, withBrand ? [brandHit] : [], 'p')], null, phrases, 50).map((h) => h.text);
};

describe('replica grammar', () => {
  // None of these is one of the shipped phrases.
  it.each([
    ['精仿 手提包'],
    ['尾单 清仓 卫衣'],
    ['代工厂货 运动鞋'],
    ['跟单货 正品质量'],
    ['H12版 手表'],
    ['ZF厂 复刻'],
    ['OG batch sneakers'],
    ['LJR版 篮球鞋'],
    ['Factory overrun - genuine leather'],
    ['copy version handbag'],
    ['clone version watch'],
    ['grade aaa leather belt'],
    ['原版 同款 卫衣'],
  ])('"%s" holds by the grammar', (line) => {
    expect(onTag([line])).not.toEqual([]);
  });

  it('a weak word holds with a second term, or on a photo where a brand was read', () => {
    expect(onTag(['顶级 皮具'])).toEqual([]);
    expect(onTag(['顶级 皮具'], true)).toEqual(['顶级']);
    expect(onTag(['original factory leftover'])).toEqual(['original factory leftover']);
    expect(onTag(['original design'], true)).toEqual([]);
  });

  it.each([
    ['Mix 1:1 with water'],
    ['稀释比例 1:1'],
    ['Epoxy resin A:B = 1:1 by volume'],
    ['AA/AAA charger'],
    ['AAA credit rating'],
    ['A4 copy paper 80gsm'],
    ['高仿真 多肉 植物'],
    ['仿真 绿萝 盆栽'],
    ['A货 翡翠 手镯'],
    ['原单号 123456'],
    ['Firmware version 2.1'],
    ['Pro版 手机壳'],
    ['fake fur collar'],
    ['纯原味 酸奶'],
  ])('"%s" is ordinary wording', (line) => {
    expect(onTag([line], true)).toEqual([]);
  });

  it('context exclusions apply to the customer\'s phrase list too; its own phrases still add', () => {
    const phrases: ReplicaPhrase[] = [
      { phrase: 'AAA', lang: 'en', source: 'customer list, no exceptions given' },
      { phrase: 'mirror grade', lang: 'en', source: 'customer list' },
    ];
    expect(onTag(['AAA batteries 1.5V'], false, phrases)).toEqual([]);
    expect(onTag(['mirror grade bag'], false, phrases)).toContain('mirror grade');
    expect(onTag(['mirror grade bag'], false, [])).not.toContain('mirror grade');
  });

  it('every class names its source', () => {
    expect(REPLICA_GRAMMAR.classes.map((c) => c.class)).toEqual(['grade', 'copy', 'factory']);
    for (const c of REPLICA_GRAMMAR.classes) expect(c.source.length).toBeGreaterThan(40);
    expect(findGrammar('LJR batch', false).map((g) => g.source)).toEqual([REPLICA_GRAMMAR.slang.source]);
  });
});
