// A warm pool of tesseract.js workers (English + Simplified Chinese), loaded from disk only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createWorker, OEM, type Worker } from 'tesseract.js';

const nodeRequire = createRequire(import.meta.url);

export type OcrState = 'cold' | 'starting' | 'ready' | 'failed';

export interface OcrWord {
  text: string;
  confidence: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrLine {
  text: string;
  confidence: number;
  words: OcrWord[];
}

interface Job {
  image: Buffer;
  psm: string;
  resolve: (lines: OcrLine[]) => void;
  reject: (e: unknown) => void;
}

/**
 * tesseract.js wants both languages in one folder (passing them separately is broken in 7.0.0),
 * so the packaged `.traineddata.gz` files are copied once into the data folder.
 */
export function prepareTessdata(targetDir: string): string {
  fs.mkdirSync(targetDir, { recursive: true });
  for (const lang of ['eng', 'chi_sim']) {
    const target = path.join(targetDir, `${lang}.traineddata.gz`);
    if (fs.existsSync(target)) continue;
    const pkg = path.dirname(nodeRequire.resolve(`@tesseract.js-data/${lang}/package.json`));
    const source = path.join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`);
    const tmp = `${target}.tmp`;
    fs.copyFileSync(source, tmp);
    fs.renameSync(tmp, target);
  }
  return targetDir;
}

export class OcrPool {
  state: OcrState = 'cold';
  message: string | null = null;
  readonly size: number;
  private workers: { worker: Worker; psm: string | null; busy: boolean }[] = [];
  private queue: Job[] = [];
  private starting: Promise<void> | null = null;

  constructor(
    private readonly langPath: string,
    size = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length)),
    /** 'eng+chi_sim' for whole photos; 'eng' alone for re-reading Latin lines. */
    private readonly langs = 'eng+chi_sim',
  ) {
    this.size = size;
  }

  /** Starts the workers (about half a second each); later calls return the same promise. */
  start(onProgress?: (started: number, total: number) => void): Promise<void> {
    if (!this.starting) {
      this.state = 'starting';
      this.starting = (async () => {
        try {
          const langPath = prepareTessdata(this.langPath);
          for (let i = 0; i < this.size; i++) {
            const worker = await createWorker(this.langs, OEM.LSTM_ONLY, {
              langPath,
              cacheMethod: 'none',
              gzip: true,
            });
            // A fixed resolution: photos carry no usable DPI, and tesseract would warn on every image.
            await worker.setParameters({ preserve_interword_spaces: '1', user_defined_dpi: '300', debug_file: '/dev/null' } as never);
            this.workers.push({ worker, psm: null, busy: false });
            onProgress?.(i + 1, this.size);
            this.pump();
          }
          this.state = 'ready';
        } catch (e) {
          this.state = 'failed';
          this.message = `OCR could not start: ${e instanceof Error ? e.message : String(e)}`;
          for (const job of this.queue.splice(0)) job.reject(new Error(this.message));
          throw e;
        }
      })();
    }
    return this.starting;
  }

  /** Recognises a PNG/JPEG buffer with a page-segmentation mode; resolves to lines with word boxes. */
  recognize(image: Buffer, psm: string): Promise<OcrLine[]> {
    if (this.state === 'failed') return Promise.reject(new Error(this.message ?? 'OCR failed to start'));
    void this.start().catch(() => undefined);
    return new Promise((resolve, reject) => {
      this.queue.push({ image, psm, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.workers) {
      if (slot.busy) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.busy = true;
      void (async () => {
        try {
          if (slot.psm !== job.psm) {
            await slot.worker.setParameters({ tessedit_pageseg_mode: job.psm as never });
            slot.psm = job.psm;
          }
          const r = await slot.worker.recognize(job.image, {}, { blocks: true, text: false });
          const lines: OcrLine[] = [];
          for (const block of r.data.blocks ?? []) {
            for (const para of block.paragraphs) {
              for (const line of para.lines) {
                const words = line.words
                  .filter((w) => w.text.trim())
                  .map((w) => ({ text: w.text, confidence: w.confidence, ...w.bbox }));
                if (words.length) lines.push({ text: line.text.trim(), confidence: line.confidence, words });
              }
            }
          }
          job.resolve(lines);
        } catch (e) {
          job.reject(e);
        } finally {
          slot.busy = false;
          this.pump();
        }
      })();
    }
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
    this.state = 'cold';
    this.starting = null;
  }
}
