// Replica wording: the words sellers of fakes put on tags and listings ("1:1", "AAA", 高仿, 原单).
// The phrase list is data (resources/counterfeit/replica-phrases.json, with sources); this module
// finds its phrases in what a photo of the goods showed and in the order's item text. Context
// decides: "AAA batteries", 高仿真 flowers, A货翡翠 and the city of 莆田 are ordinary wording.
import { z } from 'zod';
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
      for (const f of findPhrases(text, phrases)) {
        const chars = new Set(normalise(f.match).replace(/\s/g, ''));
        const cited = words.filter((w) => [...normalise(w.text)].some((c) => chars.has(c)));
        hits.push({ phrase: f.phrase.phrase, text: f.match, photoId: r.photoId, box: unionBox(cited.map((w) => w.box)), source: f.phrase.source });
      }
    }
  }
  if (itemText) {
    for (const f of findPhrases(itemText, phrases)) hits.push({ phrase: f.phrase.phrase, text: f.match, photoId: null, box: null, source: f.phrase.source });
  }
  // One hit per phrase and place.
  const seen = new Set<string>();
  return hits.filter((h) => {
    const k = `${h.phrase}|${h.photoId ?? 'order'}`;
    return !seen.has(k) && seen.add(k);
  });
}
