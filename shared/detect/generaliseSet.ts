// The leave-brand-out evaluation set: invented registry brands, disguised variants of each by technique
// (Latin and Chinese), replica wording built from a grammar of its own, and decoys (real dictionary words
// near each brand, brand words used as food or colour, ordinary ratios, batteries, copy paper). Built
// from the dictionaries, pinyin and character decompositions, never from the detector's own tables, and
// scored one brand at a time with that brand's own data left out of what the detector is given.
import { pinyin } from 'pinyin-pro';
import type { Brand, BrandHit, Order, PhotoRead, WordRead } from '../types';
import type { Lexicon } from './lexicon';

export interface InventedBrand extends Brand {
  categories: string[];
  /** A Chinese rendering of the Latin name that the registry does NOT list (a counterfeiter's transliteration). */
  transliteration?: string;
}

const b = (id: string, name: string, aliases: string[], categories: string[], transliteration?: string): InventedBrand => ({
  id,
  name,
  aliases,
  gs1Prefixes: [],
  officialStores: [],
  categories,
  ...(transliteration ? { transliteration } : {}),
});

/** 25 invented brands: one-word and two-word Latin marks, Chinese names that are everyday words, three-character names. */
export const INVENTED_BRANDS: readonly InventedBrand[] = [
  b('velmora', 'VELMORA', ['维尔莫拉'], ['apparel', 'bags']),
  b('korvante', 'KORVANTE', ['科万特'], ['watches']),
  b('lumiska', 'LUMISKA', [], ['cosmetics'], '卢米斯卡'),
  b('braxtell', 'BRAXTELL', [], ['footwear']),
  b('orvelis', 'ORVELIS', ['奥维丽'], ['bags']),
  b('tessaro', 'TESSARO', [], ['eyewear'], '泰萨罗'),
  b('quindar', 'QUINDAR', [], ['electronics']),
  b('zolt', 'ZOLT', [], ['toys']),
  b('saffron', 'SAFFRON', [], ['cosmetics']),
  b('indigo', 'INDIGO', [], ['electronics']),
  b('marvique', 'MARVIQUE', [], ['jewellery'], '玛维克'),
  b('kavino', 'KAVINO', ['凯维诺'], ['footwear'], '卡维诺'),
  b('north-harbor', 'NORTH HARBOR', [], ['apparel', 'outdoor']),
  b('silver-lantern', 'SILVER LANTERN', [], ['jewellery']),
  b('blue-meridian', 'BLUE MERIDIAN', [], ['watches']),
  b('iron-peony', 'IRON PEONY', [], ['bags']),
  b('hongzao', 'Hongzao', ['红枣'], ['apparel']),
  b('zhima', 'Zhima', ['芝麻'], ['bags']),
  b('bajiao', 'Bajiao', ['八角'], ['cosmetics']),
  b('xiangcheng', 'Xiangcheng', ['香橙'], ['electronics']),
  b('xiaomai', 'Xiaomai', ['小麦'], ['footwear']),
  b('boyaxuan', 'Boyaxuan', ['博雅轩'], ['furniture']),
  b('jinfengxiang', 'Jinfengxiang', ['金凤祥'], ['jewellery']),
  b('oufeishi', 'Oufeishi', ['欧菲诗'], ['cosmetics']),
  b('dantello', 'DANTELLO', ['丹特罗'], ['furniture'], '但泰洛'),
];

export type Expect = 'held' | 'cleared';

export interface GeneratedCase {
  technique: string;
  /** The brand the case is built on (scored with that brand left out of every table). */
  brandId: string;
  expect: Expect;
  /** Lines of tag text, each as read words. */
  lines: string[];
  category: string;
  /** For a variant: a look-alike of this brand must be found (else replica wording must be). */
  needs: 'lookalike' | 'replica' | 'none';
}

