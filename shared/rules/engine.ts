// The rules engine: facts in, a verdict out. Pure: no clock, no database, no I/O.
// Each rule (ruleList.ts) says whether it applies and what it finds; evaluate runs them in order and
// records the rules that applied. When the evidence is unclear it holds and says why; every finding
// is reported, not just the first.
import type { Note, PhotoRead, Verdict } from '../types';
import { judgeOrdinaryUse } from '../detect/ordinaryUse';
import { deriveFacts, note, type OrdinaryUseJudge, type RuleFacts, type Say } from './facts';
import { RULE_LIST } from './ruleList';
import { rulesRecord } from './ruleIdentity';

export type { RuleFacts } from './facts';
export { ORDER_TEXT, resolveBrand } from './facts';
export { judgeSeller } from './purchase';
export { isPhotoReadable } from './checks/photoReadable';

/** What the rules depend on besides the facts: the ordinary-use judge (a test may pass a double). */
export interface EngineDeps {
  judgeOrdinaryUse: OrdinaryUseJudge;
}

const DEFAULT_DEPS: EngineDeps = { judgeOrdinaryUse };

export function evaluate(facts: RuleFacts, deps: EngineDeps = DEFAULT_DEPS): Verdict {
  const f = deriveFacts(facts, deps.judgeOrdinaryUse);
  const applied = RULE_LIST.filter((r) => r.applies(f));
  const outcomes = applied.map((r) => r.check(f));
  const findings = outcomes.flatMap((o) => o.findings);
  // The brands involved: declared, or seen as brand words or barcodes (not look-alikes, not ordinary words).
  const seen = f.exactHits.filter((h) => h.use !== 'ordinary').map((h) => h.hit.brandId);
  return {
    outcome: findings.length ? 'HOLD' : 'CLEAR',
    findings,
    notes: [...qrNotes(f.reads), ...outcomes.flatMap((o) => o.notes)],
    retake: outcomes.flatMap((o) => o.retake),
    rulesetVersion: f.rulesetVersion,
    rules: rulesRecord(applied),
    brands: [...new Set([...(f.declaredBrand ? [f.declaredBrand.id] : []), ...seen])],
  };
}

const QR_FIELD_NAMES: Record<string, Say> = {
  invoiceCode: { en: 'invoice code', zh: '发票代码' },
  invoiceNo: { en: 'invoice number', zh: '发票号码' },
  date: { en: 'date', zh: '开票日期' },
  totalFen: { en: 'total', zh: '价税合计' },
};

function shownValue(field: string, v: string): string {
  if (field !== 'totalFen') return v;
  const fen = Number(v);
  return `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Where OCR read an invoice field differently from the invoice's own QR: the QR's value was used. */
function qrNotes(reads: readonly PhotoRead[]): Note[] {
  const out: Note[] = [];
  for (const r of reads) {
    const inv = r.invoice;
    if (!inv?.qr || !inv.disagreements?.length) continue;
    const d = inv.disagreements;
    out.push(
      note(
        'INVOICE_QR_DIFFERS',
        {
          en: `The invoice's QR code and its printed text differ: ${d.map((x) => `${QR_FIELD_NAMES[x.field].en} ${shownValue(x.field, x.qr)} in the QR, ${shownValue(x.field, x.ocr)} read from the print`).join('; ')}. The QR's values are used.`,
          zh: `发票二维码与票面文字不一致：${d.map((x) => `${QR_FIELD_NAMES[x.field].zh}二维码为 ${shownValue(x.field, x.qr)}，票面识别为 ${shownValue(x.field, x.ocr)}`).join('；')}。以二维码为准。`,
        },
        [{ photoId: r.photoId, text: inv.qr.text, box: inv.qr.box, kind: 'barcode' }],
      ),
    );
  }
  return out;
}
