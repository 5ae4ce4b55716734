// Sign-in that holds: parallel guesses, the first administrator, system identities, idle sessions
// and the station's own name.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ParcelGateService } from '../../electron/main/service/service';
import { freshService, rawEngine } from '../helpers/service';
import { tempDir } from '../helpers/paths';

const PARALLEL = 400;

describe('sign-in under attack', () => {
  it(`evaluates at most the lockout limit of ${PARALLEL} parallel guesses, and the right PIN among them does not get in`, async () => {
    const t = freshService();
    await t.sys('users:add', { name: 'boss', role: 'supervisor', pin: '271828' });
    const guesses = Array.from({ length: PARALLEL }, (_, i) => (i === PARALLEL - 1 ? '271828' : String(100000 + i)));
    const results = await Promise.all(guesses.map((pin) => t.service.call('session:signIn', { name: 'boss', pin, station: 'S1' })));
    const db = rawEngine(t.dbFile);
    const wrong = (await db.read.get<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE action = 'session.pin_wrong'"))!.n;
    await db.close();
    const found = results.filter((r) => r.ok).length;
    const evaluated = wrong + found;
    console.log(`parallel PIN guesses: ${PARALLEL} sent, ${evaluated} evaluated in one lock window, PIN found: ${found > 0}`);
    expect(found).toBe(0);
    expect(evaluated).toBeLessThanOrEqual(5);
    const last = results[PARALLEL - 1];
    expect(!last.ok && last.error).toMatchObject({ code: 'LOCKED_OUT' });
    await t.service.close();
  }, 600_000);

  it('names the lockout with a locale key, and rate-limits attempts per station', async () => {
    const t = freshService();
    await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '1234' });
    for (let i = 0; i < 5; i++) await t.service.call('session:signIn', { name: 'ann', pin: '0000', station: 'S1' });
    const locked = await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' });
    expect(!locked.ok && locked.error).toMatchObject({ code: 'LOCKED_OUT', key: 'lockedOut', params: { name: 'ann' } });
    // Many names from one station: the station's budget runs out too.
    const many = await Promise.all(Array.from({ length: 40 }, (_, i) => t.service.call('session:signIn', { name: `nobody${i}`, pin: '0000', station: 'S1' })));
    expect(many.filter((r) => !r.ok && r.error.key === 'signInRateLimited').length).toBeGreaterThan(0);
    await t.service.close();
  });

  it('does not rate-limit a person who signs in again and again at a shared station', async () => {
    const t = freshService();
    await t.sys('users:add', { name: 'zhou', role: 'inspector', pin: '8642' });
    const results = [];
    for (let i = 0; i < 25; i++) results.push(await t.service.call('session:signIn', { name: 'zhou', pin: '8642', station: 'S1' }));
    expect(results.filter((r) => r.ok).length).toBe(25);
    // Wrong PINs still count: the sixth attempt in a row after five failures is refused.
    for (let i = 0; i < 5; i++) await t.service.call('session:signIn', { name: 'zhou', pin: '0000', station: 'S1' });
    expect((await t.service.call('session:signIn', { name: 'zhou', pin: '8642', station: 'S1' })).ok).toBe(false);
    await t.service.close();
  });
});

describe('the first administrator', () => {
  it('parallel first calls on an empty database create exactly one admin', async () => {
    const t = freshService();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => t.service.call('users:add', { name: `admin${i}`, role: 'admin', pin: '1111' })));
    expect(results.filter((r) => r.ok).length).toBe(1);
    await t.service.close();
  });

  it('a person whose name starts with "cli" counts: nobody else bootstraps a second admin', async () => {
    const t = freshService();
    expect((await t.service.call('users:add', { name: 'clive', role: 'admin', pin: '1111' })).ok).toBe(true);
    const second = await t.service.call('users:add', { name: 'mallory', role: 'admin', pin: '1111' });
    expect(!second.ok && second.error.code).toBe('FORBIDDEN');
    await t.service.close();
  });

  it('command-line actions run as a system identity that is no account: not listed, no sign-in, name reserved', async () => {
    const t = freshService();
    await t.sys('users:add', { name: 'boss', role: 'admin', pin: '1111' });
    const s = await t.sys('shipment:create', { destination: 'LAX', carrier: 'SF' });
    expect(s.createdBy).toBe('system:test');
    expect((await t.sys('users:list', {})).map((u) => u.name)).toEqual(['boss']);
    const signIn = await t.service.call('session:signIn', { name: 'system:test', pin: '0000', station: 'S1' });
    expect(!signIn.ok && signIn.error.code).toBe('WRONG_PIN');
    const taken = await t.sys('users:add', { name: 'System:cli', role: 'admin', pin: '1111' }).catch((e: Error) => e.message);
    expect(taken).toContain('kept for system identities');
    await t.service.close();
  });
});

describe('sessions', () => {
  it('end after idle time and on sign-out', async () => {
    let now = Date.parse('2026-03-01T08:00:00Z');
    const t = freshService({ now: () => new Date(now) });
    await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '1234' });
    const s = await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' });
    const token = s.ok ? s.value.token : '';
    now += 14 * 60_000;
    expect((await t.service.call('station:recent', {}, { token })).ok).toBe(true);
    now += 16 * 60_000;
    const idle = await t.service.call('station:recent', {}, { token });
    expect(!idle.ok && idle.error).toMatchObject({ code: 'NOT_SIGNED_IN', key: 'sessionExpired' });
    const s2 = await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' });
    const token2 = s2.ok ? s2.value.token : '';
    await t.service.call('session:signOut', {}, { token: token2 });
    expect((await t.service.call('station:recent', {}, { token: token2 })).ok).toBe(false);
    await t.service.close();
  });

  it("take the station's name from its own settings, not from the client", async () => {
    const dir = tempDir('station');
    const service = new ParcelGateService({ dbFile: path.join(dir, 'db.sqlite'), dataDir: path.join(dir, 'data'), station: 'PACK-7' });
    await service.call('users:add', { name: 'ann', role: 'inspector', pin: '1234' }, { system: 'test' });
    const s = await service.call('session:signIn', { name: 'ann', pin: '1234', station: 'SUPERVISOR-DESK' });
    expect(s.ok && s.value.station).toBe('PACK-7');
    await service.close();
  });
});
