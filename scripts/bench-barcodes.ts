// Barcode decode rates on the public corpus sets (ZXing, ZXing extra, zxing-cpp, label photos),
// per set and rotation, against the pass thresholds each set states. Prints a table; exits 0.
//   npm run bench:barcodes [-- --corpus DIR] [--set NAME]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { BarcodeScanner, toGray } from '../shared/reading/barcodeScanner';
import { rotate90, type GrayImage } from '../shared/reading/grayImage';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, set: { type: 'string' } } });
const corpus = path.resolve(values.corpus ?? path.join(import.meta.dirname, '..', '..', 'shared', 'corpus'));

interface Threshold {
  rotation: number;
  mustPass?: number;
  tryHarder?: number;
  minPassFast?: number;
  minPassSlow?: number;
  maxFalsePositives?: number;
}
interface SetInfo {
  format: string;
  thresholds?: Threshold[];
  items: { file: string; expected?: string; must_not_decode?: boolean }[];
  images?: number;
  images_upstream?: number;
  images_upstream_groups?: number;
  maxFalsePositives?: number;
}

async function load(file: string): Promise<GrayImage> {
  const { data, info } = await sharp(file, { animated: false }).rotate().flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return toGray(data, info.width, info.height, info.channels);
}

const scanner = new BarcodeScanner();
const rows: string[] = [];
let totalPass = 0;
let totalTried = 0;
const perFormat = new Map<string, { pass: number; tried: number }>();
const t0 = performance.now();

for (const source of ['zxing-blackbox', 'zxing-blackbox-extra', 'zxing-cpp-samples', 'dynamsoft-labels']) {
  const indexFile = path.join(corpus, source, 'index.json');
  if (!fs.existsSync(indexFile)) continue;
  const index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { sets?: Record<string, SetInfo>; items: { file: string; expected: unknown; format?: string }[] };
  const sets: [string, SetInfo][] = index.sets
    ? Object.entries(index.sets)
    : [[source, { format: 'LABEL', items: index.items.map((i) => ({ file: i.file, expected: (i.expected as { tracking?: string }).tracking })) }]];
  for (const [name, set] of sets) {
    if (values.set && name !== values.set) continue;
    const falsePositives = name.startsWith('falsepositives') || set.items.every((i) => i.must_not_decode);
    const scale = set.images && (set.images_upstream ?? set.images_upstream_groups) ? set.images / (set.images_upstream ?? set.images_upstream_groups)! : 1;
    // Numeric rotations only ("pure" thresholds are for zxing-cpp's pure-barcode mode).
    const rotations = ((set.thresholds ?? []).filter((t) => typeof t.rotation === 'number') as Threshold[]).concat(set.thresholds?.length ? [] : [{ rotation: 0 }]);
    for (const th of rotations) {
      let pass = 0;
      let decodedAny = 0;
      let ms = 0;
      for (const item of set.items) {
        const file = path.join(corpus, source, item.file);
        if (!fs.existsSync(file)) continue;
        let img: GrayImage;
        try {
          img = rotate90(await load(file), Math.round(th.rotation / 90));
        } catch {
          continue;
        }
        const s = performance.now();
        const found = scanner.scan(img);
        ms += performance.now() - s;
        if (found.length) decodedAny++;
        if (!falsePositives && item.expected !== undefined && found.some((f) => f.text === item.expected)) pass++;
      }
      const n = set.items.length;
      if (falsePositives) {
        const max = th.maxFalsePositives ?? set.maxFalsePositives ?? 0;
        rows.push(`${source}/${name}\tnone\trot ${th.rotation}\tfalse positives ${decodedAny}/${n}\tallowed ${max}\t${decodedAny <= max ? 'OK' : 'OVER'}\t${Math.round(ms / Math.max(1, n))} ms/img`);
        continue;
      }
      const need = th.tryHarder ?? th.minPassSlow ?? th.mustPass ?? th.minPassFast;
      const scaled = need !== undefined ? Math.floor(need * scale) : undefined;
      totalPass += pass;
      totalTried += n;
      const f = perFormat.get(set.format) ?? { pass: 0, tried: 0 };
      f.pass += pass;
      f.tried += n;
      perFormat.set(set.format, f);
      rows.push(
        `${source}/${name}\t${set.format}\trot ${th.rotation}\t${pass}/${n} decoded\t${scaled !== undefined ? `threshold ${scaled}` : 'no threshold'}\t${scaled === undefined ? '' : pass >= scaled ? 'OK' : 'BELOW'}\t${Math.round(ms / Math.max(1, n))} ms/img`,
      );
      console.log(rows[rows.length - 1]);
    }
  }
}
console.log('\nper format (all rotations):');
for (const [fmt, f] of [...perFormat].sort()) console.log(`  ${fmt.padEnd(12)} ${f.pass}/${f.tried} (${((100 * f.pass) / f.tried).toFixed(1)}%)`);
console.log(`\nall: ${totalPass}/${totalTried} (${((100 * totalPass) / Math.max(1, totalTried)).toFixed(1)}%), below threshold: ${rows.filter((r) => r.includes('BELOW')).length} set-rotations, false-positive sets over: ${rows.filter((r) => r.includes('OVER')).length}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
for (const r of rows.filter((x) => x.includes('false positives'))) console.log(r);
