// Finds and decodes every barcode in a photo, at any tilt: candidate regions from the local
// gradient structure, each straightened and decoded with @zxing/library, then whole-image passes.
import {
  BarcodeFormat as ZxFormatEnum,
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  Code39Reader,
  DataMatrixReader,
  MultiFormatOneDReader,
  PDF417Reader,
  QRCodeReader,
  RGBLuminanceSource,
  type ZxFormat,
  type ZxHint,
  type ZxReader,
  type ZxResult,
} from './zxing';
import type { BarcodeFormat, BarcodeRead, Box } from '../types';
import { UpcEReader } from './upcE';
import { downscale, makeGray, rotate90, sampleOriented, stretchContrast, type GrayImage, type OrientedRect } from './grayImage';

const FORMAT_NAMES: Partial<Record<ZxFormat, BarcodeFormat>> = {
  [ZxFormatEnum.CODE_128]: 'CODE_128',
  [ZxFormatEnum.EAN_13]: 'EAN_13',
  [ZxFormatEnum.EAN_8]: 'EAN_8',
  [ZxFormatEnum.UPC_A]: 'UPC_A',
  [ZxFormatEnum.UPC_E]: 'UPC_E',
  [ZxFormatEnum.CODE_39]: 'CODE_39',
  [ZxFormatEnum.ITF]: 'ITF',
  [ZxFormatEnum.QR_CODE]: 'QR_CODE',
  [ZxFormatEnum.DATA_MATRIX]: 'DATA_MATRIX',
  [ZxFormatEnum.PDF_417]: 'PDF_417',
  [ZxFormatEnum.CODABAR]: 'CODABAR',
};

const RETAIL_FORMATS = new Set<BarcodeFormat>(['EAN_13', 'EAN_8', 'UPC_A', 'UPC_E']);
const LINEAR = [ZxFormatEnum.CODE_128, ZxFormatEnum.EAN_13, ZxFormatEnum.EAN_8, ZxFormatEnum.UPC_A, ZxFormatEnum.UPC_E, ZxFormatEnum.CODE_39, ZxFormatEnum.ITF];
const MATRIX = [ZxFormatEnum.QR_CODE, ZxFormatEnum.DATA_MATRIX, ZxFormatEnum.PDF_417];

function makeHints(formats: ZxFormat[], tryHarder: boolean): Map<ZxHint, unknown> {
  const hints = new Map<ZxHint, unknown>();
  hints.set(DecodeHintType.POSSIBLE_FORMATS, formats);
  if (tryHarder) hints.set(DecodeHintType.TRY_HARDER, true);
  return hints;
}

/**
 * Our own dispatcher over zxing's readers: its MultiFormatReader logs every miss to the console
 * (its exception class check fails across the CommonJS build), and a miss is the common case here.
 */
class Decoder {
  private readonly readers: ZxReader[];
  constructor(
    formats: ZxFormat[],
    private readonly hints: Map<ZxHint, unknown>,
  ) {
    // UPC-E by our own row decoder: the library's never decodes (see upcE.ts).
    const linear = formats.filter((f) => (LINEAR as ZxFormat[]).includes(f) && f !== ZxFormatEnum.UPC_E);
    this.readers = [
      ...(linear.length ? [new MultiFormatOneDReader(makeHints(linear, hints.has(DecodeHintType.TRY_HARDER)))] : []),
      ...(formats.includes(ZxFormatEnum.UPC_E) ? [new UpcEReader()] : []),
      ...(formats.includes(ZxFormatEnum.QR_CODE) ? [new QRCodeReader()] : []),
      ...(formats.includes(ZxFormatEnum.DATA_MATRIX) ? [new DataMatrixReader()] : []),
      ...(formats.includes(ZxFormatEnum.PDF_417) ? [new PDF417Reader()] : []),
    ];
  }
  /** Full-ASCII ("extended") Code 39 spells lower case and punctuation as pairs such as +A or /C. */
  private readonly code39Extended = new Code39Reader(false, true);

