// Reads a page with the PP-OCR engine: find the text lines, turn the page upright (sideways pages by
// the shape of their line boxes, upside-down ones by the line classifier's votes, both before any
// line is read), straighten a small tilt, recognise every line once, re-read with tesseract the
// Latin-only lines whose word spaces the model left in doubt, and give every word a box in the
// decoded photo's frame.
import sharp from 'sharp';
import type { Box } from '../../../../shared/types';
import { makeGray, rotate90, type GrayImage } from '../../../../shared/reading/grayImage';
import { estimateSkew } from '../../../../shared/reading/deskew';
import { cleanLine, CJK_CHAR } from '../../../../shared/reading/text';
import type { DetBox, PpOcrEngine, RecChar, RecLine } from './ppocrEngine';
import type { OcrLineOut, OcrWordOut, PageOcr } from '../worker/ocrTypes';

/** A line read with less confidence than this (mean character probability) is noise. */
const MIN_LINE_CONFIDENCE = 0.5;

/** Reads one Latin-only line image (PNG) as a single line; resolves to its text with word spaces. */
export type LineReader = (png: Buffer) => Promise<string>;

type Point = { x: number; y: number };
type ToPrevious = (p: Point) => Point;

/**
 * One pass of each model over the page: the lines found once (twice only when they run down the
 * page), the page turned over before any line is read when the 0/180 classifier votes so, every line
 * recognised once, and tesseract asked only about lines whose word spaces the model left in doubt.
 */
export async function readPage(engine: PpOcrEngine, gray: GrayImage, reread: LineReader | null): Promise<PageOcr> {
  const timings = { detect: 0, classify: 0, recognise: 0, reread: 0 };
  // Each step that turns the pixels adds a map from its frame back to the one before.
  let back: ToPrevious[] = [];
  let img = gray;
  let turns = 0;
  // Straighten a small tilt first (cheap, on a downscaled copy), then find the lines once.
  const straighten = async (from: GrayImage): Promise<{ img: GrayImage; back: ToPrevious[]; skew: number }> => {
    const skew = estimateSkew(from);
    if (Math.abs(skew) < 0.75) return { img: from, back: [], skew: 0 };
    const r = await rotateBy(from, -skew);
    return { img: r, back: [skewBack(from.width, from.height, r.width, r.height, skew)], skew };
  };
  let straight = await straighten(img);
  img = straight.img;
  back = straight.back;
  let t = performance.now();
  let boxes = await engine.detect(img);
  timings.detect += performance.now() - t;

  // Sideways: most of the text runs down the page (tall line boxes), or a few characters' square
  // boxes stand in one column. Turn the photo a quarter, straighten that, and find the lines again:
  // the one case detection runs twice. A column that still shows no line across once turned was
  // not lying on its side: the first finding stands.
  const sideways = isSideways(boxes);
  if (sideways || isColumnOfCharacters(boxes)) {
    const turned = rotate90(gray, 1);
    const straightTurned = await straighten(turned);
    t = performance.now();
    const turnedBoxes = await engine.detect(straightTurned.img);
    timings.detect += performance.now() - t;
    if (sideways || turnedBoxes.some((b) => b.w > b.h * 1.5)) {
      straight = straightTurned;
      back = [quarterTurnBack(gray.width, gray.height, 1), ...straight.back];
      img = straight.img;
      turns = 1;
      boxes = turnedBoxes;
    }
  }
  const skew = straight.skew;

  // Upside down: decided by the 0/180 classifier before any line is recognised.
  t = performance.now();
  if (boxes.length && (await votesUpsideDown(engine, img, boxes))) {
    const W = img.width;
    const H = img.height;
    back.push(quarterTurnBack(W, H, 2));
    img = rotate90(img, 2);
    boxes = boxes.map((b) => ({ ...b, x: W - b.x - b.w, y: H - b.y - b.h }));
    turns = (turns + 2) % 4;
  }
  timings.classify += performance.now() - t;
  t = performance.now();
  const recs = await engine.recognise(img, boxes);
  timings.recognise += performance.now() - t;

  const toPhoto = (b: Box): Box => {
    let pts = corners(b);
    for (let i = back.length - 1; i >= 0; i--) pts = pts.map(back[i]);
    return boundsOf(pts);
  };

  const kept: { box: DetBox; rec: RecLine }[] = [];
  boxes.forEach((box, i) => {
    const rec = recs[i];
    if (rec.text.trim() && rec.confidence >= MIN_LINE_CONFIDENCE) kept.push({ box, rec });
  });
  // Reading order, in the upright frame: top to bottom, then left to right.
  kept.sort((a, b) => (Math.abs(a.box.y - b.box.y) < Math.min(a.box.h, b.box.h) / 2 ? a.box.x - b.box.x : a.box.y - b.box.y));

  const lines: OcrLineOut[] = [];
  for (const { box, rec } of kept) {
    let spaced: string | null = null;
    if (reread && isLatinOnly(rec.text) && spacingInDoubt(rec.text)) {
      t = performance.now();
      spaced = await rereadLine(img, box, rec, reread);
      timings.reread += performance.now() - t;
    }
    const words = wordsOf(rec.chars, spaced).map<OcrWordOut>((w) => ({
      text: cleanLine(w.text),
      confidence: Math.round(w.confidence * 100),
      box: toPhoto({ x: box.x + w.x0, y: box.y, w: Math.max(1, w.x1 - w.x0), h: box.h }),
    })).filter((w) => w.text);
    if (!words.length) continue;
    const text = cleanLine(spaced ?? rec.text);
    lines.push({ text, layoutBox: roundBox(box), box: toPhoto(box), words });
  }
  return {
    lines,
    turns,
    skew,
    timingsMs: {
      detect: Math.round(timings.detect),
      classify: Math.round(timings.classify),
      recognise: Math.round(timings.recognise),
      reread: Math.round(timings.reread),
    },
  };
}

