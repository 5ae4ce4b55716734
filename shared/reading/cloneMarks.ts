// Known clone and look-alike marks: the customer's own (brands.json `lookalikes`) merged with the
// curated list Parcel Gate ships (resources/counterfeit/lookalikes.json), which an admin may replace.
// Only brands in the customer's registry take part: the list names the brand, the registry decides
// which brands matter here.
import { z } from 'zod';
import type { Brand, LookalikeMark } from '../types';

const mark = z.object({ mark: z.string().trim().min(1).max(120), source: z.string().trim().min(1, 'every curated mark names its source').max(600) }).strict();

export const curatedListSchema = z
  .object({
    about: z.string().max(2000).optional(),
    version: z.number().int().min(1),
    brands: z
      .array(
        z
          .object({
            brand: z.string().trim().min(1).max(120),
            category: z.string().trim().min(1).max(60),
            /** Names and aliases the brand goes by: a registry brand with any of them (or this id) takes the marks. */
            names: z.array(z.string().trim().min(1).max(120)).min(1),
            lookalikes: z.array(mark).min(1),
          })
          .strict(),
      )
      .max(5000),
  })
  .strict();

export type CuratedLookalikes = z.infer<typeof curatedListSchema>;

/** Parses an admin's list: every problem named with where it is. */
export function parseCuratedList(fileName: string, text: string): { ok: true; list: CuratedLookalikes } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)})`] };
  }
  const r = curatedListSchema.safeParse(json);
  if (r.success) return { ok: true, list: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${fileName}, field "${i.path.join('.') || '(file)'}": ${i.message}`) };
}

const key = (s: string) => s.trim().toLowerCase().replace(/[\s\-_.]/g, '');

/** Registry brands with the curated marks of the same brand added (customer's marks first, no repeats). */
export function mergeLookalikes(brands: readonly Brand[], curated: CuratedLookalikes | null): Brand[] {
  return brands.map((b) => {
    const names = new Set([b.id, b.name, ...b.aliases].map(key));
    const extra: LookalikeMark[] = (curated?.brands ?? [])
      .filter((c) => [c.brand, ...c.names].some((n) => names.has(key(n))))
      .flatMap((c) => c.lookalikes.map((l) => ({ mark: l.mark, source: l.source })));
    if (!extra.length) return b;
    const own = ((b.lookalikes ?? []) as (LookalikeMark | string)[]).map((l) => (typeof l === 'string' ? { mark: l, source: null } : l));
    const seen = new Set(own.map((l) => key(l.mark)));
    const merged = [...own];
    for (const l of extra) {
      if (seen.has(key(l.mark))) continue;
      seen.add(key(l.mark));
      merged.push(l);
    }
    return { ...b, lookalikes: merged };
  });
}

/** How many marks and brands a curated list covers (for the admin screen and reports). */
export function curatedCounts(list: CuratedLookalikes): { brands: number; marks: number } {
  return { brands: list.brands.length, marks: list.brands.reduce((n, b) => n + b.lookalikes.length, 0) };
}
