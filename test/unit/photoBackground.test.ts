// The paper a transparent image is laid on, decided from its pixels before it is read (so it is read
// once): white text on nothing goes on black, dark text on white, and an image whose alpha channel
// hides nothing is treated as the opaque image it is.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { backgroundFor } from '../../electron/main/reading/worker/readingCore';

/** A 600×200 image: a text-like bar of `ink` on a background of `paper` (RGBA). */
async function image(ink: [number, number, number, number], paper: [number, number, number, number]): Promise<Uint8Array> {
  const w = 600;
  const h = 200;
  const data = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Strokes: every other 10 px column in the middle band.
      const stroke = y > 70 && y < 130 && x > 50 && x < 550 && Math.floor(x / 10) % 2 === 0;
      data.set(stroke ? ink : paper, (y * w + x) * 4);
    }
  }
  return new Uint8Array(await sharp(data, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer());
}

describe('backgroundFor', () => {
  it('lays white text on a transparent background on black, dark text on white', async () => {
    expect(await backgroundFor(await image([255, 255, 255, 255], [0, 0, 0, 0]))).toBe('#000000');
    expect(await backgroundFor(await image([20, 20, 20, 255], [255, 255, 255, 0]))).toBe('#ffffff');
  });

  it('treats an image whose alpha hides nothing as opaque: white paper, whatever its colours', async () => {
    // Light grey paper with white print, fully opaque: laying it on black would change nothing.
    expect(await backgroundFor(await image([255, 255, 255, 255], [200, 200, 200, 255]))).toBe('#ffffff');
  });
});
