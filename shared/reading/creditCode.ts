// The unified social credit code (统一社会信用代码, GB 32100-2015): check character and OCR repair.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Letters the code never uses (I, O, S, V, Z) mapped to what OCR most likely misread. */
const NEVER_USED: Record<string, string> = { I: '1', O: '0', S: '5', V: 'U', Z: '2' };

/** Pairs OCR confuses; each maps to the characters it may really have been. */
const CONFUSIONS: Record<string, string[]> = {
  '0': ['D', 'Q', '8'],
  '1': ['7', 'T', 'L', 'J'],
  '2': ['7'],
  '5': ['6', '8'],
  '6': ['G', '5', '8'],
  '8': ['B', '3', '6', '0'],
  '3': ['8'],
  '7': ['1', 'T'],
  '9': ['4'],
  '4': ['A', '9'],
  A: ['4'],
  B: ['8', 'R'],
  D: ['0'],
  G: ['6', 'C'],
  C: ['G'],
  Q: ['0'],
  T: ['1', '7'],
  L: ['1'],
  J: ['1'],
  U: ['W', 'Y'],
  W: ['U'],
  Y: ['U', 'X'],
  X: ['Y', 'K'],
  K: ['X'],
  R: ['B'],
  M: ['N', 'W'],
  N: ['M', 'H'],
  H: ['N'],
  E: ['F', 'B'],
  F: ['E', 'P'],
  P: ['F', 'R'],
};

/** Upper-case, drop spaces and separators, map never-used letters to their look-alike digits. */
export function normalizeCreditCode(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[\s\-_.·:：]/g, '')
    .replace(/[IOSVZ]/g, (c) => NEVER_USED[c] ?? c);
}

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-Z]{18}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

export interface CreditCodeReading {
  /** The code to use: the valid code, the unique repair, or the normalised reading when neither. */
  code: string;
  read: string;
  valid: boolean;
  repaired: boolean;
}

/**
 * Validates a code as OCR read it. Where it fails its check character, tries every single-character
 * confusion; a repair is accepted only when exactly one candidate is valid, never a guess between two.
 */
export function readCreditCode(raw: string): CreditCodeReading {
  const read = raw.trim();
  const code = normalizeCreditCode(read);
  if (isValidCreditCode(code)) return { code, read, valid: true, repaired: code !== read.toUpperCase() };
  if (code.length !== 18) return { code, read, valid: false, repaired: false };
  const candidates = new Set<string>();
  for (let i = 0; i < 18; i++) {
    for (const alt of CONFUSIONS[code[i]] ?? []) {
      const candidate = code.slice(0, i) + alt + code.slice(i + 1);
      if (isValidCreditCode(candidate)) candidates.add(candidate);
    }
  }
  if (candidates.size === 1) {
    const [only] = candidates;
    return { code: only, read, valid: true, repaired: true };
  }
  return { code, read, valid: false, repaired: false };
}
