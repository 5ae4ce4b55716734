// Decoding and error helpers shared by the three import parsers.

export type ParseOutcome<T> = { ok: true; items: T[] } | { ok: false; errors: string[] };

/** Strict UTF-8 decoding: a file in GBK or another encoding is refused, never garbled. */
export function decodeUtf8(fileName: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    const at = firstInvalidUtf8Byte(bytes);
    return {
      ok: false,
      error: `${fileName}: not UTF-8 text (byte ${at} is not valid UTF-8; GBK files must be saved as UTF-8 first)`,
    };
  }
}

function firstInvalidUtf8Byte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/** JSON.parse with an error that names line and column instead of a character offset. */
export function parseJson(fileName: string, text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      return { ok: false, error: `${fileName}: malformed JSON at line ${line}, column ${column} (${msg.replace(/ in JSON at position \d+.*$/, '')})` };
    }
    return { ok: false, error: `${fileName}: malformed JSON (${msg})` };
  }
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
