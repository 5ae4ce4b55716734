// User names: NFKC, control characters refused, reserved names and look-alikes of existing users refused.
import { describe, expect, it } from 'vitest';
import { nameSkeleton, normaliseUserName, reservedNameReason } from '../../shared/userNames';

describe('user names', () => {
  it.each([
    ['ａｄｍｉｎ', 'admin'],
    ['  张伟 ', '张伟'],
    ['wang  li', 'wang li'],
    ['system：cli', 'system:cli'],
  ])('normalises %j to %j', (raw, name) => {
    expect(normaliseUserName(raw)).toEqual({ ok: true, name });
  });

  it.each(['sup1\0', 'ann\u200b', 'bob\u202e', 'a\u0007b', 'x\ny'])('refuses a control or format character in %j', (raw) => {
    expect(normaliseUserName(raw)).toMatchObject({ ok: false, key: 'userNameControl' });
  });

  it.each([
    ['anonymous', 'userNameReserved'],
    ['Anonymous', 'userNameReserved'],
    ['аnоnymоus', 'userNameReserved'], // Cyrillic а and о
    ['system:cli', 'userNameReserved'],
    ['sуstem:anything', 'userNameReserved'], // Cyrillic у
    ['admin', null], // the same name: a duplicate, which the store refuses by itself
    ['аdmin', 'userNameLookalike'], // Cyrillic а
    ['adrnin', 'userNameLookalike'], // rn for m
    ['wang', null],
  ])('%j → %s', (name, key) => {
    const n = normaliseUserName(name);
    expect(n.ok).toBe(true);
    const r = reservedNameReason(n.ok ? n.name : '', ['admin', '张伟']);
    expect(r?.key ?? null).toBe(key);
  });

  it('skeletons fold case, marks and look-alike letters', () => {
    expect(nameSkeleton('ÁDMİN')).toBe(nameSkeleton('admin'));
    expect(nameSkeleton('ѕuр1')).toBe(nameSkeleton('sup1'));
    expect(nameSkeleton('张伟')).not.toBe(nameSkeleton('张玮'));
  });
});