/** A small deterministic random source, so the set is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIGITS: Record<string, string> = { O: '0', I: '1', S: '5', B: '8', G: '6', Z: '2' };
const SYMBOLS: Record<string, string> = { S: '$', A: '@', E: '€' };
const CYRILLIC: Record<string, string> = { A: 'А', B: 'В', E: 'Е', K: 'К', M: 'М', H: 'Н', O: 'О', P: 'Р', C: 'С', T: 'Т', X: 'Х', I: 'І' };
const OCR_SHAPES: [string, string][] = [
  ['M', 'RN'],
  ['W', 'VV'],
  ['D', 'CL'],
];

const isHan = (s: string) => /[\u4e00-\u9fff]/.test(s);
const latinNames = (x: Brand) => [x.name, ...x.aliases].filter((n) => !isHan(n)).map((n) => n.toUpperCase());
const hanNames = (x: Brand) => [x.name, ...x.aliases].filter(isHan);

function replaceAt(s: string, i: number, r: string): string {
  return s.slice(0, i) + r + s.slice(i + 1);
}

function latinVariants(x: InventedBrand, next: () => number): GeneratedCase[] {
  const out: GeneratedCase[] = [];
  const cat = x.categories[0];
  const add = (technique: string, text: string) => out.push({ technique, brandId: x.id, expect: 'held', lines: [text, 'MADE IN CHINA'], category: cat, needs: 'lookalike' });
  for (const name of new Set(latinNames(x))) {
    const words = name.split(' ');
    const letters = words.join('');
    if (letters.length < 4) continue;
    const interior = (w: string) => Array.from({ length: Math.max(0, w.length - 2) }, (_, k) => k + 1);
    // Each technique once per name, at a place the random source picks among those that apply.
    const pick = <T,>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(next() * xs.length)] : undefined);
    const at = (table: Record<string, string>) => pick([...name].map((c, i) => (table[c] ? i : -1)).filter((i) => i >= 0));
    const d = at(DIGITS);
    if (d !== undefined) add('digit', replaceAt(name, d, DIGITS[name[d]]));
    const s = at(SYMBOLS);
    if (s !== undefined) add('symbol', replaceAt(name, s, SYMBOLS[name[s]]));
    const h = at(CYRILLIC);
    if (h !== undefined) add('homoglyph', replaceAt(name, h, CYRILLIC[name[h]]));
    add('fullwidth', [...name].map((c) => (c === ' ' ? ' ' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join(''));
    if (words.length === 1) {
      add('dotted', [...name].join('.'));
      add('spaced', [...name].join(' '));
      const sw = pick(interior(name).filter((i) => i + 1 < name.length && name[i] !== name[i + 1]));
      if (sw !== undefined) add('swap', name.slice(0, sw) + name[sw + 1] + name[sw] + name.slice(sw + 2));
      if (name.length >= 5) {
        const ch = pick(interior(name));
        if (ch !== undefined) {
          const letter = pick([...'ABCDEFGHKMNPRTUVWXYZ'].filter((l) => l !== name[ch] && DIGITS[l] === undefined))!;
          add('letter-changed', replaceAt(name, ch, letter));
        }
        // The last letter changed: short marks (under seven letters) are not matched so, by design (PUCCI is not GUCCI).
        const endLetter = pick([...'ABCDEFGHKMNPRTUVWXYZ'].filter((l) => l !== name[name.length - 1] && DIGITS[l] === undefined))!;
        add('letter-changed-end', name.slice(0, -1) + endLetter);
        const ad = pick(interior(name));
        if (ad !== undefined) add('letter-added', name.slice(0, ad) + name[ad] + name.slice(ad));
        const dr = pick(interior(name).filter((i) => name[i] !== name[i - 1]));
        if (dr !== undefined) add('letter-dropped', name.slice(0, dr) + name.slice(dr + 1));
      }
      for (const [from, to] of OCR_SHAPES) {
        const i = name.indexOf(from);
        if (i > 0) add('ocr-shape', name.slice(0, i) + to + name.slice(i + 1));
      }
      if (name.length >= 7) {
        add('truncated', name.slice(0, name.length - 2));
        add('dotted-truncated', [...name.slice(0, name.length - 1)].join('.'));
      }
    } else {
      const wi = Math.floor(next() * words.length);
      const w = words[wi];
      const ch = pick(interior(w))!;
      const letter = pick([...'ABCDEFGHKMNPRTUVWXYZ'].filter((l) => l !== w[ch] && DIGITS[l] === undefined))!;
      add('two-word-letter', words.map((x2, j) => (j === wi ? replaceAt(x2, ch, letter) : x2)).join(' '));
      const second = words[words.length - 1];
      const di = pick([...second].map((c, i) => (DIGITS[c] ? i : -1)).filter((i) => i >= 0));
      if (di !== undefined) add('two-word-digit', [...words.slice(0, -1), replaceAt(second, di, DIGITS[second[di]])].join(' '));
      add('two-word-dotted', words.map((x2) => [...x2].join('.')).join(' '));
    }
  }
  if (x.transliteration) out.push({ technique: 'transliteration', brandId: x.id, expect: 'held', lines: [x.transliteration, '正品保证'], category: cat, needs: 'lookalike' });
  return out;
}

/** Initial and final of a toneless pinyin syllable; near sounds fold together (zh/z, sh/s, ch/c, n/l, -ng/-n). */
export function soundKey(syllable: string): string {
  return syllable
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^n/, 'l')
    .replace(/ng$/, 'n')
    .replace(/ü/g, 'v');
}