  decode(bitmap: InstanceType<typeof BinaryBitmap>): ZxResult | null {
    for (const reader of this.readers) {
      try {
        const r = reader.decode(bitmap, this.hints);
        if (r.getBarcodeFormat() === ZxFormatEnum.CODE_39 && /[$%/+][A-Z]/.test(r.getText())) {
          try {
            return this.code39Extended.decode(bitmap, this.hints);
          } catch {
            // not valid as full ASCII: keep the plain reading
          }
        }
        return r;
      } catch {
        // not this format
      } finally {
        reader.reset();
      }
    }
    return null;
  }
}

function makeReader(formats: ZxFormat[], tryHarder: boolean): Decoder {
  return new Decoder(formats, makeHints(formats, tryHarder));
}

export interface ScanOptions {
  /** Stop once a barcode satisfying this is found (the tracking number), after the region pass. */
  enough?: (found: BarcodeRead[]) => boolean;
  /** Skip the slower whole-image fallbacks (used when regions already gave results). */
  thorough?: boolean;
}

interface Candidate {
  rect: OrientedRect;
  score: number;
}

/**
 * The decoders are stateful objects; one set per scanner. A scanner is used by one thread at a time.
 */
export class BarcodeScanner {
  private readonly linear = makeReader(LINEAR, true);
  private readonly linearFast = makeReader(LINEAR, false);
  private readonly matrix = makeReader(MATRIX, true);
  private readonly wholeImage = [makeReader(LINEAR, true), ...MATRIX.map((m) => makeReader([m], true))];

  /** Scans to the end in one go (tests, benchmarks, a worker). */
  scan(img: GrayImage, options: ScanOptions = {}): BarcodeRead[] {
    const steps = this.steps(img, options);
    let r = steps.next();
    while (!r.done) r = steps.next();
    return r.value;
  }

  /**
   * The same scan, giving the event loop back between steps (one region, one whole-image pass),
   * so a process that also answers the UI is never blocked for the whole scan.
   */
  async scanCooperatively(img: GrayImage, options: ScanOptions, pause: () => Promise<void>): Promise<BarcodeRead[]> {
    const steps = this.steps(img, options);
    let r = steps.next();
    while (!r.done) {
      await pause();
      r = steps.next();
    }
    return r.value;
  }

  private *steps(img: GrayImage, options: ScanOptions): Generator<void, BarcodeRead[], void> {
    const found: BarcodeRead[] = [];
    const add = (r: BarcodeRead | null) => {
      if (!r) return;
      if (found.some((f) => f.text === r.text && f.format === r.format)) return;
      found.push(r);
    };

    // 1. Oriented candidate regions (linear codes at any angle).
    const candidates = findLinearCandidates(img);
    yield;
    for (const c of candidates) {
      // The estimated angle first (as before), the corrected one where that reads nothing.
      let r = this.decodeRegion(img, c.rect);
      if (!r) {
        const refined = refineAngle(img, c.rect);
        if (refined !== c.rect) r = this.decodeRegion(img, refined);
      }
      add(r);
      yield;
    }
    if (options.enough?.(found)) return found;

    // 2. Whole image, all formats: 2-D codes, and linear codes the regions missed. zxing's 2-D
    //    detectors find rotated symbols themselves, but PDF417 only upright or upside down: a
    //    quarter turn is tried when nothing at all was found.
    const thorough = options.thorough ?? true;
    const scale = Math.max(img.width, img.height) > 1400 ? downscale(img, 2) : img;
    const f = img.width / scale.width;
    const turnsToTry = thorough && found.length === 0 ? [0, 1] : [0];
    let hit = false;
    outer: for (const turns of turnsToTry) {
      const view = rotate90(scale, turns);
      // One format family a step: each is a whole-image search of its own.
      for (const decoder of this.wholeImage) {
        const r = this.tryDecode(decoder, view);
        if (r) {
          add(toRead(r, (x, y) => unrotatePoint(x, y, turns, scale.width, scale.height, f)));
          hit = true;
          break outer;
        }
        yield;
      }
    }
    // A large 2-D symbol with fine print can fail its checksum at this scale and read at a coarser one.
    if (thorough && !hit && Math.max(scale.width, scale.height) > 900) {
      const coarse = downscale(scale, 2);
      const fc = img.width / coarse.width;
      coarse: for (const turns of turnsToTry) {
        const view = rotate90(coarse, turns);
        for (const decoder of this.wholeImage.slice(1)) {
          const r = this.tryDecode(decoder, view);
          if (r) {
            add(toRead(r, (x, y) => unrotatePoint(x, y, turns, coarse.width, coarse.height, fc)));
            break coarse;
          }
          yield;
        }
      }
    }
    return found;
  }

