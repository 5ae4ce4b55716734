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
import { Sessions } from '../../electron/main/service/sessions';

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
  it('end after idle time, say so once, and are kept alive by use', () => {
    let t = Date.parse('2026-03-01T08:00:00Z');
    const sessions = new Sessions(() => new Date(t), 15);
    const user = { id: 1, name: 'ann', role: 'inspector' as const, locale: 'en' as const };
    const token = sessions.start(user, 'S1');
    t += 14 * 60_000;
    expect(sessions.resume(token)).toMatchObject({ user, station: 'S1' });
    t += 14 * 60_000;
    expect(sessions.resume(token)).toMatchObject({ user });
    t += 16 * 60_000;
    expect(sessions.resume(token)).toBe('expired');
    expect(sessions.resume(token)).toBeNull();
    expect(sessions.resume(null)).toBeNull();
  });

  it('end everywhere for a deactivated user, and nowhere else', () => {
    const sessions = new Sessions(() => new Date(), 15);
    const ann = { id: 1, name: 'ann', role: 'inspector' as const, locale: 'en' as const };
    const bob = { id: 2, name: 'bob', role: 'supervisor' as const, locale: 'zh' as const };
    const a1 = sessions.start(ann, 'S1');
    const a2 = sessions.start(ann, 'S2');
    const b = sessions.start(bob, 'S1');
    expect(new Set([a1, a2, b]).size).toBe(3);
    sessions.endAllOf(ann.id);
    expect(sessions.resume(a1)).toBeNull();
    expect(sessions.resume(a2)).toBeNull();
    expect(sessions.resume(b)).toMatchObject({ user: bob });
  });
});
