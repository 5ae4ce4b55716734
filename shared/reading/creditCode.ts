// The unified social credit code (统一社会信用代码, GB 32100-2015): check character and OCR repair.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Letters the code never uses (I, O, S, V, Z) mapped to what OCR most likely misread. */
const NEVER_USED: Record<string, string> = { I: '1', O: '0', S: '5', V: 'U', Z: '2' };

/**
 * Characters OCR takes for one another on printed invoices (the letters the code never uses are
 * folded before this). Kept to look-alike shapes: every extra pair is another chance that a wrong
 * character happens to satisfy the check.
 */
const CONFUSIONS: Record<string, string[]> = {
  '0': ['D', 'Q', '8'],
  '1': ['7', 'L', 'J'],
  '2': ['7'],
  '3': ['8'],
  '4': ['A'],
  '5': ['6'],
  '6': ['G', '5', '8', 'B'],
  '7': ['1', '2'],
  '8': ['B', '3', '6', '0'],
  A: ['4'],
  B: ['8', '6'],
  D: ['0'],
  G: ['6'],
  Q: ['0'],
  L: ['1'],
  J: ['1'],
  M: ['N'],
  N: ['M'],
  U: ['W'],
  W: ['U'],
  X: ['K', 'Y'],
  K: ['X'],
  Y: ['X'],
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

/** Every valid code one OCR confusion away from `code`. */
export function creditCodeRepairs(code: string): string[] {
  const out = new Set<string>();
  if (code.length !== 18) return [];
  for (let i = 0; i < 18; i++) {
    for (const alt of CONFUSIONS[code[i]] ?? []) {
      const candidate = code.slice(0, i) + alt + code.slice(i + 1);
      if (isValidCreditCode(candidate)) out.add(candidate);
    }
  }
  return [...out];
}

/**
 * Validates a code as OCR read it. Where it fails its check character, tries every single-character
 * confusion, and takes a repair only when it gives a code the caller expects (`known`: the order's
 * seller, the sellers of the registry's certificates). A repair toward nothing known is a guess: with
 * one chance in 31 that any wrong character passes the check, about one in three misreads has some
 * "valid" repair. Such a read stays invalid, and the rules hold.
 */
export function readCreditCode(raw: string, known: readonly string[] = []): CreditCodeReading {
  const read = raw.trim();
  const code = normalizeCreditCode(read);
  if (isValidCreditCode(code)) return { code, read, valid: true, repaired: code !== read.toUpperCase().replace(/[\s\-_.·:：]/g, '') };
  const candidates = creditCodeRepairs(code);
  const expected = candidates.find((c) => known.includes(c));
  if (expected) return { code: expected, read, valid: true, repaired: true };
  return { code, read, valid: false, repaired: false };
}
