// Scores a detector on the leave-brand-out set: per technique, variants held or missed and decoys
// cleared or wrongly held. The detector is built for each brand B from inputs that leave B's own data
// out (its clone marks, any shipped entry naming it), then asked only about B's cases.
import type { Brand, BrandHit, Order, PhotoRead, WordRead } from '../types';
import type { OrdinaryUseJudgement } from './ordinaryUse';
import { orderOf, photoOf, wordsOf, type GeneratedCase, type GeneratedSet } from './generaliseSet';

export interface Detector {
  /** A matcher over this registry (built without the evaluated brand's own data). */
  matcher(brands: readonly Brand[], leftOut: string): { matchWords(words: readonly WordRead[], photoId: string): BrandHit[] };
  judge(i: { hit: BrandHit; read: PhotoRead; order: Order; brand: Brand }): OrdinaryUseJudgement;
  replica(reads: readonly PhotoRead[], itemText: string | null): readonly unknown[];
}

export interface TechniqueRow {
  technique: string;
  expect: 'held' | 'cleared';
  n: number;
  /** Variants: held as a look-alike (or by replica wording); decoys: cleared. */
  right: number;
  /** Variants only: held, but as the brand itself rather than a look-alike. */
  asBrand: number;
  wrong: number;
  examples: string[];
}

/** Whether a case is held, and by what. */
export function outcome(c: GeneratedCase, brands: readonly Brand[], d: Detector, m: ReturnType<Detector['matcher']>): { held: boolean; lookalike: boolean; alias: boolean; replica: boolean; why: string } {
  const words = wordsOf(c.lines);
  const hits = m.matchWords(words, 'gen');
  const read = photoOf(words, hits);
  const order = orderOf(c);
  const counted = hits.filter((h) => {
    const brand = brands.find((x) => x.id === h.brandId);
    return !!brand && d.judge({ hit: h, read, order, brand }).verdict !== 'ordinary';
  });
  const replica = d.replica([read], order.item).length > 0;
  const lookalike = counted.some((h) => h.brandId === c.brandId && h.kind === 'lookalike');
  const alias = counted.some((h) => h.brandId === c.brandId && h.kind !== 'lookalike');
  const why = [...counted.map((h) => `${h.brandId}:${h.kind}${h.how ? `:${h.how}` : ''}`), ...(replica ? ['replica'] : [])].join(',') || 'nothing';
  return { held: counted.length > 0 || replica, lookalike, alias, replica, why };
}

export function scoreSet(set: GeneratedSet, d: Detector): TechniqueRow[] {
  const rows = new Map<string, TechniqueRow>();
  const byBrand = new Map<string, GeneratedCase[]>();
  for (const c of set.cases) byBrand.set(c.brandId, [...(byBrand.get(c.brandId) ?? []), c]);
  for (const [brandId, cases] of byBrand) {
    const m = d.matcher(set.brands, brandId);
    for (const c of cases) {
      const o = outcome(c, set.brands, d, m);
      const key = `${c.expect}|${c.technique}`;
      const row = rows.get(key) ?? { technique: c.technique, expect: c.expect, n: 0, right: 0, asBrand: 0, wrong: 0, examples: [] };
      row.n++;
      let right: boolean;
      if (c.expect === 'cleared') right = !o.held;
      else if (c.needs === 'replica') right = o.replica;
      else {
        right = o.lookalike;
        if (!right && o.alias) row.asBrand++;
      }
      if (right) row.right++;
      else {
        if (!(c.expect === 'held' && o.alias && c.needs === 'lookalike')) row.wrong++;
        if (row.examples.length < 4) row.examples.push(`${c.lines.join(' / ')} → ${o.why}`);
      }
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort((a, b) => (a.expect === b.expect ? a.technique.localeCompare(b.technique) : a.expect === 'held' ? -1 : 1));
}

/** The table the benchmark prints. */
export function formatRows(rows: readonly TechniqueRow[], verbose = false): string {
  const out: string[] = [];
  const pad = (s: string | number, n: number) => String(s).padEnd(n);
  out.push(`${pad('variants (counterfeits)', 24)}${pad('n', 6)}${pad('held', 7)}${pad('as brand', 10)}missed`);
  for (const r of rows.filter((x) => x.expect === 'held')) {
    out.push(`${pad(r.technique, 24)}${pad(r.n, 6)}${pad(r.right, 7)}${pad(r.asBrand, 10)}${r.wrong}`);
    if (verbose) for (const e of r.examples) out.push(`    ${e}`);
  }
  const v = rows.filter((x) => x.expect === 'held');
  out.push(`${pad('ALL variants', 24)}${pad(sum(v, 'n'), 6)}${pad(sum(v, 'right'), 7)}${pad(sum(v, 'asBrand'), 10)}${sum(v, 'wrong')}`);
  out.push('');
  out.push(`${pad('decoys (ordinary)', 24)}${pad('n', 6)}${pad('cleared', 9)}wrongly held`);
  for (const r of rows.filter((x) => x.expect === 'cleared')) {
    out.push(`${pad(r.technique, 24)}${pad(r.n, 6)}${pad(r.right, 9)}${r.wrong}`);
    if (verbose) for (const e of r.examples) out.push(`    ${e}`);
  }
  const dc = rows.filter((x) => x.expect === 'cleared');
  out.push(`${pad('ALL decoys', 24)}${pad(sum(dc, 'n'), 6)}${pad(sum(dc, 'right'), 9)}${sum(dc, 'wrong')}`);
  return out.join('\n');
}

const sum = (rows: readonly TechniqueRow[], k: 'n' | 'right' | 'asBrand' | 'wrong') => rows.reduce((n, r) => n + r[k], 0);