  /**
   * A region may hold a barcode and its neighbours (digits, another code) joined together: a tall
   * region is tried as bands across its height too, each judged on its own.
   */
  private decodeRegion(img: GrayImage, rect: OrientedRect): BarcodeRead | null {
    const whole = this.decodeBand(img, rect);
    if (whole && RETAIL_FORMATS.has(whole.format)) return this.confirmRetail(img, rect, whole);
    if (whole || rect.height <= rect.width * 0.3) return whole;
    const bandH = Math.max(BLOCK * 4, rect.width * 0.2);
    const n = Math.min(6, Math.ceil(rect.height / bandH));
    const vx = -Math.sin(rect.angle);
    const vy = Math.cos(rect.angle);
    for (let i = 0; i < n; i++) {
      const offset = -rect.height / 2 + ((i + 0.5) * rect.height) / n;
      const band = { ...rect, cx: rect.cx + vx * offset, cy: rect.cy + vy * offset, height: rect.height / n };
      const r = this.decodeBand(img, band);
      if (r) return r;
    }
    return null;
  }

  /**
   * A retail code's check digit lets about one misread in ten through, and ZXing takes the first row
   * that decodes: on a tilted, soft product photo one row can misread two digits. Two more bands of
   * the region are read; where two agree against the first reading, theirs wins.
   */
  private confirmRetail(img: GrayImage, rect: OrientedRect, whole: BarcodeRead): BarcodeRead | null {
    const vx = -Math.sin(rect.angle);
    const vy = Math.cos(rect.angle);
    const reads = [whole];
    for (const off of [-0.22, 0.22]) {
      const band = { ...rect, cx: rect.cx + vx * off * rect.height, cy: rect.cy + vy * off * rect.height, height: rect.height * 0.45 };
      const r = this.decodeBand(img, band);
      if (r) reads.push(r);
    }
    if (reads.every((r) => r.text === whole.text)) return whole;
    const votes = new Map<string, number>();
    for (const r of reads) votes.set(r.text, (votes.get(r.text) ?? 0) + 1);
    const [best, n] = [...votes].sort((p, q) => q[1] - p[1])[0];
    const runnerUp = [...votes.values()].sort((p, q) => q - p)[1] ?? 0;
    // No majority against the first reading: keep it, as ZXing would.
    if (n < 2 || n === runnerUp || best === whole.text) return whole;
    return { ...reads.find((r) => r.text === best)!, box: whole.box };
  }

  private decodeBand(img: GrayImage, rect: OrientedRect): BarcodeRead | null {
    // Straighten the region so bars stand vertical, at a resolution of about 1 source pixel.
    // Few rows suffice across vertical bars; fewer rows make zxing's row scan cheap.
    const outW = Math.min(2400, Math.max(64, Math.round(rect.width)));
    const outH = Math.min(64, Math.max(24, Math.round(rect.height)));
    const upright = sampleOriented(img, rect, outW, outH);
    if (barness(upright) < 0.6 || darkRuns(upright) < 15) return null;
    const map = (x: number, y: number) => {
      const lx = (x / outW - 0.5) * rect.width;
      const ly = (y / outH - 0.5) * rect.height;
      return {
        x: rect.cx + lx * Math.cos(rect.angle) - ly * Math.sin(rect.angle),
        y: rect.cy + lx * Math.sin(rect.angle) + ly * Math.cos(rect.angle),
      };
    };
    const attempts: GrayImage[] = [upright, stretchContrast(upright)];
    for (const view of attempts) {
      const r = this.tryDecode(this.linear, view, true) ?? this.tryDecode(this.linearFast, view, false);
      if (r) return toRead(r, map, rect);
    }
    // Thin bars at a long distance: upscale.
    if (outW < 900) {
      const big = sampleOriented(img, rect, outW * 2, outH);
      const r = this.tryDecode(this.linear, big, true);
      if (r) return toRead(r, (x, y) => map(x / 2, y), rect);
    }
    return null;
  }

