// Replica wording: the words sellers of fakes put on tags and listings ("1:1", "AAA", 高仿, 原单).
// Two sources, both data with sources: a grammar (resources/counterfeit/replica-grammar.json) of term
// classes (grade, copy/version, factory/overrun, letter-and-digit slang before 版/厂/batch) and how they
// attach (a strong term alone; a weak one with a second term, or on a photo where a brand was read),
// and the customer-editable phrase list (replica-phrases.json, admin import/export). Context decides
// for both: a ratio beside a mixing verb, AAA batteries, copy paper, 高仿真 flowers, A货翡翠 are ordinary.
import { z } from 'zod';
import grammarJson from '../../resources/counterfeit/replica-grammar.json';
import type { Box, PhotoRead, WordRead } from '../types';
import { cleanLine, toHalfWidth } from '../reading/text';
import { unionBox } from '../reading/brandMatcher';

export const replicaPhraseSchema = z
  .object({
    phrase: z.string().trim().min(1).max(60),
    lang: z.enum(['en', 'zh']),
    /** Ordinary wording when one of these follows the phrase. */
    unlessBefore: z.array(z.string().min(1).max(40)).optional(),
    /** Ordinary wording when one of these precedes it. */
    unlessAfter: z.array(z.string().min(1).max(40)).optional(),
    source: z.string().trim().min(1).max(600),
  })
  .strict();
export const replicaPhraseListSchema = z.object({ about: z.string().max(2000).optional(), version: z.number().int().min(1), phrases: z.array(replicaPhraseSchema).max(2000) }).strict();

export type ReplicaPhrase = z.infer<typeof replicaPhraseSchema>;
export type ReplicaPhraseList = z.infer<typeof replicaPhraseListSchema>;

export interface ReplicaWordingHit {
  phrase: string;
  /** The words as read or written. */
  text: string;
  photoId: string | null;
  box: Box | null;
  source: string;
}

const grammarSchema = z
  .object({
    about: z.string(),
    version: z.number().int().min(1),
    classes: z.array(z.object({ class: z.string(), strong: z.array(z.string().min(1)), weak: z.array(z.string().min(1)), withBrand: z.array(z.string().min(1)), source: z.string().min(20) }).strict()),
    slang: z.object({ suffixes: z.array(z.string().min(1)), source: z.string().min(20) }).strict(),
    exclusions: z.array(z.object({ terms: z.array(z.string().min(1)), context: z.array(z.string().min(1)) }).strict()),
  })
  .strict();
export type ReplicaGrammar = z.infer<typeof grammarSchema>;
export const REPLICA_GRAMMAR: ReplicaGrammar = grammarSchema.parse(grammarJson);

