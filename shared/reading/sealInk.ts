// Red seal ink taken off a document by its colour, so the print under a round company seal reads:
// a seal is red ink laid over black print and white paper, and each pixel is unmixed into how much
// seal covers it and what lies beneath (the grey that is kept). Pure; pixels in, grey out.

/** A fapiao seal's red (发票专用章, the tax bureau's oval): strong red, little green or blue. */
const SEAL = { r: 215, g: 40 };

/** Below this much seal in a pixel, the pixel is taken as printed (luma): grey, black and colours stay. */
const MIN_COVER = 0.18;
/** Past this much cover, what lies beneath is too faint to recover: read as paper. */
const MAX_COVER = 0.92;

/** What unmixes lighter than this under a seal is paper. */
const PAPER = 150;

export interface SealSuppression {
  gray: Uint8ClampedArray;
  /** Share of pixels that carried seal ink (0–1). */
  sealShare: number;
}

/**
 * Grey with seal ink removed. For a pixel, red minus green gives the seal's cover (black print and
 * white paper have none); green, corrected for the seal's own green, gives the grey beneath. Dark
 * red print (a fapiao's labels, darker and more opaque than a seal) comes out dark, so it still reads.
 */
export function suppressSealInk(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number): SealSuppression {
  const n = width * height;
  const gray = new Uint8ClampedArray(n);
  let seal = 0;
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = pixels[p];
    const g = pixels[p + 1];
    const b = pixels[p + 2];
    const luma = (r * 299 + g * 587 + b * 114) / 1000;
    // Blue close to green: red ink, not orange or magenta print.
    const cover = Math.abs(g - b) < 40 ? (r - Math.max(g, b)) / (SEAL.r - SEAL.g) : 0;
    if (cover < MIN_COVER) {
      gray[i] = luma;
      continue;
    }
    seal++;
    const a = Math.min(cover, MAX_COVER);
    const beneath = a >= MAX_COVER ? 255 : (Math.min(g, b) - a * SEAL.g) / (1 - a);
    // Print under a seal unmixes dark; paper unmixes light but not quite white (a seal's own green
    // varies): light is paper, or the seal's faint text would still be read as text.
    gray[i] = beneath >= PAPER ? 255 : beneath;
  }
  return { gray, sealShare: seal / Math.max(1, n) };
}
