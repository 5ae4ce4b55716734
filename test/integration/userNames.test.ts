// Accounts the issue found accepted: `anonymous`, full-width `ａｄｍｉｎ` beside admin, `sup1\0` and
// `system：cli` (full-width colon). Each is refused through the service with a key the UI says in zh and en.
import { describe, expect, it } from 'vitest';
import { freshService } from '../helpers/service';
import { SYSTEM } from '../../shared/systemIdentities';

describe('user names at users:add', () => {
  it('refuses reserved names, look-alikes and control characters; stores the NFKC form', async () => {
    const t = freshService();
    await t.sys('users:add', { name: 'admin', role: 'admin', pin: '4826' });
    const add = (name: string) => t.service.call('users:add', { name, role: 'inspector', pin: '4826' }, { system: SYSTEM.test });
    const cases: [string, string][] = [
      ['anonymous', 'userNameReserved'],
      ['ａｄｍｉｎ', 'duplicateUser'], // NFKC: it is admin
      ['аdmin', 'userNameLookalike'], // Cyrillic а
      ['sup1\0', 'userNameControl'],
      ['system：cli', 'userNameReserved'],
    ];
    for (const [name, key] of cases) {
      const r = await add(name);
      expect(r.ok, name).toBe(false);
      expect(!r.ok && r.error.key, name).toBe(key);
    }
    const ok = await add('ｗａｎｇ');
    expect(ok.ok && ok.value).toMatchObject({ name: 'wang' });
    const names = (await t.sys('users:list', {})).map((u) => u.name).sort();
    expect(names).toEqual(['admin', 'wang']);
    await t.service.close();
  });
});
