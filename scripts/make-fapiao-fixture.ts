// Draws a fapiao-like page with a real QR payload, printed and photographed like the pack photos
// (tilted, a red seal over part of the table, blur, sensor noise, JPEG), for the reading tests:
// the public mock fapiao has no QR. Writes test/fixtures/fapiao-qr.jpg and its expected fields.
//   npx tsx scripts/make-fapiao-fixture.ts
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import bwipjs from 'bwip-js/node';
import { formatFapiaoQr } from '../shared/reading/fapiaoQr';

const OUT = path.join(import.meta.dirname, '..', 'test', 'fixtures');

/** What the invoice says. The printed number carries one wrong digit (as a smudge or a misread would) so the QR's value can be seen to win. */
export const FAPIAO = {
  qr: { type: '32', invoiceCode: null, invoiceNo: '26332000000184476815', amountFen: 218300, date: '2026-10-21', checkCode: null, hash: '6C1A' },
  printedNo: '26332000000184476816',
  buyer: { name: '42号仓跨境集运中心', code: '91110000600037341L' },
  seller: { name: '宁波无印良品授权经销商贸易有限公司', code: '913356684C6RTNLYJX' },
  item: '*日用杂品*MUJI 香薰机',
};

const W = 1500;
const H = 970;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function pageSvg(): string {
  const red = '#b0302a';
  const ink = '#1d1d1d';
  const t = (x: number, y: number, s: string, size = 24, fill = ink, weight = 400) =>
    `<text x="${x}" y="${y}" font-family="Noto Sans CJK SC" font-size="${size}" font-weight="${weight}" fill="${fill}">${esc(s)}</text>`;
  const line = (x1: number, y1: number, x2: number, y2: number) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${red}" stroke-width="2"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <rect width="${W}" height="${H}" fill="#fbfaf6"/>
  ${t(520, 90, '电子发票（普通发票）', 44, red, 700)}
  ${t(1040, 70, `发票号码：${FAPIAO.printedNo}`, 22)}
  ${t(1040, 110, '开票日期：2026年10月21日', 22)}
  <rect x="60" y="270" width="1380" height="560" fill="none" stroke="${red}" stroke-width="2"/>
  ${line(750, 270, 750, 450)}
  ${line(60, 450, 1440, 450)}
  ${line(60, 670, 1440, 670)}
  ${line(60, 750, 1440, 750)}
  ${t(80, 320, '购买方信息', 24, red)}
  ${t(770, 320, '销售方信息', 24, red)}
  ${t(80, 370, `名\u3000称：${FAPIAO.buyer.name}`)}
  ${t(80, 420, `统一社会信用代码/纳税人识别号：${FAPIAO.buyer.code}`, 22)}
  ${t(770, 370, `名\u3000称：${FAPIAO.seller.name}`)}
  ${t(770, 420, `统一社会信用代码/纳税人识别号：${FAPIAO.seller.code}`, 22)}
  ${t(80, 490, '项目名称', 22, red)}${t(520, 490, '数 量', 22, red)}${t(700, 490, '单 价', 22, red)}${t(900, 490, '金 额', 22, red)}${t(1080, 490, '税率', 22, red)}${t(1240, 490, '税 额', 22, red)}
  ${t(80, 540, FAPIAO.item, 22)}${t(530, 540, '1', 22)}${t(700, 540, '1931.86', 22)}${t(900, 540, '1931.86', 22)}${t(1090, 540, '13%', 22)}${t(1240, 540, '251.14', 22)}
  ${t(80, 720, '价税合计（大写）', 24, red)}${t(330, 720, '贰仟壹佰捌拾叁圆整', 24)}${t(1000, 720, '（小写）¥2183.00', 24)}
  ${t(80, 800, '备注', 22, red)}
  ${t(80, 890, '开票人：王敏', 22)}
</svg>`;
}

/** A round company seal: red ring, star and text, partly see-through like ink over print. */
function sealSvg(size: number, code = FAPIAO.seller.code): string {
  const r = size / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
  <g opacity="0.72" fill="none" stroke="#d2232a">
    <circle cx="${r}" cy="${r}" r="${r - 6}" stroke-width="7"/>
    <circle cx="${r}" cy="${r}" r="${r - 16}" stroke-width="2"/>
  </g>
  <g opacity="0.72" fill="#d2232a">
    <polygon points="${r},${r - 34} ${r + 10},${r - 8} ${r + 34},${r - 8} ${r + 14},${r + 8} ${r + 22},${r + 34} ${r},${r + 18} ${r - 22},${r + 34} ${r - 14},${r + 8} ${r - 34},${r - 8} ${r - 10},${r - 8}"/>
    <text x="${r}" y="${r + 70}" text-anchor="middle" font-family="Noto Sans CJK SC" font-size="22">发票专用章</text>
    <text x="${r}" y="${r - 52}" text-anchor="middle" font-family="Noto Sans CJK SC" font-size="20">${code}</text>
  </g>
</svg>`;
}

