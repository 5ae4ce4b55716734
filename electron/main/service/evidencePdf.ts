// The evidence pack's report: A4, Chinese and English side by side, made in plain Node (pdfkit with
// Noto Sans SC loaded from disk and subset-embedded), so the command line makes it headless on a server.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { CHANNEL_LABELS } from '../../../shared/channels';
import { PROOF_ITEM_LABELS } from '../../../shared/holds/proof';
import { CLOCK_LABELS, DISPOSITION_LABELS, OUTCOME_LABELS, REQUEST_LABELS, STATUS_LABELS } from './evidenceLabels';
import type { PackFacts, PackParcel, StoredFile } from './evidencePack';
import { groupedFingerprint } from './signingKey';

const require = createRequire(import.meta.url);
const FONT_DIR = '@expo-google-fonts/noto-sans-sc';
let fonts: { regular: Buffer; bold: Buffer } | null = null;

function loadFonts() {
  fonts ??= {
    regular: fs.readFileSync(require.resolve(`${FONT_DIR}/400Regular/NotoSansSC_400Regular.ttf`)),
    bold: fs.readFileSync(require.resolve(`${FONT_DIR}/700Bold/NotoSansSC_700Bold.ttf`)),
  };
  return fonts;
}

const OFFSET_MIN = 8 * 60;
/** Warehouse local time, stated, so a printed page means the same everywhere. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + OFFSET_MIN * 60_000);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
}

const MARGIN = 42;
const A4 = { w: 595.28, h: 841.89 };
const CONTENT_W = A4.w - 2 * MARGIN;

type Doc = PDFKit.PDFDocument;

function ensureSpace(doc: Doc, needed: number) {
  if (doc.y + needed > A4.h - MARGIN) doc.addPage();
}

function heading(doc: Doc, zh: string, en: string) {
  ensureSpace(doc, 60);
  doc.moveDown(0.6).font('bold').fontSize(12).fillColor('#000').text(`${zh}  ${en}`, MARGIN, doc.y, { width: CONTENT_W });
  doc.moveTo(MARGIN, doc.y + 1).lineTo(A4.w - MARGIN, doc.y + 1).lineWidth(0.5).strokeColor('#888').stroke();
  doc.moveDown(0.3).font('regular').fontSize(9);
}

function field(doc: Doc, zh: string, en: string, value: string) {
  ensureSpace(doc, 14);
  const y = doc.y;
  doc.font('regular').fontSize(8).fillColor('#555').text(`${zh} ${en}`, MARGIN, y, { width: 150 });
  const labelBottom = doc.y;
  doc.fontSize(9).fillColor('#000').text(value || '—', MARGIN + 155, y, { width: CONTENT_W - 155 });
  doc.y = Math.max(doc.y, labelBottom) + 1;
}

function para(doc: Doc, text: string, size = 9, color = '#000') {
  ensureSpace(doc, 14);
  doc.font('regular').fontSize(size).fillColor(color).text(text, MARGIN, doc.y, { width: CONTENT_W });
}

async function photoBlock(doc: Doc, file: StoredFile, width: number, height: number, marks: { n: number; box: { x: number; y: number; w: number; h: number } }[]) {
  if (file.mime === 'application/pdf') {
    para(doc, `PDF 文件 document ${file.sha256}（页面图像 page images: flattened/${file.sha256}/）`, 8, '#333');
    return;
  }
  let jpeg: Buffer;
  try {
    jpeg = await sharp(file.bytes).rotate().resize({ width: 1400, height: 1400, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 78 }).toBuffer();
  } catch {
    para(doc, `无法显示的照片 Photo cannot be shown (damaged): ${file.sha256}`, 8, '#a00');
    return;
  }
  const meta = await sharp(jpeg).metadata();
  const srcW = width || meta.width || 1;
  const srcH = height || meta.height || 1;
  const scale = Math.min(CONTENT_W / srcW, 330 / srcH);
  const w = srcW * scale;
  const h = srcH * scale;
  ensureSpace(doc, h + 24);
  const x0 = MARGIN;
  const y0 = doc.y;
  doc.image(jpeg, x0, y0, { width: w, height: h });
  for (const m of marks) {
    const x = x0 + m.box.x * scale - 2;
    const y = y0 + m.box.y * scale - 2;
    doc.rect(x, y, m.box.w * scale + 4, m.box.h * scale + 4).lineWidth(1.5).strokeColor('#d00000').stroke();
    doc.rect(x, Math.max(y0, y - 11), 12, 11).fillColor('#d00000').fill();
    doc.font('bold').fontSize(8).fillColor('#fff').text(String(m.n), x + 1, Math.max(y0, y - 11) + 0.5, { width: 10, align: 'center', lineBreak: false });
  }
  doc.y = y0 + h + 3;
  para(doc, `SHA-256 ${file.sha256}`, 7, '#555');
}

async function parcelSection(doc: Doc, p: PackParcel, photos: Map<string, StoredFile>, facts: PackFacts) {
  doc.font('bold').fontSize(16).fillColor('#000').text(`证据包  Evidence pack — ${p.parcel.trackingNo}`, MARGIN, MARGIN, { width: CONTENT_W });
  para(doc, `生成 Generated ${localTime(facts.generatedAt)} · ${facts.generatedBy} · 规则版本 Rules version ${facts.rulesetVersions.join(', ') || '—'}`, 8, '#444');
  const st = STATUS_LABELS[p.parcel.status];
  field(doc, '包裹状态', 'Parcel status', st ? `${st.zh} ${st.en}` : p.parcel.status);

  heading(doc, '订单', 'Order');
  const o = p.order;
  if (!o) para(doc, '没有对应的订单。 No order matches this tracking number.');
  else {
    const ch = CHANNEL_LABELS[o.channel];
    field(doc, '订单号', 'Order no.', o.orderNo);
    field(doc, '客户', 'Customer', o.customer);
    field(doc, '商品', 'Item', `${o.item} · ${o.category}`);
    field(doc, '申报品牌', 'Declared brand', o.declaredBrand ?? '无 none');
    field(doc, '购买渠道', 'Channel', ch ? `${ch.zh} ${ch.en}` : o.channel);
    field(doc, '店铺', 'Store', `${o.storeName} (${o.storeId})`);
    field(doc, '卖家信用代码', 'Seller credit code', o.sellerTaxId ?? '—');
    field(doc, '购买日期', 'Purchase date', o.purchaseDate);
    field(doc, '收货日期', 'Delivery date', o.deliveryDate ?? '—');
    field(doc, '金额', 'Amount', `¥${(o.amountFen / 100).toFixed(2)}`);
  }

  heading(doc, '品牌登记', 'Registry entry');
  if (!p.brands.length) para(doc, '无 None');
  for (const b of p.brands) {
    field(doc, '品牌', 'Brand', `${b.name} (${b.id}) · ${b.aliases.join(' · ')}`);
    field(doc, 'GS1 前缀', 'GS1 prefixes', b.gs1Prefixes.join(', ') || '—');
    field(doc, '官方店铺', 'Official stores', b.officialStores.map((s) => `${CHANNEL_LABELS[s.channel]?.zh ?? s.channel} ${s.name} (${s.storeId})`).join('; ') || '—');
  }
  heading(doc, '授权书', 'Certificate');
  if (!p.certificates.length) para(doc, '无 None');
  for (const c of p.certificates) field(doc, c.id, '', `${c.sellerName} ${c.sellerTaxId} · ${c.brandId} · ${c.validFrom} – ${c.validTo} · ${c.scope.join(', ')}`);

  heading(doc, '扣留、期限与决定', 'Holds, clocks and decisions');
  if (!p.holds.length) para(doc, '无扣留 No hold');
  for (const h of p.holds) {
    const hs = STATUS_LABELS[h.status];
    field(doc, `扣留 #${h.holdId}`, `Hold`, `${hs ? `${hs.zh} ${hs.en}` : h.status} · ${localTime(h.createdAt)} · ${h.station ?? ''} ${h.inspector ?? ''} · 位置 location ${h.location ?? '—'}`);
    for (const d of h.decisions) {
      const dl = DISPOSITION_LABELS[d.disposition];
      field(doc, '决定', 'Decision', `${localTime(d.decidedAt)} · ${d.decidedBy} · ${dl.zh} ${dl.en} · ${d.reason}${d.documents.length ? ` · 附件 documents ${d.documents.length}` : ''}`);
    }
  }
  if (p.clocks) {
    for (const c of p.clocks.clocks) {
      const l = CLOCK_LABELS[c.kind];
      field(doc, l.zh, l.en, `${localTime(c.deadline)} · ${c.passed ? '已过期 passed' : `剩余 left ${c.hoursLeft} h`}`);
    }
  }
  for (const r of p.proofRequests) {
    field(
      doc,
      `证明请求 #${r.requestId}`,
      'Proof request',
      `${r.asked.map((a) => `${PROOF_ITEM_LABELS[a].zh} ${PROOF_ITEM_LABELS[a].en}`).join('; ')} · 向 of ${r.customer} · ${localTime(r.requestedAt)} · ${r.requestedBy} · 截止 deadline ${localTime(r.deadline)} · ${REQUEST_LABELS[r.status].zh} ${REQUEST_LABELS[r.status].en} · 收到 received ${r.documents.length}`,
    );
  }

  heading(doc, '查验记录与证据', 'Inspections and evidence');
  for (const i of p.inspections) {
    const out = OUTCOME_LABELS[i.outcome];
    field(doc, `查验 #${i.inspectionId}`, 'Inspection', `${localTime(i.at)} · ${i.station} · ${i.inspector} · ${out.zh} ${out.en} · 规则版本 rules v${i.rulesetVersion}`);
    i.findings.forEach((f, n) => {
      para(doc, `${n + 1}. ${f.messageZh}`, 9);
      para(doc, `    ${f.message}`, 8, '#333');
      const cited = f.evidence.filter((e) => e.text).map((e) => `${e.kind}: ${e.text}`);
      if (cited.length) para(doc, `    证据 Evidence: ${cited.join(' · ')}`, 8, '#555');
    });
    for (const id of i.photoIds) {
      const file = photos.get(id);
      if (!file) continue;
      const read = i.reads.find((r) => r.photoId === id);
      const marks = i.findings.flatMap((f, n) => f.evidence.filter((e) => e.photoId === id && e.box).map((e) => ({ n: n + 1, box: e.box! })));
      await photoBlock(doc, file, read?.width ?? 0, read?.height ?? 0, marks);
    }
  }
  const docs = p.proofRequests.flatMap((r) => r.documents);
  if (docs.length) {
    heading(doc, '收到的证明文件', 'Documents received');
    for (const d of docs) {
      para(doc, `${localTime(d.receivedAt)} · ${d.receivedBy} · ${d.name ?? ''}`, 8);
      const file = photos.get(d.sha256);
      if (file) await photoBlock(doc, file, 0, 0, []);
    }
  }

  heading(doc, '审计事件（哈希链）', 'Audit events (hash chain)');
  for (const e of p.audit) {
    para(doc, `#${e.seq} ${localTime(e.at)} ${e.actor} ${e.action}`, 8);
    para(doc, `    prev ${e.prev_hash}`, 6.5, '#555');
    para(doc, `    hash ${e.hash}`, 6.5, '#555');
  }
  if (facts.chainHead) para(doc, `链头 Chain head: #${facts.chainHead.seq} ${facts.chainHead.hash}`, 8, '#000');
}

/** The first page: what the pack is, and the fingerprint of the key that signed it, to compare with the warehouse's. */
function coverPage(doc: Doc, facts: PackFacts) {
  doc.font('bold').fontSize(16).fillColor('#000').text('证据包  Evidence pack', MARGIN, MARGIN, { width: CONTENT_W });
  doc.moveDown(0.5);
  field(doc, '生成时间', 'Made at', localTime(facts.generatedAt));
  field(doc, '生成人', 'Made by', facts.generatedBy);
  field(doc, '包裹', 'Parcels', facts.parcels.map((p) => p.parcel.trackingNo).join(', ') || '—');
  field(doc, '链头', 'Chain head', facts.chainHead ? `#${facts.chainHead.seq} ${facts.chainHead.hash}` : '—');
  heading(doc, '签名密钥', 'Signing key');
  para(doc, '本证据包的清单 (manifest.sha256) 由仓库的 Ed25519 密钥签名。请将下面的公钥指纹与仓库另行提供的指纹核对。', 9);
  para(doc, "The pack's manifest (manifest.sha256) is signed with the warehouse's Ed25519 key. Compare this public-key fingerprint (SHA-256 of the key's DER) with the one the warehouse gave you.", 9);
  doc.moveDown(0.3);
  doc.font('bold').fontSize(11).fillColor('#000').text(groupedFingerprint(facts.signingKey.fingerprint), MARGIN, doc.y, { width: CONTENT_W });
  doc.moveDown(0.3);
  para(doc, '核对 Check: npm run cli -- verify-pack PACK --fingerprint <指纹 fingerprint>', 8, '#333');
  para(doc, 'openssl pkeyutl -verify -pubin -inkey KEY.pub.pem -rawin -in manifest.sha256 -sigfile manifest.sha256.sig && sha256sum -c manifest.sha256', 8, '#333');
}

/** The report of a whole pack: a cover page, then one section per parcel, each starting on a new page. */
export async function renderEvidencePdf(facts: PackFacts, photos: Map<string, StoredFile>): Promise<Uint8Array> {
  const f = loadFonts();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: 'Parcel Gate evidence pack 证据包', Author: facts.generatedBy }, bufferPages: true });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  coverPage(doc, facts);
  for (let k = 0; k < facts.parcels.length; k++) {
    doc.addPage();
    await parcelSection(doc, facts.parcels[k], photos, facts);
  }
  if (!facts.parcels.length) para(doc, '没有包裹 No parcels');
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift the margin for the footer only.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7).fillColor('#777').text(`Parcel Gate · ${i + 1} / ${range.count}`, MARGIN, A4.h - MARGIN + 12, { width: CONTENT_W, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