const corners = (b: Box): Point[] => [
  { x: b.x, y: b.y },
  { x: b.x + b.w, y: b.y },
  { x: b.x, y: b.y + b.h },
  { x: b.x + b.w, y: b.y + b.h },
];

function boundsOf(pts: Point[]): Box {
  const x0 = Math.min(...pts.map((q) => q.x));
  const y0 = Math.min(...pts.map((q) => q.y));
  return roundBox({ x: x0, y: y0, w: Math.max(...pts.map((q) => q.x)) - x0, h: Math.max(...pts.map((q) => q.y)) - y0 });
}

/** At most this many lines, the classifier is also shown each line turned over (its word is thin). */
const FEW_LINES = 3;

/**
 * The classifier's vote, each line weighted by its width. A page of a line or three gives it little
 * to go on and it leans one way on what it cannot tell (a few digits, a logo): there each line is
 * also shown turned over, and the line's vote is how far its two answers agree that it is upside
 * down, so a line the classifier cannot tell either way carries no weight.
 */
async function votesUpsideDown(engine: PpOcrEngine, img: GrayImage, boxes: readonly DetBox[]): Promise<boolean> {
  const p180 = await engine.upsideDown(img, boxes);
  if (boxes.length > FEW_LINES) return upsideDownVote(boxes, p180, null);
  return upsideDownVote(boxes, p180, await engine.upsideDown(img, boxes, true));
}

/**
 * Whether the lines' votes (p180: the classifier's probability that each is upside down; turned:
 * the same for each line shown turned over, or null) say the page is upside down.
 */
export function upsideDownVote(boxes: readonly DetBox[], p180: readonly number[], turned: readonly number[] | null): boolean {
  let lean = 0;
  boxes.forEach((b, i) => {
    if (turned) lean += b.w * ((p180[i] + 1 - turned[i]) / 2 - 0.5);
    else lean += p180[i] > 0.5 ? b.w : -b.w;
  });
  return lean > 0;
}

/** Tall boxes carrying most of the text's length: the page lies on its side. */
export function isSideways(boxes: readonly DetBox[]): boolean {
  let tall = 0;
  let wide = 0;
  for (const b of boxes) {
    if (b.h > b.w * 1.5) tall += b.h;
    else if (b.w > b.h * 1.5) wide += b.w;
  }
  return tall > 2 * wide && tall > 0;
}

/**
 * Two to eight square boxes stacked in one column, nothing else: a few characters (a short Chinese
 * line) running down the page, which detection finds one character at a time, so their boxes do
 * not show the way the text runs.
 */
export function isColumnOfCharacters(boxes: readonly DetBox[]): boolean {
  if (boxes.length < 2 || boxes.length > 8) return false;
  if (!boxes.every((b) => b.w < b.h * 1.5 && b.h < b.w * 1.5)) return false;
  const down = [...boxes].sort((a, b) => a.y - b.y);
  for (let i = 1; i < down.length; i++) {
    const a = down[i - 1];
    const b = down[i];
    const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
    // A character detection missed leaves a gap of one: two are allowed.
    if (overlap < 0.5 * Math.min(a.w, b.w) || b.y - (a.y + a.h) > 2 * Math.max(a.h, b.h)) return false;
  }
  return true;
}

/** Letters, digits and ASCII punctuation only, with at least two letters: a line tesseract reads well. */
export function isLatinOnly(text: string): boolean {
  return !CJK_CHAR.test(text) && /^[\x20-\x7e\u00a0-\u024f]+$/.test(text) && (text.match(/[A-Za-z]/g) ?? []).length >= 2;
}

/**
 * Tesseract's reading of the line, kept only where its characters are exactly the model's (spaces
 * aside): then only its spaces are taken, never a character the model did not read.
 */
async function rereadLine(img: GrayImage, box: DetBox, rec: RecLine, reread: LineReader): Promise<string | null> {
  const model = rec.text.replace(/\s+/g, '');
  if (model.length < 3) return null;
  const png = await linePng(img, box);
  try {
    return agreedSpacing(rec.text, await reread(png));
  } catch {
    return null;
  }
}

