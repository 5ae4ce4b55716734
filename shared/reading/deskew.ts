// Skew of a photographed page: the angle at which its dark pixels line up in the most distinct rows
// (text lines, table rules). Tesseract reads a page tilted by a few degrees poorly, tables worst.
import { downscale, type GrayImage } from './grayImage';

/** Degrees (positive: the page is turned clockwise) within ±maxDegrees; 0 when nothing lines up. */
export function estimateSkew(img: GrayImage, maxDegrees = 12, step = 0.25): number {
  const factor = Math.max(1, Math.floor(Math.max(img.width, img.height) / 500));
  const a = downscale(img, factor);
  const { width: w, height: h, data } = a;
  // Ink: pixels well below the local level around them (strokes and rules, not a grey background).
  const integral = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += data[y * w + x];
      integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
    }
  }
  const r = 7;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      const local = (integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1] - integral[y1 * (w + 1) + x0] + integral[y0 * (w + 1) + x0]) / ((x1 - x0) * (y1 - y0));
      if (data[y * w + x] < local - 25) {
        xs.push(x - w / 2);
        ys.push(y - h / 2);
      }
    }
  }
  if (xs.length < 50) return 0;
  const diag = Math.ceil(Math.hypot(w, h));
  const bins = new Float64Array(diag + 2);
  let best = 0;
  let bestScore = -1;
  let flatScore = 0;
  for (let deg = -maxDegrees; deg <= maxDegrees + 1e-9; deg += step) {
    const t = (deg * Math.PI) / 180;
    const s = Math.sin(t);
    const c = Math.cos(t);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const row = Math.round(-xs[i] * s + ys[i] * c + diag / 2);
      bins[row]++;
    }
    let score = 0;
    for (const b of bins) score += b * b;
    if (Math.abs(deg) < 1e-9) flatScore = score;
    if (score > bestScore) {
      bestScore = score;
      best = deg;
    }
  }
  // Only a clear winner counts: noise and pictures have no rows to line up.
  return bestScore > flatScore * 1.05 ? Math.round(best * 100) / 100 : 0;
}
