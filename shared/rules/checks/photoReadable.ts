// UNREADABLE: a brand can be ruled out only on photos that were read. No photo of the goods, or a
// goods photo too blurred, dark or empty to read, holds and asks for a retake.
import type { PhotoRead } from '../../types';
import type { RulesetDefinition } from '../ruleset';
import { finding, found, NOTHING, orderRule, type Rule } from '../facts';

/**
 * A photo is read when it gave a barcode, or enough confident text: `minChars` letters and digits
 * (a Chinese character counts two) in words read at `minWordConfidence` or better.
 */
export function isPhotoReadable(r: PhotoRead, rules: RulesetDefinition): boolean {
  if (r.barcodes.length > 0) return true;
  let chars = 0;
  for (const w of r.words) {
    if (w.confidence < rules.readable.minWordConfidence) continue;
    for (const c of w.text) {
      if (/[\u4e00-\u9fff]/.test(c)) chars += 2;
      else if (/[\p{L}\p{N}]/u.test(c)) chars += 1;
    }
  }
  return chars >= rules.readable.minChars;
}

export const photoReadable: Rule<'UNREADABLE'> = orderRule({
  code: 'UNREADABLE',
  id: 'photo-readable',
  version: 1,
  counterfeit: false,
  applies: () => true,
  check: (f) => {
    const goods = f.reads.filter((r) => r.kind !== 'waybill');
    const unreadable = goods.filter((r) => !isPhotoReadable(r, f.ruleset));
    if (goods.length > 0 && unreadable.length === 0) return NOTHING;
    return found(
      finding(
        'UNREADABLE',
        goods.length === 0
          ? { en: 'There is no readable photo of the goods, so a brand cannot be ruled out. Photograph the product tag or box.', zh: '没有可识别的商品照片，无法排除品牌。请拍摄商品吊牌或包装。' }
          : {
              en: `${unreadable.length} photo${unreadable.length > 1 ? 's' : ''} could not be read (blurred, dark or empty), so a brand cannot be ruled out. Retake ${unreadable.length > 1 ? 'them' : 'it'} closer and in focus.`,
              zh: `有 ${unreadable.length} 张照片无法识别（模糊、过暗或空白），无法排除品牌。请靠近对焦后重拍。`,
            },
        unreadable.map((r) => ({ photoId: r.photoId, text: r.error ?? `${r.words.length} words, mean confidence ${r.meanConfidence}`, box: null, kind: 'photo' as const })),
      ),
    );
  },
});
