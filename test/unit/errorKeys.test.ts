// Every error main can send has a sentence in both languages: each ErrorCode, and each finer key
// an AppError names (found in the source), so the UI never falls back to the English message.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { en } from '../../renderer/src/locales/en';
import { zh } from '../../renderer/src/locales/zh';
import { ROOT } from '../helpers/paths';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('error sentences', () => {
  it('exist in both languages for every error code and every key main uses', () => {
    const result = fs.readFileSync(path.join(ROOT, 'shared/result.ts'), 'utf8');
    const codes = [...result.matchAll(/\| '([A-Z_]+)'/g)].map((m) => m[1]);
    expect(codes).toContain('FOUR_EYES');
    const keys = new Set<string>();
    for (const f of [...sourceFiles(path.join(ROOT, 'electron')), ...sourceFiles(path.join(ROOT, 'shared')), path.join(ROOT, 'renderer/src/api.ts')]) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bkey: '([A-Za-z]+)'/g)) keys.add(m[1]);
      if (f.endsWith('validationError.ts')) for (const m of fs.readFileSync(f, 'utf8').matchAll(/'(field[A-Z][A-Za-z]+|pinFormat)'/g)) keys.add(m[1]);
    }
    expect(keys).toContain('pinFormat');
    expect(keys).toContain('fieldTooShort');
    const missing = [...codes, ...keys].filter((k) => !(k in en.errors) || !(k in zh.errors));
    expect(missing).toEqual([]);
  });

  it('Chinese sentences are Chinese', () => {
    for (const [k, v] of Object.entries(zh.errors)) expect(v, k).toMatch(/[\u4e00-\u9fff]/);
  });
});
