// Text normalisation for OCR output: CJK spacing, full-width forms, and OCR-confusion folding.

// Han characters, and Japanese kana (brand names on imported goods are often written in katakana).
const CJK = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const CJK_PUNCT = '\\u3000-\\u303f\\uff00-\\uffef';
const CJK_GAP = new RegExp(`(?<=[${CJK}${CJK_PUNCT}])\\s+(?=[${CJK}${CJK_PUNCT}])`, 'g');
// Digits and Latin glued to Chinese keep no space either side when OCR adds one between single characters.
export const CJK_CHAR = new RegExp(`[${CJK}]`);
export const CJK_RUN = new RegExp(`[${CJK}]+`, 'g');

/** Tesseract puts spaces between Chinese characters; a reader does not see them. */
export function removeCjkSpaces(s: string): string {
  return s.replace(CJK_GAP, '');
}

/** Full-width ASCII forms (ＡＢＣ１２３：) to their ASCII counterparts, ideographic space to space. */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

export function cleanLine(s: string): string {
  return removeCjkSpaces(toHalfWidth(s)).replace(/\s+/g, ' ').trim();
}

/**
 * Folds characters OCR confuses into one class each, so a brand read with a zero for an O, a one
 * or a pipe for an I, a five for an S, or "rn" for "m" still compares equal. Upper-case result.
 */
export function foldConfusions(s: string): string {
  return s
    .toUpperCase()
    .replace(/RN/g, 'M')
    .replace(/VV/g, 'W')
    .replace(/[0QD]/g, 'O')
    .replace(/[1L|!IJ]/g, 'I')
    .replace(/5/g, 'S')
    .replace(/8/g, 'B')
    .replace(/6/g, 'G')
    .replace(/2/g, 'Z')
    .replace(/[^A-Z0-9]/g, '');
}

/** Levenshtein distance, stopping early past `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}
