// Administration of users: unlock a locked user, reset a PIN, deactivate; each audited. And the
// contract's errors carry keys and parameters the UI renders in the user's language.
import { describe, expect, it } from 'vitest';
import { freshService, type TestService } from '../helpers/service';

async function session(t: TestService, name: string, pin: string) {
  const r = await t.service.call('session:signIn', { name, pin, station: 'S1' });
  if (!r.ok) throw new Error(r.error.message);
  const token = r.value.token;
  return <C extends Parameters<typeof t.service.call>[0]>(channel: C, req: unknown) => t.service.call(channel, req, { token });
}

async function setUp() {
  const t = freshService();
  await t.sys('users:add', { name: 'boss', role: 'admin', pin: '9999' });
  await t.sys('users:add', { name: 'wang', role: 'supervisor', pin: '5555' });
  await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '1234' });
  const admin = await session(t, 'boss', '9999');
  const ann = (await t.sys('users:all', {})).find((u) => u.name === 'ann')!;
  return { t, admin, annId: ann.id };
}

async function lockOut(t: TestService, name: string) {
  for (let i = 0; i < 5; i++) await t.service.call('session:signIn', { name, pin: '0000', station: 'S1' });
  const r = await t.service.call('session:signIn', { name, pin: '1234', station: 'S1' });
  expect(!r.ok && r.error.code).toBe('LOCKED_OUT');
}

describe('user administration', () => {
  it('a supervisor unlocks a locked-out user, who can then sign in; the unlock is audited', async () => {
    const { t, annId } = await setUp();
    await lockOut(t, 'ann');
    expect((await t.sys('users:all', {})).find((u) => u.id === annId)!.lockedUntil).not.toBeNull();
    const wang = await session(t, 'wang', '5555');
    const r = await wang('users:unlock', { userId: annId });
    expect(r.ok).toBe(true);
    expect((await t.sys('users:all', {})).find((u) => u.id === annId)!.lockedUntil).toBeNull();
    expect((await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' })).ok).toBe(true);
    const audit = await t.sys('audit:list', { action: 'user.unlock' });
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor: 'wang', entityId: 'ann' });
  });

  it('an admin resets a PIN: the old one stops working, the new one works, and a lock is lifted', async () => {
    const { t, admin, annId } = await setUp();
    await lockOut(t, 'ann');
    const r = await admin('users:resetPin', { userId: annId, pin: '8642' });
    expect(r.ok).toBe(true);
    expect((await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' })).ok).toBe(false);
    expect((await t.service.call('session:signIn', { name: 'ann', pin: '8642', station: 'S1' })).ok).toBe(true);
    expect((await t.sys('audit:list', { action: 'user.pin_reset' })).rows[0]).toMatchObject({ actor: 'boss', entityId: 'ann' });
  });

  it('a deactivated user cannot sign in, and a supervisor may not reset PINs', async () => {
    const { t, admin, annId } = await setUp();
    const ann = await session(t, 'ann', '1234');
    expect((await admin('users:setActive', { userId: annId, active: false })).ok).toBe(true);
    // The open session ends with it.
    const after = await ann('station:recent', {});
    expect(!after.ok && after.error.code).toBe('NOT_SIGNED_IN');
    expect((await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' })).ok).toBe(false);
    const wang = await session(t, 'wang', '5555');
    const refused = await wang('users:resetPin', { userId: annId, pin: '1111' });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    expect((await t.sys('audit:list', { action: 'user.deactivate' })).rows).toHaveLength(1);
  });

  it('validation errors and duplicate users carry a message key and parameters', async () => {
    const { admin } = await setUp();
    const bad = await admin('users:add', { name: 'li', role: 'inspector', pin: '12' });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'BAD_REQUEST', key: 'pinFormat', params: { field: 'pin' } });
    const short = await admin('hold:decide', { holdId: 1, disposition: 'RELEASE', reason: 'x' });
    expect(!short.ok && short.error).toMatchObject({ code: 'BAD_REQUEST', key: 'fieldTooShort', params: { field: 'reason', limit: 3 } });
    const dup = await admin('users:add', { name: 'ann', role: 'inspector', pin: '1234' });
    expect(!dup.ok && dup.error).toMatchObject({ code: 'CONFLICT', key: 'duplicateUser', params: { name: 'ann' } });
  });
});
