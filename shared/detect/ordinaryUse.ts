// Whether a brand word read on a parcel is used as an ordinary word (小米 the grain on a bag of
// food, "orange" as a flavour) rather than as the brand. Pure: the caller passes the hit, the photo
// it was read on, the order and the brand. The answer is evidence for the rules, never a list:
// 'ordinary' only when a real dictionary has the word (WordNet for English, CC-CEDICT for Chinese)
// AND the parcel's own context says it is used as that word (the order's category and the tag's other
// words lie outside the brand's categories); 'unsure' when the evidence is split (the rules hold and
// say so); 'brand' otherwise. A deliberate disguise, a known clone mark or a transliteration is never
// ordinary use, and an exact brand word on goods in the brand's own categories always counts.
import type { Brand, BrandHit, Certificate, Order, PhotoRead } from '../types';
import { chineseSenses, englishSenses, FOOD_DOMAINS, installedLexicon, type EnglishSenses, type Lexicon } from './lexicon';

export interface OrdinaryUseInput {
  /** The brand word or near-name as read (an exact alias hit or a look-alike). */
  hit: BrandHit;
  /** The photo it was read on (the tag's other words are context); null when it came from the order's item text. */
  read: PhotoRead | null;
  /** The order: its category and item text are context. */
  order: Order;
  brand: Brand;
  /** Certificates of this brand: their scopes are categories the brand is known to sell in. */
  certificates: readonly Certificate[];
  /** The dictionaries (default: the ones installed at start). With none, every word counts as the brand. */
  lexicon?: Lexicon | null;
}

export interface OrdinaryUseJudgement {
  verdict: 'brand' | 'ordinary' | 'unsure';
  /** Why, for the finding or note (en and zh). */
  why: { en: string; zh: string };
}

const HAN = /[\u3400-\u9fff]/;
/** Look-alikes made on purpose: never an ordinary word, whatever a dictionary says. */
const DELIBERATE = new Set(['clone', 'disguise', 'transliteration', 'near-name']);

/** A category as compared: lower case, trimmed, a plural -s dropped. */
function category(s: string): string {
  const c = s.trim().toLowerCase();
  return c.length > 3 && c.endsWith('s') && !c.endsWith('ss') ? c.slice(0, -1) : c;
}

/** The brand's categories: the registry's, and the scopes of its certificates. */
export function brandCategories(brand: Brand & { categories?: readonly string[] }, certificates: readonly Certificate[]): Set<string> {
  return new Set([...(brand.categories ?? []), ...certificates.filter((c) => c.brandId === brand.id).flatMap((c) => c.scope)].map(category).filter(Boolean));
}

/** The other words of the tag and the order's item text, split into words (Chinese by Intl.Segmenter). */
function contextWords(read: PhotoRead | null, order: Order, evidence: string): string[] {
  const text = `${read?.text ?? ''}\n${order.item}`;
  const out: string[] = [];
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  for (const s of seg.segment(text)) {
    const w = s.segment.trim();
    if (!s.isWordLike || !w) continue;
    if (evidence.includes(w) || w.includes(evidence)) continue;
    out.push(w);
  }
  return out;
}

function sensesOf(lex: Lexicon, word: string): EnglishSenses | null {
  const s = HAN.test(word) ? chineseSenses(lex, word) : englishSenses(lex, word);
  return s && s.domains.size ? s : null;
}

const isFood = (s: EnglishSenses | null) => !!s && [...s.domains].some((d) => FOOD_DOMAINS.has(d));