export async function renderFapiaoPhoto(): Promise<{ jpeg: Buffer; payload: string }> {
  const payload = formatFapiaoQr(FAPIAO.qr);
  const qr: Buffer = await bwipjs.toBuffer({ bcid: 'qrcode', text: payload, scale: 3, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FBFAF6' });
  const seal = await sharp(Buffer.from(sealSvg(240))).png().toBuffer();
  const page = await sharp(Buffer.from(pageSvg()))
    .composite([
      { input: qr, left: 70, top: 40 },
      // The seal over the seller block and the goods table, as issuers stamp it.
      { input: seal, left: 1090, top: 470 },
    ])
    .png()
    .toBuffer();
  // Printed, then photographed: a slight tilt on a desk, soft focus, sensor noise, JPEG.
  const tilted = await sharp(page).rotate(-4.5, { background: '#8a8275' }).blur(0.9).png().toBuffer();
  const meta = await sharp(tilted).metadata();
  const tw = meta.width!;
  const th = meta.height!;
  const noise = Buffer.alloc(tw * th * 3);
  let seed = 9;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < noise.length; i++) noise[i] = 128 + Math.round((rnd() + rnd() + rnd() - 1.5) * 22);
  const noisy = await sharp(tilted)
    .composite([{ input: await sharp(noise, { raw: { width: tw, height: th, channels: 3 } }).png().toBuffer(), blend: 'overlay' }])
    .extend({ top: 60, bottom: 60, left: 50, right: 50, background: '#8a8275' })
    .resize(1600)
    .jpeg({ quality: 82 })
    .toBuffer();
  return { jpeg: noisy, payload };
}

/** What the screenshot-style e-fapiao says (another seller, so the two fixtures cannot stand in for each other). */
export const EFAPIAO = {
  qr: { type: '32', invoiceCode: null, invoiceNo: '25117000000412233561', amountFen: 39900, date: '2026-11-03', checkCode: null, hash: '1B7E' },
  buyer: { name: '42号仓跨境集运中心', code: '91110000600037341L' },
  seller: { name: '北京京东世纪信息技术有限公司', code: '91110302562134916R' },
  item: '*家用电器*飞利浦 电动牙刷 HX6730',
};

/**
 * A JD-style digital e-fapiao as the buyer saves it: a screenshot of the PDF (about 1900×1150,
 * sharp, no tilt), a clean QR in the top-left corner, the tax bureau's red oval seal over the title
 * and the seller's round red seal (发票专用章) over the seller block, both see-through like the PDF's.
 */
export async function renderEfapiaoScreenshot(): Promise<{ png: Buffer; payload: string }> {
  const W2 = 1900;
  const H2 = 1150;
  const payload = formatFapiaoQr(EFAPIAO.qr);
  const red = '#a4382f';
  const ink = '#111111';
  const t = (x: number, y: number, str: string, size = 28, fill = ink, weight = 400) =>
    `<text x="${x}" y="${y}" font-family="Noto Sans CJK SC" font-size="${size}" font-weight="${weight}" fill="${fill}">${esc(str)}</text>`;
  const line = (x1: number, y1: number, x2: number, y2: number) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${red}" stroke-width="2"/>`;
  const page = `<svg xmlns="http://www.w3.org/2000/svg" width="${W2}" height="${H2}">
  <rect width="${W2}" height="${H2}" fill="#ffffff"/>
  ${t(650, 110, '电子发票（普通发票）', 52, red, 700)}
  ${t(1380, 80, '发票号码：' + EFAPIAO.qr.invoiceNo, 26)}
  ${t(1380, 130, '开票日期：2026年11月03日', 26)}
  <rect x="60" y="300" width="1780" height="700" fill="none" stroke="${red}" stroke-width="2"/>
  ${line(950, 300, 950, 520)}
  ${line(60, 520, 1840, 520)}
  ${line(60, 820, 1840, 820)}
  ${line(60, 910, 1840, 910)}
  ${t(80, 350, '购买方信息', 28, red)}
  ${t(970, 350, '销售方信息', 28, red)}
  ${t(80, 420, '名称：' + EFAPIAO.buyer.name)}
  ${t(80, 480, '统一社会信用代码/纳税人识别号：' + EFAPIAO.buyer.code, 26)}
  ${t(970, 420, '名称：' + EFAPIAO.seller.name)}
  ${t(970, 480, '统一社会信用代码/纳税人识别号：' + EFAPIAO.seller.code, 26)}
  ${t(80, 570, '项目名称', 26, red)}${t(720, 570, '数 量', 26, red)}${t(900, 570, '单 价', 26, red)}${t(1140, 570, '金 额', 26, red)}${t(1380, 570, '税率', 26, red)}${t(1580, 570, '税 额', 26, red)}
  ${t(80, 630, EFAPIAO.item, 26)}${t(730, 630, '1', 26)}${t(900, 630, '353.10', 26)}${t(1140, 630, '353.10', 26)}${t(1390, 630, '13%', 26)}${t(1580, 630, '45.90', 26)}
  ${t(80, 880, '价税合计（大写）', 28, red)}${t(380, 880, '叁佰玖拾玖圆整', 28)}${t(1300, 880, '（小写）¥399.00', 28)}
  ${t(80, 970, '备注', 26, red)}
  ${t(80, 1080, '开票人：刘洋', 26)}
</svg>`;
  // The tax bureau's oval seal over the title (in the PDF it sits on the title, half transparent).
  const oval = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">
  <g opacity="0.6" fill="none" stroke="#e0262b"><ellipse cx="150" cy="100" rx="140" ry="90" stroke-width="6"/></g>
  <g opacity="0.6" fill="#e0262b">
    <text x="150" y="70" text-anchor="middle" font-family="Noto Sans CJK SC" font-size="22">全国统一发票监制章</text>
    <text x="150" y="112" text-anchor="middle" font-family="Noto Sans CJK SC" font-size="26">国家税务总局</text>
    <text x="150" y="150" text-anchor="middle" font-family="Noto Sans CJK SC" font-size="22">北京市税务局</text>
  </g>
</svg>`;
  const composed = await sharp(Buffer.from(page))
    .composite([
      { input: await bwipjs.toBuffer({ bcid: 'qrcode', text: payload, scale: 4, paddingwidth: 2, paddingheight: 2, backgroundcolor: 'FFFFFF' }), left: 70, top: 40 },
      { input: await sharp(Buffer.from(oval)).png().toBuffer(), left: 760, top: 10 },
      // The seller's seal over its name and code, as issuers stamp it on the PDF.
      { input: await sharp(Buffer.from(sealSvg(240, EFAPIAO.seller.code))).png().toBuffer(), left: 1300, top: 300 },
    ])
    // A screenshot has no transparency.
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
  return { png: composed, payload };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { jpeg, payload } = await renderFapiaoPhoto();
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'fapiao-qr.jpg'), jpeg);
  fs.writeFileSync(
    path.join(OUT, 'fapiao-qr.json'),
    `${JSON.stringify({ payload, printedNo: FAPIAO.printedNo, seller: FAPIAO.seller, buyer: FAPIAO.buyer, totalFen: FAPIAO.qr.amountFen, date: FAPIAO.qr.date, invoiceNo: FAPIAO.qr.invoiceNo }, null, 1)}\n`,
  );
  console.log(`wrote ${path.join(OUT, 'fapiao-qr.jpg')} (${jpeg.length} bytes): ${payload}`);
}