/** Tesseract's line with its spaces where its characters are exactly the model's; else null. */
export function agreedSpacing(model: string, tesseract: string): string | null {
  const got = tesseract.replace(/\s+/g, ' ').trim();
  return got && got.replace(/\s+/g, '') === model.replace(/\s+/g, '') ? got : null;
}

async function linePng(img: GrayImage, box: DetBox): Promise<Buffer> {
  const pad = Math.round(box.h * 0.15);
  const x0 = Math.max(0, Math.floor(box.x - pad));
  const y0 = Math.max(0, Math.floor(box.y - pad));
  const x1 = Math.min(img.width, Math.ceil(box.x + box.w + pad));
  const y1 = Math.min(img.height, Math.ceil(box.y + box.h + pad));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const crop = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) crop.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w);
  // Tesseract reads letters best some 30–40 px high, with a white margin around the line.
  const scale = Math.max(0.5, Math.min(4, 64 / h));
  return sharp(crop, { raw: { width: w, height: h, channels: 1 } })
    .resize(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)))
    .extend({ top: 12, bottom: 12, left: 12, right: 12, background: '#ffffff' })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

interface WordSpan {
  text: string;
  confidence: number;
  x0: number;
  x1: number;
}

/**
 * Splits a recognised line into words at spaces (the model's, or tesseract's where it agreed) and
 * where Chinese meets Latin or digits; each word spans its characters' CTC timesteps.
 */
export function wordsOf(chars: readonly RecChar[], spaced: string | null): WordSpan[] {
  // Where tesseract put a space: before which non-space model character.
  const breaks = new Set<number>();
  if (spaced) {
    let k = 0;
    for (const c of spaced) {
      if (/\s/.test(c)) breaks.add(k);
      else k++;
    }
  }
  const words: WordSpan[] = [];
  let cur: RecChar[] = [];
  const flush = () => {
    if (cur.length) {
      words.push({
        text: cur.map((c) => c.ch).join(''),
        confidence: cur.reduce((s, c) => s + c.p, 0) / cur.length,
        x0: cur[0].x0,
        x1: cur[cur.length - 1].x1,
      });
    }
    cur = [];
  };
  let k = 0;
  for (const c of chars) {
    if (/\s/.test(c.ch)) {
      flush();
      continue;
    }
    const prev = cur[cur.length - 1];
    if (breaks.has(k) || (prev && CJK_CHAR.test(prev.ch) !== CJK_CHAR.test(c.ch))) flush();
    cur.push(c);
    k++;
  }
  flush();
  return words;
}

function roundBox(b: Box): Box {
  return { x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h) };
}

/** Map from a frame turned `turns` quarter turns clockwise (by rotate90) back to the frame before. */
function quarterTurnBack(w: number, h: number, turns: number): ToPrevious {
  const t = ((turns % 4) + 4) % 4;
  if (t === 1) return (p) => ({ x: p.y, y: h - p.x });
  if (t === 2) return (p) => ({ x: w - p.x, y: h - p.y });
  if (t === 3) return (p) => ({ x: w - p.y, y: p.x });
  return (p) => p;
}

/** Map from the straightened (expanded) canvas back: turn by +skew about the centres. */
function skewBack(w: number, h: number, tw: number, th: number, skew: number): ToPrevious {
  const a = (skew * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  return (p) => {
    const dx = p.x - tw / 2;
    const dy = p.y - th / 2;
    return { x: w / 2 + dx * c - dy * s, y: h / 2 + dx * s + dy * c };
  };
}

async function rotateBy(img: GrayImage, degrees: number): Promise<GrayImage> {
  const { data, info } = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.width * img.height), { raw: { width: img.width, height: img.height, channels: 1 } })
    .rotate(degrees, { background: '#ffffff' })
    .removeAlpha()
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = makeGray(info.width, info.height);
  out.data.set(data.subarray(0, info.width * info.height));
  return out;
}

/** A letter run this long without a space may be words the model ran together (SFEXPRESS). */
const LONG_RUN = 8;

/**
 * Whether the model's line may have lost word spaces: a run of letters long enough to be two words,
 * or one where a capital follows a small letter (theCosmicVoid). Measured on the pack, the corpus's
 * test pages and 8 receipts (353 Latin lines): the model spaces prose itself (tesseract changed no
 * line of the English test pages), tesseract changed 54 lines, and where this says no doubt its
 * changes were spaces beside digits and punctuation (Tax(RM), STYLE3953) or a wrong split (MUJI
 * read MU JI); 76 lines of 353 are re-read, a quarter of the re-read time.
 */
export function spacingInDoubt(text: string): boolean {
  // Letters are counted across digits inside the run: a mark disguised with a digit for a letter
  // (STONE WR3N read STONEWR3N) runs words together just the same, while a code (SF529989826725,
  // STYLE3953) has too few letters to be two words.
  return (text.match(/[A-Za-z0-9]+/g) ?? []).some((run) => run.replace(/[^A-Za-z]/g, '').length >= LONG_RUN || /[a-z][A-Z]/.test(run));
}
