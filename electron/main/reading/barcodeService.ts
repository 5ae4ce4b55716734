// Barcode scanning behind an async interface, so it can move off the main thread without callers changing.
import type { BarcodeRead } from '../../../shared/types';
import { BarcodeScanner } from '../../../shared/reading/barcodeScanner';
import { looksLikeTracking } from '../../../shared/reading/documentFields';

export interface BarcodeService {
  scan(gray: Buffer, width: number, height: number): Promise<BarcodeRead[]>;
  close(): Promise<void>;
}

/** Gives the event loop a turn: IPC calls and other work waiting in main run between scan steps. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Scans on the main thread, step by step, handing the event loop back between steps. One scanner,
 * reused (zxing readers are costly to build), and one scan at a time: the steps of two scans
 * interleaved would only make both late.
 */
export class InlineBarcodeService implements BarcodeService {
  private readonly scanner = new BarcodeScanner();
  private queue: Promise<unknown> = Promise.resolve();

  async scan(gray: Buffer, width: number, height: number): Promise<BarcodeRead[]> {
    const run = this.queue.then(() => this.scanOne(gray, width, height));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private scanOne(gray: Buffer, width: number, height: number): Promise<BarcodeRead[]> {
    const data = new Uint8ClampedArray(gray.buffer, gray.byteOffset, width * height);
    return this.scanner.scanCooperatively({ data, width, height }, {
      // A waybill stops at its tracking code; other photos also get the whole-image pass (2-D codes).
      thorough: true,
      enough: (found) => found.some((b) => looksLikeTracking(b.text)) && found.length >= 1,
    }, pause);
  }

  async close(): Promise<void> {}
}
