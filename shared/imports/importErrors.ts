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

/** JSON.parse with an error that names line and column (Node's own message does not always). */
export function parseJson(fileName: string, text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const at = locateJsonError(text);
    const before = text.slice(0, at.offset);
    const line = before.split('\n').length;
    const column = at.offset - before.lastIndexOf('\n');
    return { ok: false, error: `${fileName}: malformed JSON at line ${line}, column ${column}: ${at.what} (${e instanceof Error ? e.message.split('\n')[0].slice(0, 80) : 'parse error'})` };
  }
}

/** Walks the text as JSON and returns where it first goes wrong. Only called on text JSON.parse refused. */
export function locateJsonError(text: string): { offset: number; what: string } {
  let i = 0;
  const fail = (what: string): never => {
    throw { offset: i, what };
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a "quoted" key');
        string();
        ws();
        if (text[i] !== ':') fail('expected ":" after the key');
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail(i >= text.length ? 'the file ends too early' : `unexpected ${JSON.stringify(c)}`);
    i += m![0].length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') fail('line break inside a string');
      i++;
    }
    if (i >= text.length) fail('a string is not closed');
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail('unexpected text after the end');
    return { offset: i, what: 'invalid JSON' };
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as { offset: number; what: string };
    throw e;
  }
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
