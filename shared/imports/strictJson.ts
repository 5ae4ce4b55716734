// A strict JSON reader for the customer's registry files. JSON.parse keeps the last of two equal keys
// without a word and recurses without bound; this reader names a repeated key with its line, refuses
// nesting deeper than a limit with a clear error, and remembers the line of every object and key so
// later checks (unknown keys) can name the line too.

export const MAX_JSON_DEPTH = 16;

export interface StrictJson {
  value: unknown;
  /** Line (1-based) where each object starts, and where each of its keys is written. */
  lines: WeakMap<object, { at: number; keys: Map<string, number> }>;
}

export class StrictJsonError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly what: string,
  ) {
    super(`line ${line}, column ${column}: ${what}`);
  }
}

export function parseStrictJson(text: string, maxDepth = MAX_JSON_DEPTH): StrictJson {
  const lines: StrictJson['lines'] = new WeakMap();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (what: string): never => {
    throw new StrictJsonError(line, i - lineStart + 1, what);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        line++;
        lineStart = i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
      i++;
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail(c === 0x0a ? 'line break inside a string' : 'a control character inside a string');
      if (text[i] === '\\') i++;
      i++;
    }
    if (i >= text.length) fail('a string is not closed');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('a bad escape inside a string');
    }
  };
  const value = (depth: number): unknown => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(`nested deeper than ${maxDepth} levels`);
    }
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      const keys = new Map<string, number>();
      lines.set(obj, { at: line, keys });
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a "quoted" key');
        const keyLine = line;
        const key = string();
        if (keys.has(key)) fail(`key "${key}" repeats (first on line ${keys.get(key)})`);
        keys.set(key, keyLine);
        ws();
        if (text[i] !== ':') fail('expected ":" after the key');
        i++;
        const v = value(depth + 1);
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) return fail(i >= text.length ? 'the file ends too early' : `unexpected ${JSON.stringify(c)}`);
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  const v = value(0);
  ws();
  if (i < text.length) fail('unexpected text after the end');
  return { value: v, lines };
}
