// Grayscale image helpers in plain TypeScript (no I/O), so barcode work runs in Node workers and browsers alike.

export interface GrayImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export function makeGray(width: number, height: number): GrayImage {
  return { data: new Uint8ClampedArray(width * height), width, height };
}

/** Box-filter downscale by an integer factor. */
export function downscale(img: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return img;
  const w = Math.floor(img.width / factor);
  const h = Math.floor(img.height / factor);
  const out = makeGray(w, h);
  const area = factor * factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * img.width + x * factor;
        for (let dx = 0; dx < factor; dx++) s += img.data[row + dx];
      }
      out.data[y * w + x] = s / area;
    }
  }
  return out;
}

/** Resamples to an arbitrary scale with bilinear filtering. */
export function resize(img: GrayImage, scale: number): GrayImage {
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  return sampleOriented(img, { cx: img.width / 2, cy: img.height / 2, angle: 0, width: img.width, height: img.height }, w, h);
}

export interface OrientedRect {
  cx: number;
  cy: number;
  /** Radians: the direction of the rect's x axis in the source image. */
  angle: number;
  width: number;
  height: number;
}

/**
 * Samples an oriented rectangle of the source into an upright image of outW × outH (bilinear);
 * outside the source reads as white, which is a barcode's quiet zone.
 */
export function sampleOriented(img: GrayImage, r: OrientedRect, outW: number, outH: number): GrayImage {
  const out = makeGray(outW, outH);
  const cos = Math.cos(r.angle);
  const sin = Math.sin(r.angle);
  const sx = r.width / outW;
  const sy = r.height / outH;
  const { data, width, height } = img;
  for (let oy = 0; oy < outH; oy++) {
    const ly = (oy + 0.5) * sy - r.height / 2;
    for (let ox = 0; ox < outW; ox++) {
      const lx = (ox + 0.5) * sx - r.width / 2;
      const x = r.cx + lx * cos - ly * sin - 0.5;
      const y = r.cy + lx * sin + ly * cos - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      let v = 255;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
        const fx = x - x0;
        const fy = y - y0;
        const i = y0 * width + x0;
        const top = data[i] * (1 - fx) + data[i + 1] * fx;
        const bottom = data[i + width] * (1 - fx) + data[i + width + 1] * fx;
        v = top * (1 - fy) + bottom * fy;
      }
      out.data[oy * outW + ox] = v;
    }
  }
  return out;
}

/** Rotates by a multiple of 90° clockwise. */
export function rotate90(img: GrayImage, turns: number): GrayImage {
  const t = ((turns % 4) + 4) % 4;
  if (t === 0) return img;
  const { width: w, height: h, data } = img;
  const out = t === 2 ? makeGray(w, h) : makeGray(h, w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x];
      if (t === 1) out.data[x * h + (h - 1 - y)] = v;
      else if (t === 2) out.data[(h - 1 - y) * w + (w - 1 - x)] = v;
      else out.data[(w - 1 - x) * h + y] = v;
    }
  }
  return out;
}

/** Stretches contrast between the 2nd and 98th percentile: helps under uneven or dim light. */
export function stretchContrast(img: GrayImage): GrayImage {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v]++;
  const n = img.data.length;
  let lo = 0;
  let hi = 255;
  for (let acc = 0; lo < 255 && (acc += hist[lo]) < n * 0.02; lo++);
  for (let acc = 0; hi > 0 && (acc += hist[hi]) < n * 0.02; hi--);
  if (hi - lo < 16) return img;
  const out = makeGray(img.width, img.height);
  const k = 255 / (hi - lo);
  for (let i = 0; i < n; i++) out.data[i] = (img.data[i] - lo) * k;
  return out;
}

/** A copy of the rectangle x, y, w, h (clipped to the image). */
export function crop(img: GrayImage, x: number, y: number, w: number, h: number): GrayImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const cw = Math.max(1, Math.min(img.width - x0, Math.floor(w)));
  const ch = Math.max(1, Math.min(img.height - y0, Math.floor(h)));
  const out = makeGray(cw, ch);
  for (let r = 0; r < ch; r++) out.data.set(img.data.subarray((y0 + r) * img.width + x0, (y0 + r) * img.width + x0 + cw), r * cw);
  return out;
}
