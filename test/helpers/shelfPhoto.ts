// A photo of many products side by side: EAN-13 codes at small tilts on one grey shelf, drawn with
// bwip-js and composited with sharp (soft focus, JPEG), for the "read every code" tests.
import bwipjs from 'bwip-js/node';
import sharp from 'sharp';

/** 14 valid EAN-13 codes (check digits computed). */
export const SHELF_CODES = [
  '690123456789', '692000012345', '693456789012', '694000223344', '695566778899', '696123123123', '697000000017',
  '698765432109', '450123456789', '400638133393', '301234567890', '501234567890', '761234567890', '880123456789',
].map((d) => d + ean13Check(d));

function ean13Check(d12: string): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(d12[i]) * (i % 2 ? 3 : 1);
  return (10 - (s % 10)) % 10;
}

export async function shelfPhoto(codes = SHELF_CODES, { cols = 5, tilt = 12 } = {}): Promise<Buffer> {
  const cellW = 360;
  const cellH = 300;
  const rows = Math.ceil(codes.length / cols);
  const tiles = await Promise.all(
    codes.map(async (text, i) => {
      const png: Buffer = await bwipjs.toBuffer({ bcid: 'ean13', text, scale: 2, height: 16, includetext: true, paddingwidth: 10, paddingheight: 6, backgroundcolor: 'FFFFFF' });
      // Each product sits a little askew, alternately left and right.
      const angle = ((i % 5) - 2) * (tilt / 2);
      const turned = await sharp(png).rotate(angle, { background: '#b8b4ac' }).png().toBuffer();
      const m = await sharp(turned).metadata();
      return { input: turned, left: (i % cols) * cellW + Math.round((cellW - m.width!) / 2) + 20, top: Math.floor(i / cols) * cellH + Math.round((cellH - m.height!) / 2) + 20 };
    }),
  );
  return sharp({ create: { width: cols * cellW + 40, height: rows * cellH + 40, channels: 3, background: '#b8b4ac' } })
    .composite(tiles)
    .blur(0.6)
    .jpeg({ quality: 85 })
    .toBuffer();
}
