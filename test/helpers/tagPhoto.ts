// A product tag for scenario tests: black text lines on white, as a PNG rendered by sharp (fonts-noto-cjk
// for Chinese), for real OCR to read.
import sharp from 'sharp';

export async function tagPhoto(lines: string[], width = 900): Promise<Uint8Array<ArrayBuffer>> {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${120 + lines.length * 110}">
    <rect width="100%" height="100%" fill="white"/>
    ${lines.map((l, i) => `<text x="60" y="${130 + i * 110}" font-family="Noto Sans CJK SC, DejaVu Sans, sans-serif" font-size="72" font-weight="bold" fill="black">${esc(l)}</text>`).join('')}
  </svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return new Uint8Array(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer);
}