export function judgeOrdinaryUse(i: OrdinaryUseInput): OrdinaryUseJudgement {
  const lex = i.lexicon === undefined ? installedLexicon() : i.lexicon;
  const word = i.hit.evidence.trim();
  const brand = i.brand.name;
  const say = (verdict: OrdinaryUseJudgement['verdict'], en: string, zh: string): OrdinaryUseJudgement => ({ verdict, why: { en, zh } });
  if (!lex) return say('brand', `"${word}" is read as ${brand} (no dictionary to weigh it).`, `“${word}”识别为 ${brand}（无词典可核对）。`);
  if (i.hit.kind === 'gs1' || (i.hit.kind === 'lookalike' && DELIBERATE.has(i.hit.how ?? ''))) {
    return say('brand', `"${word}" imitates ${brand} on purpose; no ordinary word is written so.`, `“${word}”刻意模仿 ${brand}，不是普通用词。`);
  }
  // One word only: a mark of several words is a name, not a dictionary entry.
  const plain = HAN.test(word) ? word.replace(/\s+/g, '') : word.replace(/[^A-Za-z-]/g, ' ').trim();
  const senses = plain && !/\s/.test(plain) ? sensesOf(lex, plain) : null;
  if (!senses) return say('brand', `"${word}" is not an ordinary dictionary word: read as ${brand}.`, `“${word}”不是词典中的普通词语，识别为 ${brand}。`);

  const cats = brandCategories(i.brand, i.certificates);
  const named = [...new Set([...(i.brand.categories ?? []), ...i.certificates.filter((c) => c.brandId === i.brand.id).flatMap((c) => c.scope)])];
  const orderCat = category(i.order.category);
  const words = contextWords(i.read, i.order, plain);
  const tagInBrandCats = words.some((w) => cats.has(category(w)));
  // What the parcel's own context says the word is: food among food words or on a food order; a colour in a colour field.
  const foodContext = isFood(senses) && (isFood(englishSenses(lex, orderCat)) || words.some((w) => isFood(sensesOf(lex, w))));
  const colourField = senses.colour && new RegExp(`(colou?r|颜色|色)\\s*[:：]?\\s*${plain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(`${i.read?.text ?? ''} ${i.order.item}`);
  const usedAsWord = foodContext || colourField;
  const as = foodContext ? 'food' : colourField ? 'a colour' : 'an ordinary word';
  const asZh = foodContext ? '食品用词' : colourField ? '颜色' : '普通词语';

  if (!cats.size) {
    return usedAsWord
      ? say('unsure', `"${word}" is a dictionary word used as ${as} here, but ${brand}'s categories are unknown: possibly ordinary use.`, `“${word}”是词典中的词，此处作${asZh}使用，但 ${brand} 的经营类别未知：可能是普通用词。`)
      : say('brand', `"${word}" is a dictionary word, but nothing on the parcel says it is used as one: read as ${brand}.`, `“${word}”虽是词典中的词，但包裹信息未表明作普通词语使用，识别为 ${brand}。`);
  }
  const outside = !cats.has(orderCat);
  if (!outside) {
    if (i.hit.kind === 'alias' || !usedAsWord) return say('brand', `"${word}" on ${i.order.category} goods, a category ${brand} sells in: the brand.`, `“${word}”出现在 ${brand} 经营的类别（${i.order.category}）商品上：视为该商标。`);
    return say('unsure', `"${word}" is used as ${as}, but on ${i.order.category} goods, a category ${brand} sells in: possibly ordinary use.`, `“${word}”作${asZh}使用，但商品属于 ${brand} 经营的类别（${i.order.category}）：可能是普通用词。`);
  }
  if (tagInBrandCats) {
    return say('unsure', `"${word}" is a dictionary word on ${i.order.category} goods, but the tag names a category ${brand} sells in: possibly ordinary use.`, `“${word}”是词典中的词，商品类别为 ${i.order.category}，但标签提到 ${brand} 经营的类别：可能是普通用词。`);
  }
  return say('ordinary', `"${word}" is used as ${as} on ${i.order.category} goods, outside ${brand}'s categories (${named.join(', ')}).`, `“${word}”在 ${i.order.category} 商品上作${asZh}使用，不属于 ${brand} 的经营类别（${named.join('、')}）。`);
}