function chineseVariants(x: InventedBrand, lex: Lexicon, next: () => number): GeneratedCase[] {
  const out: GeneratedCase[] = [];
  const cat = x.categories[0];
  const common = lex.commonChars().slice(0, 3500);
  const commonPinyin = common.map((c) => [c, pinyin(c, { toneType: 'none' })] as const);
  for (const name of hanNames(x)) {
    const chars = [...name];
    const add = (technique: string, text: string) =>
      out.push({ technique, brandId: x.id, expect: 'held', lines: [chars.length === 2 && technique !== 'cn-suffix' ? text : text, '正品 包邮'], category: cat, needs: 'lookalike' });
    const pys = pinyin(name, { toneType: 'none', type: 'array' });
    // Same or near sound: two characters of the name's positions, each swapped once.
    for (const i of [0, chars.length - 1]) {
      const same = commonPinyin.filter(([c, p]) => c !== chars[i] && soundKey(p) === soundKey(pys[i]) && !name.includes(c));
      const pickSame = same[Math.floor(next() * same.length)];
      if (pickSame) add('cn-sound', chars.map((c, j) => (j === i ? pickSame[0] : c)).join(''));
    }
    // Near shape: a common character of the same layout sharing a component.
    for (const i of [0, chars.length - 1]) {
      const d = lex.decompose(chars[i]);
      if (!d || d.parts.length < 2) continue;
      const shaped = common.filter((c) => {
        if (c === chars[i]) return false;
        const e = lex.decompose(c);
        return !!e && e.layout === d.layout && e.parts.length === d.parts.length && e.parts.filter((p, k) => p === d.parts[k]).length === d.parts.length - 1;
      });
      const s = shaped[Math.floor(next() * shaped.length)];
      if (s) add('cn-shape', chars.map((c, j) => (j === i ? s : c)).join(''));
    }
    if (chars.length === 3) {
      add('cn-swap', chars[0] + chars[2] + chars[1]);
      add('cn-swap', chars[1] + chars[0] + chars[2]);
    }
    add('cn-suffix', `${name}同款`);
  }
  return out;
}

const GRADE = ['顶级', '高仿', 'A货', '超A', 'AAAAA', 'AAA+', 'top grade', 'grade AAA', '1:1', '一比一'];
const COPY = ['复刻版', '原版复刻', 'mirror copy', 'copy version', '高版本', 'replica grade', '原版同款', '仿版', '精仿', 'clone version'];
const FACTORY = ['原单', '尾单', '工厂货', '跟单货', 'factory overrun', 'overrun stock', '外贸原单', '原厂尾货', 'original factory leftover', '代工厂货'];
const SLANG = ['PK版', 'LJR版', 'OG版', 'Top版', 'G版', 'M版', 'H12版', 'VS厂', 'ZF厂', 'PK batch', 'LJR batch', 'OG batch'];

function replicaVariants(x: InventedBrand, next: () => number): GeneratedCase[] {
  const name = [x.name, ...x.aliases].find(isHan) ?? x.name;
  const cat = x.categories[0];
  const out: GeneratedCase[] = [];
  const pick = (xs: string[]) => xs[Math.floor(next() * xs.length)];
  for (const [technique, terms] of [
    ['replica-grade', GRADE],
    ['replica-copy', COPY],
    ['replica-factory', FACTORY],
    ['replica-slang', SLANG],
  ] as const) {
    const t = pick([...terms]);
    const lines = next() < 0.5 ? [`${name} ${t}`, cat] : [`${t} ${cat}`, name];
    out.push({ technique, brandId: x.id, expect: 'held', lines, category: cat, needs: 'replica' });
  }
  return out;
}

