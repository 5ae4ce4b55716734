// A customer PDF flattened to page images (PNG), so an evidence pack shows what the document said
// without its reader having to open the original file. pdfjs-dist (legacy build: plain Node) draws
// each page on an @napi-rs/canvas canvas (prebuilt, no system libraries, works on Windows stations);
// scripts are off and its fonts and CJK character maps load from node_modules, never the network.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
/** Pages drawn at most: a proof document longer than this is summarised by its first pages. */
export const FLATTEN_MAX_PAGES = 20;
/** 2 × 72 dpi: small print on an invoice stays legible. */
const SCALE = 2;

function pdfjsAssets() {
  const root = path.resolve(path.dirname(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')), '..', '..');
  return { cMapUrl: `${path.join(root, 'cmaps')}${path.sep}`, standardFontDataUrl: `${path.join(root, 'standard_fonts')}${path.sep}` };
}

export interface FlatPage {
  page: number;
  png: Uint8Array;
}

/** The PDF's first pages as PNG images, and how many pages it has. */
export async function flattenPdf(bytes: Uint8Array): Promise<{ pages: FlatPage[]; total: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { createCanvas } = await import('@napi-rs/canvas');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, enableXfa: false, verbosity: 0, ...pdfjsAssets() }).promise;
  try {
    const pages: FlatPage[] = [];
    for (let n = 1; n <= Math.min(doc.numPages, FLATTEN_MAX_PAGES); n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: SCALE });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      // pdfjs types its canvas as the DOM's; @napi-rs/canvas implements the same drawing calls.
      type Render = Parameters<typeof page.render>[0];
      await page.render({ canvas: canvas as unknown as Render['canvas'], canvasContext: context as unknown as Render['canvasContext'], viewport }).promise;
      pages.push({ page: n, png: new Uint8Array(canvas.toBuffer('image/png')) });
      page.cleanup();
    }
    return { pages, total: doc.numPages };
  } finally {
    await doc.destroy();
  }
}
