// The hold queue's and audit trail's filters as supervisors type them: any case, brand names and
// aliases in either script, station names, action groups; and the decided list says which decision.
import { describe, expect, it } from 'vitest';
import { freshService, importPack } from '../helpers/service';

describe('hold queue and audit filters', () => {
  it('match brands by id, name or alias in any case or script, stations and inspectors in any case', async () => {
    const t = freshService();
    await importPack(t);
    await t.sys('users:add', { name: 'Ann', role: 'inspector', pin: '1234' });
    const s = await t.service.call('session:signIn', { name: 'Ann', pin: '1234', station: 'Dock-3' });
    if (!s.ok) throw new Error(s.error.message);
    const token = s.value.token;
    // No photos: held as unreadable, with the order's declared brand (Burberry) on the hold.
    const r = await t.service.call('parcel:inspect', { scan: 'SF036947341402', photoIds: [] }, { token });
    expect(r.ok && r.value.outcome).toBe('HOLD');
    const count = async (f: Record<string, string>) => (await t.sys('holds:list', { status: 'all', ...f })).total;
    for (const brand of ['burberry', 'Burberry', 'BURBERRY', '博柏利', ' Burberry ']) expect(await count({ brand }), brand).toBe(1);
    expect(await count({ brand: 'Nike' })).toBe(0);
    expect(await count({ brand: '耐克' })).toBe(0);
    for (const station of ['Dock-3', 'dock-3', 'DOCK-3']) expect(await count({ station }), station).toBe(1);
    expect(await count({ station: 'Dock-4' })).toBe(0);
    expect(await count({ inspector: 'ann' })).toBe(1);
  });

  it('the decided list carries the decision, who and when; the audit filter matches an action group', async () => {
    const t = freshService();
    await importPack(t);
    await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '1234' });
    await t.sys('users:add', { name: 'wang', role: 'supervisor', pin: '5678' });
    const ann = await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' });
    const wang = await t.service.call('session:signIn', { name: 'wang', pin: '5678', station: 'S1' });
    if (!ann.ok || !wang.ok) throw new Error('sign-in');
    const held = await t.service.call('parcel:inspect', { scan: 'SF036947341402', photoIds: [] }, { token: ann.value.token });
    if (!held.ok) throw new Error(held.error.message);
    const d = await t.service.call('hold:decide', { holdId: held.value.holdId!, disposition: 'RETURN', reason: 'Seller cannot prove origin' }, { token: wang.value.token });
    expect(d.ok).toBe(true);
    const decided = await t.sys('holds:list', { status: 'decided' });
    expect(decided.rows[0].lastDecision).toMatchObject({ disposition: 'RETURN', decidedBy: 'wang' });
    expect(Date.parse(decided.rows[0].lastDecision!.decidedAt)).not.toBeNaN();
    const group = await t.sys('audit:list', { action: 'hold' });
    expect(group.rows.map((r) => r.action)).toEqual(['hold.return']);
    expect((await t.sys('audit:list', { action: 'user' })).rows.every((r) => r.action.startsWith('user.'))).toBe(true);
    expect((await t.sys('audit:list', { action: 'user' })).total).toBe(2);
    expect((await t.sys('audit:list', { action: 'hold.return' })).total).toBe(1);
    expect((await t.sys('audit:list', { action: 'hol' })).total).toBe(0);
  });
});
