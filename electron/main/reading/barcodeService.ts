// Barcode scanning behind an async interface, so it can move off the main thread without callers changing.
import type { BarcodeRead } from '../../../shared/types';
import { BarcodeScanner } from '../../../shared/reading/barcodeScanner';
import { looksLikeTracking } from '../../../shared/reading/documentFields';

export interface BarcodeService {
  scan(gray: Buffer, width: number, height: number): Promise<BarcodeRead[]>;
  close(): Promise<void>;
}

/** Scans on the calling thread; one scanner, reused, since zxing readers are costly to build. */
export class InlineBarcodeService implements BarcodeService {
  private readonly scanner = new BarcodeScanner();

  async scan(gray: Buffer, width: number, height: number): Promise<BarcodeRead[]> {
    const data = new Uint8ClampedArray(gray.buffer, gray.byteOffset, width * height);
    return this.scanner.scan({ data, width, height }, {
      // A waybill's tracking code and a tag's retail code both come from the region pass;
      // the slower whole-image passes run only when it found nothing.
      thorough: true,
      enough: (found) => found.some((b) => looksLikeTracking(b.text)) && found.length >= 1,
    });
  }

  async close(): Promise<void> {}
}