  private tryDecode(reader: Decoder, img: GrayImage, hybridFirst = true): ZxResult | null {
    const source = new RGBLuminanceSource(img.data, img.width, img.height);
    const binarizers = hybridFirst ? [HybridBinarizer, GlobalHistogramBinarizer] : [GlobalHistogramBinarizer];
    for (const B of binarizers) {
      const r = reader.decode(new BinaryBitmap(new B(source)));
      if (r) return r;
    }
    return null;
  }
}

/**
 * The region's angle, corrected where the gradient estimate is off (a label's edges and printed
 * digits pull it by up to ~10° on a tilted product): the angle within ±12° at which the
 * straightened region looks most like bars.
 */
export function refineAngle(img: GrayImage, rect: OrientedRect): OrientedRect {
  const outW = Math.min(600, Math.max(64, Math.round(rect.width)));
  const score = (angle: number) => barness(sampleOriented(img, { ...rect, angle }, outW, 24));
  let best = rect.angle;
  let bestScore = score(best);
  if (bestScore >= 0.85) return rect;
  const deg = Math.PI / 180;
  for (let d = -12; d <= 12; d += 3) {
    if (d === 0) continue;
    const v = score(rect.angle + d * deg);
    if (v > bestScore) [best, bestScore] = [rect.angle + d * deg, v];
  }
  const coarse = best;
  for (const d of [-1.5, -0.75, 0.75, 1.5]) {
    const v = score(coarse + d * deg);
    if (v > bestScore) [best, bestScore] = [coarse + d * deg, v];
  }
  return best === rect.angle ? rect : { ...rect, angle: best };
}

/**
 * How much a straightened region looks like bars: the share of its variance that lies between
 * columns (bars are uniform top to bottom; text and texture are not). 1 for perfect bars.
 */
export function barness(img: GrayImage): number {
  const { width: w, height: h, data } = img;
  // The middle half of the rows: the region's edges may hold the digits under the bars.
  const y0 = Math.floor(h * 0.25);
  const y1 = Math.max(y0 + 1, Math.floor(h * 0.75));
  const rows = y1 - y0;
  let sum = 0;
  let sumSq = 0;
  let between = 0;
  const colMeans = new Float64Array(w);
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x];
      colMeans[x] += v;
      sum += v;
      sumSq += v * v;
    }
  }
  const n = rows * w;
  const mean = sum / n;
  const total = sumSq / n - mean * mean;
  if (total < 100) return 0;
  for (let x = 0; x < w; x++) {
    const m = colMeans[x] / rows - mean;
    between += m * m;
  }
  return between / w / total;
}

/** Dark runs (bars) along the column-mean profile: a barcode has many, a word a handful. */
export function darkRuns(img: GrayImage): number {
  const { width: w, height: h, data } = img;
  const profile = new Float64Array(w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) profile[x] += data[y * w + x];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of profile) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const mid = (lo + hi) / 2;
  let runs = 0;
  let dark = false;
  for (const v of profile) {
    const d = v < mid;
    if (d && !dark) runs++;
    dark = d;
  }
  return runs;
}

function toRead(r: ZxResult, map: (x: number, y: number) => { x: number; y: number }, rect?: OrientedRect): BarcodeRead | null {
  const format = FORMAT_NAMES[r.getBarcodeFormat()] ?? 'OTHER';
  const text = r.getText();
  if (!text) return null;
  const pts = (r.getResultPoints() ?? []).filter(Boolean).map((p) => map(p.getX(), p.getY()));
  let box: Box;
  if (rect) {
    box = rectBounds(rect);
  } else if (pts.length) {
    const xs = pts.map((p) => p.x);
    const ys = pts.map((p) => p.y);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    box = { x: Math.round(x), y: Math.round(y), w: Math.max(1, Math.round(Math.max(...xs) - x)), h: Math.max(1, Math.round(Math.max(...ys) - y)) };
  } else {
    box = { x: 0, y: 0, w: 0, h: 0 };
  }
  return { format, text, box };
}