/** Lower case, half width, spaces collapsed, spaces between Chinese characters and around ":" gone. */
function normalise(s: string): string {
  return cleanLine(toHalfWidth(s))
    .toLowerCase()
    .replace(/\s*:\s*/g, ':')
    .replace(/\s*比\s*/g, '比');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function phrasePattern(p: ReplicaPhrase): RegExp {
  const body = escape(normalise(p.phrase)).replace(/ /g, '\\s*');
  // Latin phrases are whole words: "aaa" not in "aaaa-rated"; "1:1" not inside "11:15" or "1:10".
  const latin = /[a-z0-9]/i;
  const first = normalise(p.phrase)[0];
  const last = normalise(p.phrase).slice(-1);
  const pre = latin.test(first) ? '(?<![a-z0-9:])' : '';
  const post = latin.test(last) ? '(?![a-z0-9:]|\\+)' : '';
  return new RegExp(`${pre}${body}${post}`, 'g');
}

/** Phrases found in one text: each with where it stands. Context exclusions applied. */
export function findPhrases(text: string, phrases: readonly ReplicaPhrase[]): { phrase: ReplicaPhrase; index: number; match: string }[] {
  const t = normalise(text);
  const found: { phrase: ReplicaPhrase; index: number; match: string }[] = [];
  for (const p of phrases) {
    const re = phrasePattern(p);
    for (let m = re.exec(t); m; m = re.exec(t)) {
      const after = t.slice(m.index + m[0].length).replace(/^[\s\-_,.·]+/, '');
      const before = t.slice(0, m.index).replace(/[\s\-_,.·]+$/, '');
      if (p.unlessBefore?.some((u) => after.startsWith(normalise(u)))) continue;
      if (p.unlessAfter?.some((u) => before.endsWith(normalise(u)))) continue;
      found.push({ phrase: p, index: m.index, match: m[0] });
    }
  }
  return found;
}

interface Term {
  term: string;
  strength: 'strong' | 'weak' | 'withBrand';
  source: string;
  re: RegExp;
}

/** A term as a pattern: Latin ends are word boundaries ("aaa" not in "aaaa-rated", "1:1" not in "11:15"). */
function termPattern(term: string): RegExp {
  const t = normalise(term);
  const body = escape(t).replace(/ /g, '\\s*');
  const pre = /[a-z0-9]/.test(t[0]) ? '(?<![a-z0-9:])' : '';
  const post = /[a-z0-9+]/.test(t.slice(-1)) ? (t.endsWith('+') ? '(?![a-z0-9:+])' : '(?![a-z0-9:]|\\+)') : '';
  return new RegExp(`${pre}${body}${post}`, 'g');
}

function buildTerms(g: ReplicaGrammar): Term[] {
  const out: Term[] = [];
  for (const c of g.classes) {
    const withBrand = new Set(c.withBrand.map(normalise));
    for (const t of c.strong) out.push({ term: t, strength: 'strong', source: c.source, re: termPattern(t) });
    for (const t of c.weak) out.push({ term: t, strength: withBrand.has(normalise(t)) ? 'withBrand' : 'weak', source: c.source, re: termPattern(t) });
    for (const t of c.withBrand) if (!c.weak.some((w) => normalise(w) === normalise(t))) out.push({ term: t, strength: 'withBrand', source: c.source, re: termPattern(t) });
  }
  return out;
}

const TERMS = buildTerms(REPLICA_GRAMMAR);
/** Letters (one to three) and up to three digits before 版/厂/batch: LJR版, G版, VS厂, H12版, OG batch. */
const SLANG = new RegExp(`(?<![a-z0-9])([a-z]{1,3}\\d{0,3})\\s*(${REPLICA_GRAMMAR.slang.suffixes.map(escape).join('|')})(?![a-z])`, 'g');
/** Codes that are ordinary words of their own before 版 (pro版, max版, mini版) or sizes (a4版). */
const SLANG_ORDINARY = /^(pro|max|mini|plus|lite|new|old|ios|pc|a[3-6]|b[4-5])$/;

/** Whether the line around a term says it is ordinary wording (a ratio with a mixing verb, AAA batteries…). */
function excluded(term: string, line: string): boolean {
  const t = normalise(term);
  return REPLICA_GRAMMAR.exclusions.some((e) => e.terms.some((x) => normalise(x) === t) && e.context.some((c) => line.includes(normalise(c))));
}

export interface GrammarMatch {
  term: string;
  index: number;
  match: string;
  source: string;
}

/**
 * Replica wording by the grammar in one line of text: strong terms alone, weak terms with a second
 * term of the grammar on the line, 'withBrand' terms also when `brandRead` (a registry brand was read
 * on the same photo), slang codes; each unless the line's context says ordinary wording.
 */
export function findGrammar(text: string, brandRead: boolean): GrammarMatch[] {
  const line = normalise(text);
  const found: (GrammarMatch & { strength: Term['strength'] })[] = [];
  for (const t of TERMS) {
    t.re.lastIndex = 0;
    for (let m = t.re.exec(line); m; m = t.re.exec(line)) {
      if (excluded(t.term, line)) continue;
      if (t.term === '高仿' && line.slice(m.index + m[0].length).startsWith('真')) continue;
      found.push({ term: t.term, index: m.index, match: m[0], source: t.source, strength: t.strength });
    }
  }
  SLANG.lastIndex = 0;
  for (let m = SLANG.exec(line); m; m = SLANG.exec(line)) {
    if (SLANG_ORDINARY.test(m[1]) || /^\d/.test(m[1])) continue;
    found.push({ term: `${m[1]}${m[2]}`, index: m.index, match: m[0], source: REPLICA_GRAMMAR.slang.source, strength: 'strong' });
  }
  // A term inside a longer one found at the same place (mirror in "mirror copy") is that one.
  const kept = found.filter((f) => !found.some((o) => o !== f && o.index <= f.index && o.index + o.match.length >= f.index + f.match.length && o.match.length > f.match.length));
  const distinctWeak = new Set(kept.filter((f) => f.strength !== 'strong').map((f) => normalise(f.term)));
  return kept
    .filter((f) => f.strength === 'strong' || distinctWeak.size >= 2 || (f.strength === 'withBrand' && brandRead))
    .map(({ strength: _s, ...f }) => f);
}

/**
 * Replica wording on the photos of the goods (not waybills: a sender's address in 莆田 is not a
 * label) and in the order's item text. Words read below `minConfidence` are left out: a phrase
 * must have been read, not guessed.
 */
export function findReplicaWording(
  reads: readonly PhotoRead[],
  itemText: string | null,
  phrases: readonly ReplicaPhrase[],
  minConfidence: number,
): ReplicaWordingHit[] {
  const hits: ReplicaWordingHit[] = [];
  for (const r of reads) {
    if (r.kind === 'waybill') continue;
    const lines = new Map<number, WordRead[]>();
    for (const w of r.words) {
      if (w.confidence < minConfidence) continue;
      lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
    }
    for (const words of lines.values()) {
      words.sort((a, b) => a.box.x - b.box.x);
      const text = words.map((w) => w.text).join(' ');
      const cite = (match: string) => {
        const chars = new Set(normalise(match).replace(/\s/g, ''));
        return unionBox(words.filter((w) => [...normalise(w.text)].some((c) => chars.has(c))).map((w) => w.box));
      };
      for (const f of findPhrases(text, phrases)) {
        if (excluded(f.phrase.phrase, normalise(text))) continue;
        hits.push({ phrase: f.phrase.phrase, text: f.match, photoId: r.photoId, box: cite(f.match), source: f.phrase.source });
      }
      for (const g of findGrammar(text, r.brands.length > 0)) hits.push({ phrase: g.term, text: g.match, photoId: r.photoId, box: cite(g.match), source: g.source });
    }
  }
  if (itemText) {
    for (const f of findPhrases(itemText, phrases)) {
      if (!excluded(f.phrase.phrase, normalise(itemText))) hits.push({ phrase: f.phrase.phrase, text: f.match, photoId: null, box: null, source: f.phrase.source });
    }
    for (const g of findGrammar(itemText, false)) hits.push({ phrase: g.term, text: g.match, photoId: null, box: null, source: g.source });
  }
  // One hit per wording and place (a phrase of the list and the same term of the grammar are one).
  const seen = new Set<string>();
  return hits.filter((h) => {
    const k = `${normalise(h.text)}|${h.photoId ?? 'order'}`;
    return !seen.has(k) && seen.add(k);
  });
}
