// eventHash writes the canonical JSON of an event by hand (keys in sorted order) for speed: it must be
// the very bytes canonicalJson gives, for any text an event can hold, or old chains stop verifying.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventBodyCanonical, eventHash } from '../../electron/main/db/audit';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const texts = ['', 'plain', '王小明', 'quote " and \\\\ backslash', 'line\nbreak\ttab', '\u2028\u2029', '\u0000\u001f', '😀 emoji', '{"details":"json in text"}', 'é\u0301'];

describe('the audit event hash', () => {
  it('is the SHA-256 of the canonical JSON, for awkward text in every field', () => {
    let n = 0;
    for (const a of texts) {
      for (const b of texts) {
        const e = { seq: 1 + n * 7919, at: `2026-11-23T10:00:0${n % 10}.000Z`, actor: a, action: 'hold.release', entity_type: b, entity_id: a + b, details: JSON.stringify({ why: b, n }), prev_hash: sha(a) };
        expect(eventHash(e)).toBe(sha(eventBodyCanonical(e)));
        n++;
      }
    }
    expect(n).toBe(texts.length ** 2);
  });

  it('changes with any field', () => {
    const e = { seq: 5, at: '2026-11-23T10:00:00.000Z', actor: 'Li', action: 'hold.release', entity_type: 'parcel', entity_id: 'SF1', details: '{}', prev_hash: '0'.repeat(64) };
    const base = eventHash(e);
    for (const k of Object.keys(e) as (keyof typeof e)[]) {
      const changed = { ...e, [k]: typeof e[k] === 'number' ? 6 : `${e[k]}x` };
      expect(eventHash(changed)).not.toBe(base);
    }
  });
});