function rectBounds(r: OrientedRect): Box {
  const c = Math.abs(Math.cos(r.angle));
  const s = Math.abs(Math.sin(r.angle));
  const w = r.width * c + r.height * s;
  const h = r.width * s + r.height * c;
  return { x: Math.round(r.cx - w / 2), y: Math.round(r.cy - h / 2), w: Math.round(w), h: Math.round(h) };
}

/** Maps a point found in a view rotated `turns` × 90° clockwise (of a scaled source) back to the source. */
function unrotatePoint(x: number, y: number, turns: number, w: number, h: number, f: number) {
  let sx = x;
  let sy = y;
  if (turns === 1) [sx, sy] = [y, h - 1 - x];
  else if (turns === 2) [sx, sy] = [w - 1 - x, h - 1 - y];
  else if (turns === 3) [sx, sy] = [w - 1 - y, x];
  return { x: sx * f, y: sy * f };
}

// ---- candidate regions ------------------------------------------------------------------

const BLOCK = 8;

/**
 * Linear barcodes are areas where the gradient is strong and points one way. Blocks with a
 * strong, coherent structure tensor are joined into regions of like angle; each region becomes
 * an oriented rectangle along the bars' normal, with room for the quiet zone.
 */
export function findLinearCandidates(img: GrayImage, maxRegions = 24): Candidate[] {
  const factor = Math.max(1, Math.floor(Math.max(img.width, img.height) / 900));
  const a = factor > 1 ? downscale(img, factor) : img;
  const bw = Math.floor(a.width / BLOCK);
  const bh = Math.floor(a.height / BLOCK);
  if (bw < 3 || bh < 3) return [];
  const jxx = new Float32Array(bw * bh);
  const jyy = new Float32Array(bw * bh);
  const jxy = new Float32Array(bw * bh);
  const { data, width } = a;
  for (let y = 1; y < bh * BLOCK - 1; y++) {
    const by = Math.floor(y / BLOCK);
    for (let x = 1; x < bw * BLOCK - 1; x++) {
      const i = y * width + x;
      const gx = data[i + 1] - data[i - 1];
      const gy = data[i + width] - data[i - width];
      const b = by * bw + Math.floor(x / BLOCK);
      jxx[b] += gx * gx;
      jyy[b] += gy * gy;
      jxy[b] += gx * gy;
    }
  }
  const energy = new Float32Array(bw * bh);
  const angle = new Float32Array(bw * bh);
  const coherent = new Uint8Array(bw * bh);
  const norm = BLOCK * BLOCK;
  for (let b = 0; b < bw * bh; b++) {
    const e = (jxx[b] + jyy[b]) / norm;
    energy[b] = e;
    const d = Math.sqrt((jxx[b] - jyy[b]) ** 2 + 4 * jxy[b] ** 2);
    const coh = jxx[b] + jyy[b] > 0 ? d / (jxx[b] + jyy[b]) : 0;
    angle[b] = 0.5 * Math.atan2(2 * jxy[b], jxx[b] - jyy[b]);
    // Mean squared gradient above ~ (40 grey levels)² a pixel, and the gradient mostly one way.
    coherent[b] = e > 900 && coh > 0.55 ? 1 : 0;
  }

  // Join coherent blocks of similar angle (8-neighbourhood), tolerating a one-block gap along bars.
  const label = new Int32Array(bw * bh).fill(-1);
  const regions: number[][] = [];
  const similar = (p: number, q: number) => {
    let d = Math.abs(angle[p] - angle[q]);
    if (d > Math.PI / 2) d = Math.PI - d;
    return d < 0.3;
  };
  for (let start = 0; start < bw * bh; start++) {
    if (!coherent[start] || label[start] >= 0) continue;
    const id = regions.length;
    const members: number[] = [];
    const stack = [start];
    label[start] = id;
    while (stack.length) {
      const p = stack.pop()!;
      members.push(p);
      const px = p % bw;
      const py = (p - px) / bw;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          if (!dx && !dy) continue;
          if ((Math.abs(dx) === 2 || Math.abs(dy) === 2) && Math.abs(dx) + Math.abs(dy) > 2) continue;
          const qx = px + dx;
          const qy = py + dy;
          if (qx < 0 || qy < 0 || qx >= bw || qy >= bh) continue;
          const q = qy * bw + qx;
          if (!coherent[q] || label[q] >= 0 || !similar(p, q)) continue;
          label[q] = id;
          stack.push(q);
        }
      }
    }
    regions.push(members);
  }

  const candidates: Candidate[] = [];
  for (const members of regions) {
    if (members.length < 6) continue;
    // Energy-weighted mean of doubled angles: the gradient direction (across the bars).
    let c2 = 0;
    let s2 = 0;
    let total = 0;
    for (const b of members) {
      c2 += energy[b] * Math.cos(2 * angle[b]);
      s2 += energy[b] * Math.sin(2 * angle[b]);
      total += energy[b];
    }
    const theta = 0.5 * Math.atan2(s2, c2);
    const ux = Math.cos(theta);
    const uy = Math.sin(theta);
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const b of members) {
      const x = ((b % bw) + 0.5) * BLOCK;
      const y = (Math.floor(b / bw) + 0.5) * BLOCK;
      const u = x * ux + y * uy;
      const v = -x * uy + y * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const len = maxU - minU + BLOCK;
    const thick = maxV - minV + BLOCK;
    // A barcode is a band: longer across the bars than a few blocks, and not a thin sliver of text.
    if (len < BLOCK * 4 || thick < BLOCK * 2) continue;
    const cu = (minU + maxU) / 2;
    const cv = (minV + maxV) / 2;
    const cx = (cu * ux - cv * uy) * factor;
    const cy = (cu * uy + cv * ux) * factor;
    candidates.push({
      rect: {
        cx,
        cy,
        angle: theta,
        // Quiet zone on both ends; a little more height than the bars found.
        width: (len + 3 * BLOCK) * factor * 1.12,
        height: (thick + BLOCK) * factor,
      },
      score: total * Math.min(1, len / (4 * thick + 1)),
    });
  }
  candidates.sort((p, q) => q.score - p.score);
  return mergeCollinear(candidates).slice(0, maxRegions);
}