/** Levenshtein distance, stopping early past `max`. */
function distance(a: string, b2: string, max: number): number {
  if (Math.abs(a.length - b2.length) > max) return max + 1;
  let prev = Array.from({ length: b2.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b2.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b2[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b2.length];
}

const OTHER_CATEGORY = 'household';

/** A Chinese word whose dictionary glosses name something eaten. */
function chineseFood(lex: Lexicon, word: string): boolean {
  return (lex.chinese(word)?.glosses ?? []).some((g) => lex.english(g.replace(/\(.*?\)/g, '').trim().split(' ').pop()!.toLowerCase())?.domains.has('noun.food'));
}

function decoys(x: InventedBrand, lex: Lexicon, englishWords: readonly string[], chineseWords: readonly string[], next: () => number): GeneratedCase[] {
  const out: GeneratedCase[] = [];
  const add = (technique: string, lines: string[], category = OTHER_CATEGORY) => out.push({ technique, brandId: x.id, expect: 'cleared', lines, category, needs: 'none' });
  for (const name of new Set(latinNames(x))) {
    const letters = name.replace(/ /g, '').toLowerCase();
    // Real words near the mark: one or two edits away, and words sharing its first letters.
    const near = englishWords.filter((w) => /^[a-z]+$/.test(w) && w.length >= 4 && w !== letters && distance(w, letters, 2) <= 2);
    for (const w of near.slice(0, 10)) add('dict-near', [w.toUpperCase(), 'GIFT BOX']);
    // Everyday words of about the mark's length, anywhere in the dictionary.
    const similar = englishWords.filter((w) => /^[a-z]+$/.test(w) && Math.abs(w.length - letters.length) <= 1);
    for (let k = 0; k < 6 && similar.length; k++) add('dict-random', [`${similar[Math.floor(next() * similar.length)].toUpperCase()} SET`, 'GIFT BOX']);
    const prefix = englishWords.filter((w) => /^[a-z]+$/.test(w) && w.length >= 5 && w !== letters && w.startsWith(letters.slice(0, 3)) && !letters.startsWith(w));
    for (let k = 0; k < 4 && prefix.length; k++) add('dict-prefix', [prefix[Math.floor(next() * prefix.length)].toUpperCase(), 'NET WT 200G']);
    // Each word of a two-word mark alone is ordinary English.
    if (name.includes(' ')) for (const w of name.split(' ')) add('two-word-part', [`${w} BOTTLE`, 'STAINLESS STEEL']);
  }
  // The brand word used as food or as a colour, on goods outside the brand's categories.
  const senses = lex.english(x.name.toLowerCase());
  if (senses?.domains.has('noun.food')) {
    add('brand-word-food', [`${x.name.toUpperCase()} RICE SEASONING`, 'INGREDIENTS: SALT, SPICES', 'NET WT 50G'], 'food');
  }
  if (senses?.colour) add('brand-word-colour', ['COTTON T-SHIRT', `COLOUR: ${x.name.toUpperCase()}`, 'SIZE: M'], 'apparel');
  if (x.transliteration) {
    const n = [...x.transliteration].length;
    const sameLength = chineseWords.filter((w) => [...w].length === n && /^[\u4e00-\u9fff]+$/.test(w));
    for (let k = 0; k < 6 && sameLength.length; k++) add('cn-random', [sameLength[Math.floor(next() * sameLength.length)], '正品保证']);
  }
  for (const han of hanNames(x)) {
    const meaning = lex.chinese(han);
    if (meaning && chineseFood(lex, han)) add('brand-word-food', [`${han} 枸杞 茶`, '配料 净含量 500g'], 'food');
    // Chinese words one character from the name (and not near it by design): everyday text.
    const chars = [...han];
    const oneOff = chineseWords.filter((w) => [...w].length === chars.length && w !== han && [...w].filter((c, i) => c === chars[i]).length === chars.length - 1);
    for (const w of oneOff.slice(0, 8)) add('cn-words', [`${w} 收纳盒`, '家居用品']);
    const sameLength = chineseWords.filter((w) => [...w].length === chars.length && /^[\u4e00-\u9fff]+$/.test(w));
    for (let k = 0; k < 6 && sameLength.length; k++) add('cn-random', [sameLength[Math.floor(next() * sameLength.length)], '家居用品']);
  }
  return out;
}

/** Replica-looking wording that is ordinary: ratios, batteries, copy paper, artificial plants, versions. */
export const REPLICA_DECOYS: readonly { technique: string; lines: string[]; category: string }[] = [
  { technique: 'ratio', lines: ['Mix 1:1 with water', 'Concentrate 500ml'], category: 'household' },
  { technique: 'ratio', lines: ['稀释比例 1:1', '地板清洁剂'], category: 'household' },
  { technique: 'ratio', lines: ['按1比1兑水使用'], category: 'household' },
  { technique: 'ratio', lines: ['Epoxy resin A:B = 1:1 by volume'], category: 'household' },
  { technique: 'ratio', lines: ['1 : 1 mixing ratio', 'two-part adhesive'], category: 'household' },
  { technique: 'ratio', lines: ['Scale 1:1 model kit'], category: 'toys' },
  { technique: 'ratio', lines: ['水泥 沙 1:1 调和'], category: 'household' },
  { technique: 'ratio', lines: ['Dilute 1:1 with milk', 'Baby formula'], category: 'food' },
  { technique: 'battery', lines: ['AAA 1.5V alkaline', '4 pack'], category: 'electronics' },
  { technique: 'battery', lines: ['Requires 2 x AAA batteries (not included)'], category: 'toys' },
  { technique: 'battery', lines: ['7号 AAA 电池'], category: 'electronics' },
  { technique: 'battery', lines: ['AA/AAA charger'], category: 'electronics' },
  { technique: 'copy-paper', lines: ['A4 copy paper 80gsm', '500 sheets'], category: 'stationery' },
  { technique: 'copy-paper', lines: ['复印纸 A4 70g'], category: 'stationery' },
  { technique: 'copy-paper', lines: ['Carbon copy book'], category: 'stationery' },
  { technique: 'artificial-plant', lines: ['仿真花 绿植 摆件'], category: 'household' },
  { technique: 'artificial-plant', lines: ['高仿真 多肉 植物'], category: 'household' },
  { technique: 'artificial-plant', lines: ['Artificial flower bouquet'], category: 'household' },
  { technique: 'artificial-plant', lines: ['仿真 绿萝 盆栽'], category: 'household' },
  { technique: 'version', lines: ['Firmware version 2.1'], category: 'electronics' },
  { technique: 'version', lines: ['English version', 'User manual'], category: 'stationery' },
  { technique: 'version', lines: ['升级版 收纳盒'], category: 'household' },
  { technique: 'factory', lines: ['Factory reset button'], category: 'electronics' },
  { technique: 'factory', lines: ['Grade A eggs', 'Free range'], category: 'food' },
  { technique: 'factory', lines: ['AAA credit rating'], category: 'stationery' },
  { technique: 'factory', lines: ['Top quality cotton'], category: 'apparel' },
  { technique: 'factory', lines: ['原味 薯片'], category: 'food' },
  { technique: 'factory', lines: ['莆田 特产 桂圆干'], category: 'food' },
  { technique: 'factory', lines: ['A货 翡翠 手镯 证书'], category: 'jewellery' },
  { technique: 'factory', lines: ['Mirror 40x60cm', 'Bathroom'], category: 'household' },
];

export interface GeneratedSet {
  brands: readonly InventedBrand[];
  cases: GeneratedCase[];
}

/** The whole set: every brand's variants and decoys, and the replica decoys. */
export function generateSet(lex: Lexicon, seed = 18): GeneratedSet {
  const next = rng(seed);
  const englishWords = lex.englishWords();
  const chineseWords = lex.chineseWords();
  const cases: GeneratedCase[] = [];
  for (const x of INVENTED_BRANDS) {
    cases.push(...latinVariants(x, next), ...chineseVariants(x, lex, next), ...replicaVariants(x, next), ...decoys(x, lex, englishWords, chineseWords, next));
  }
  for (const d of REPLICA_DECOYS) cases.push({ ...d, brandId: '', expect: 'cleared', needs: 'none' });
  return { brands: INVENTED_BRANDS, cases };
}

/** Words laid out left to right on numbered lines, as OCR reports them. */
export function wordsOf(lines: readonly string[], confidence = 92): WordRead[] {
  const out: WordRead[] = [];
  lines.forEach((text, lineNo) => {
    let x = 0;
    for (const t of text.split(' ').filter(Boolean)) {
      out.push({ text: t, confidence, box: { x, y: 60 * lineNo, w: [...t].length * 20, h: 30 }, line: lineNo });
      x += [...t].length * 20 + 18;
    }
  });
  return out;
}

export function photoOf(words: WordRead[], hits: BrandHit[], photoId = 'gen'): PhotoRead {
  const lines = new Map<number, string[]>();
  for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w.text]);
  return {
    photoId,
    width: 1000,
    height: 1000,
    kind: 'tag',
    barcodes: [],
    words,
    text: [...lines.values()].map((l) => l.join(' ')).join('\n'),
    meanConfidence: 92,
    brands: hits,
    invoice: null,
    waybill: null,
    timingsMs: { decode: 0, barcodes: 0, ocr: 0, total: 0 },
  };
}

export function orderOf(c: GeneratedCase): Order {
  return {
    orderNo: 'GEN1',
    trackingNo: 'GEN1',
    customer: 'C1',
    item: c.lines[0],
    declaredBrand: null,
    category: c.category,
    channel: 'TAOBAO',
    storeId: 'shop-1',
    storeName: 'shop',
    sellerTaxId: null,
    purchaseDate: '2026-11-01',
    amountFen: 1000,
  };
}
