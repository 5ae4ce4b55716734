// The service's handler modules answer every channel of the contract exactly once: proven by the
// compiler (handlers/index.ts, and the @ts-expect-error lines below, checked by tsc), and here at run
// time over the very modules the service composes. Also the session store the dispatcher relies on.
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/api';
import type { Storage } from '../../electron/main/db/storage';
import { CounterfeitLists } from '../../electron/main/service/counterfeitLists';
import type { HandlerContext, Handlers } from '../../electron/main/service/handlers/context';
import { createHandlers, DOMAINS, type Coverage } from '../../electron/main/service/handlers';
import { createAuditHandlers } from '../../electron/main/service/handlers/audit';
import { createHoldHandlers } from '../../electron/main/service/handlers/holds';
import path from 'node:path';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { Sessions, tokenHash } from '../../electron/main/service/sessions';
import { tempDir } from '../helpers/paths';

// Making the handlers calls nothing: the modules only need the parts to exist.
const ctx = { counterfeit: new CounterfeitLists({} as Storage, () => new Date(), async () => []) } as unknown as HandlerContext;

describe('service handler modules', () => {
  it('answer every channel of the contract, each in exactly one module', () => {
    const owners = new Map<string, string[]>();
    for (const [domain, create] of Object.entries(DOMAINS)) {
      for (const [channel, handler] of Object.entries(create(ctx))) {
        expect(typeof handler, channel).toBe('function');
        owners.set(channel, [...(owners.get(channel) ?? []), domain]);
      }
    }
    expect([...owners.keys()].sort()).toEqual([...CHANNELS].sort());
    expect([...owners].filter(([, d]) => d.length !== 1)).toEqual([]);
    expect(Object.keys(createHandlers(ctx)).sort()).toEqual([...CHANNELS].sort());
  });

  it('refuse to compose when a channel is answered twice, by no one, or is not in the contract', () => {
    const twice = { ...DOMAINS, extraAudit: createAuditHandlers };
    expect(() => createHandlers(ctx, twice)).toThrow(/audit:verify is answered by both audit and extraAudit/);
    const { holds: _holds, ...withoutHolds } = DOMAINS;
    expect(() => createHandlers(ctx, withoutHolds)).toThrow(/no module answers hold:decide/);
    const stray = { ...DOMAINS, stray: () => ({ 'hold:release': async () => null }) as unknown as Partial<Handlers> };
    expect(() => createHandlers(ctx, stray)).toThrow(/stray answers hold:release, which is not in the contract/);
  });

  it('are checked by the compiler too (tsc fails if one of these lines stops being an error)', () => {
    // @ts-expect-error hold:decide and the other hold channels have no handler
    const missing: Coverage<Omit<typeof DOMAINS, 'holds'>> = 'every channel exactly once';
    // @ts-expect-error the hold channels are answered twice
    const repeated: Coverage<typeof DOMAINS & { again: typeof createHoldHandlers }> = 'every channel exactly once';
    const complete: Coverage<typeof DOMAINS> = 'every channel exactly once';
    expect([missing, repeated, complete]).toHaveLength(3);
  });
});

describe('sessions', () => {
  // Sessions are rows (migration 10): two stores on one database file stand for two server processes.
  async function withUsers(now: () => Date) {
    const file = path.join(tempDir('sessions'), 'w.db');
    const storage = new SqliteStorage(file, { now });
    const ann = await storage.addUser({ name: 'ann', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
    const bob = await storage.addUser({ name: 'bob', role: 'supervisor', locale: 'zh', pinHash: 'x' }, 'test');
    return { file, storage, ann, bob };
  }

  it('end after idle time, say so once, and are kept alive by use, not by a look', async () => {
    let t = Date.parse('2026-03-01T08:00:00Z');
    const { storage, ann } = await withUsers(() => new Date(t));
    const sessions = new Sessions(storage.engine, () => new Date(t), 15);
    const token = await sessions.start(ann, 'S1');
    t += 14 * 60_000;
    expect(await sessions.resume(token)).toMatchObject({ user: ann, station: 'S1' });
    t += 14 * 60_000;
    expect(await sessions.resume(token)).toMatchObject({ user: ann });
    t += 10 * 60_000;
    // A public channel's look (touch: false) does not keep it alive.
    expect(await sessions.resume(token, false)).toMatchObject({ user: ann });
    t += 6 * 60_000;
    expect(await sessions.resume(token, false)).toBe('expired');
    expect(await sessions.resume(token)).toBe('expired');
    expect(await sessions.resume(token)).toBeNull();
    expect(await sessions.resume(null)).toBeNull();
    await storage.close();
  });

  it('are shared by every server process on the database, and keep no token there', async () => {
    const { file, storage, ann } = await withUsers(() => new Date());
    const other = new SqliteStorage(file);
    const token = await new Sessions(storage.engine, () => new Date()).start(ann, 'S1');
    expect(await new Sessions(other.engine, () => new Date()).resume(token)).toMatchObject({ user: ann, station: 'S1' });
    const stored = await storage.engine.read.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(stored).toEqual([{ token_hash: tokenHash(token) }]);
    expect(stored[0].token_hash).not.toBe(token);
    await other.close();
    await storage.close();
  });

  it('end everywhere for a deactivated user or a reset PIN (in the database), and nowhere else', async () => {
    const { storage, ann, bob } = await withUsers(() => new Date());
    const sessions = new Sessions(storage.engine, () => new Date(), 15);
    const a1 = await sessions.start(ann, 'S1');
    const a2 = await sessions.start(ann, 'S2');
    const b = await sessions.start(bob, 'S1');
    expect(new Set([a1, a2, b]).size).toBe(3);
    await storage.setUserActive(ann.id, false, 'test');
    expect(await sessions.resume(a1)).toBeNull();
    expect(await sessions.resume(a2)).toBeNull();
    expect(await sessions.resume(b)).toMatchObject({ user: bob });
    await storage.resetUserPin(bob.id, 'y', 'test');
    expect(await sessions.resume(b)).toBeNull();
    await storage.close();
  });
});