/**
 * A barcode's wide spaces can split it into pieces side by side along the scan direction:
 * join pieces of like angle that lie on one line and touch or nearly touch.
 */
function mergeCollinear(cands: Candidate[]): Candidate[] {
  const out = [...cands];
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i].rect;
        const b = out[j].rect;
        let d = Math.abs(a.angle - b.angle);
        if (d > Math.PI / 2) d = Math.PI - d;
        if (d > 0.12) continue;
        const ux = Math.cos(a.angle);
        const uy = Math.sin(a.angle);
        const du = (b.cx - a.cx) * ux + (b.cy - a.cy) * uy;
        const dv = -(b.cx - a.cx) * uy + (b.cy - a.cy) * ux;
        const h = Math.min(a.height, b.height);
        // Pieces of one symbol share the bars' length; text beside a barcode does not.
        if (Math.max(a.height, b.height) > 2.2 * h) continue;
        if (Math.abs(dv) > h * 0.35) continue;
        const gap = Math.abs(du) - (a.width + b.width) / 2;
        if (gap > h * 0.25) continue;
        const lo = Math.min(-a.width / 2, du - b.width / 2);
        const hi = Math.max(a.width / 2, du + b.width / 2);
        const vlo = Math.min(-a.height / 2, dv - b.height / 2);
        const vhi = Math.max(a.height / 2, dv + b.height / 2);
        const cu = (lo + hi) / 2;
        const cv = (vlo + vhi) / 2;
        out[i] = {
          rect: { cx: a.cx + cu * ux - cv * uy, cy: a.cy + cu * uy + cv * ux, angle: a.angle, width: hi - lo, height: vhi - vlo },
          score: out[i].score + out[j].score,
        };
        out.splice(j, 1);
        merged = true;
        break outer;
      }
    }
  }
  return out;
}

/** Grayscale (ITU-R BT.601) from interleaved RGB or RGBA bytes. */
export function toGray(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): GrayImage {
  const out = makeGray(width, height);
  if (channels === 1) {
    out.data.set(pixels.subarray(0, width * height));
    return out;
  }
  for (let i = 0, p = 0; i < width * height; i++, p += channels) {
    out.data[i] = (pixels[p] * 299 + pixels[p + 1] * 587 + pixels[p + 2] * 114) / 1000;
  }
  return out;
}
