// The station's link to its storage: lost at the first SERVER_LOST, polled while lost, ended only
// by the server's own answer, and quiet (no polling) while the server answers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../../shared/api';
import type { Result } from '../../shared/result';
import { createServerLink, type ServerLink } from '../../renderer/src/serverLink';

const LOST: Result<never> = { ok: false, error: { code: 'SERVER_LOST', message: 'The database server cannot be reached' } };
const status = (connected: boolean): Result<EngineStatus> => ({ ok: true, value: { engine: 'postgres', where: '10.0.0.5:5432/warehouse', user: 'station', connected, schema: 8 } });

describe('server link', () => {
  let answers: Result<EngineStatus>[];
  let asked: number;
  let link: ServerLink;
  beforeEach(() => {
    vi.useFakeTimers();
    answers = [];
    asked = 0;
    link = createServerLink({
      intervalMs: 3000,
      check: async () => {
        asked++;
        return answers.shift() ?? LOST;
      },
    });
  });
  afterEach(() => {
    link.stop();
    vi.useRealTimers();
  });

  it('is lost at once when any call answers SERVER_LOST, polls every interval while lost, and stops once the server answers', async () => {
    const seen: boolean[] = [];
    link.subscribe(() => seen.push(link.get().lost));
    link.note('parcel:inspect', LOST);
    expect(link.get().lost).toBe(true);
    expect(asked).toBe(0);
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked).toBe(1);
    expect(link.get().lost).toBe(true);
    answers.push(status(false));
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked).toBe(2);
    expect(link.get().lost).toBe(true);
    answers.push(status(true));
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked).toBe(3);
    expect(link.get()).toMatchObject({ lost: false, since: null, engine: { where: '10.0.0.5:5432/warehouse', connected: true } });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(asked).toBe(3);
    expect(seen).toEqual([true, true, false]); // lost; the engine's "not connected" answer; back
  });

  it('never polls while the server answers, and other errors do not count as lost', async () => {
    link.note('parcel:inspect', { ok: false, error: { code: 'GATE_REFUSED', message: 'no' } });
    link.note('parcel:lookup', { ok: true, value: {} });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(link.get().lost).toBe(false);
    expect(asked).toBe(0);
  });

  it('does not end a loss on a call that succeeded, but asks the server at once', async () => {
    link.note('photo:add', LOST);
    link.note('session:signOut', { ok: true, value: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toBe(1);
    expect(link.get().lost).toBe(true);
    answers.push(status(true));
    link.note('parcel:inspect', { ok: true, value: {} });
    await vi.advanceTimersByTimeAsync(0);
    expect(link.get().lost).toBe(false);
  });

  it('is lost when the engine says it is not connected, and keeps its answer for the top bar', async () => {
    answers.push(status(false));
    await link.refresh();
    expect(link.get().lost).toBe(true);
    expect(link.get().engine?.engine).toBe('postgres');
  });

  it('tolerates a service without system:engine: no engine shown, and a successful call ends a loss', async () => {
    const missing: Result<EngineStatus> = { ok: false, error: { code: 'INTERNAL', message: 'Internal error: handler is not a function' } };
    answers.push(missing);
    await link.refresh();
    expect(link.get()).toEqual({ lost: false, since: null, engine: null });
    link.note('parcel:inspect', LOST);
    answers.push(missing);
    await vi.advanceTimersByTimeAsync(3000);
    expect(link.get().lost).toBe(true);
    link.note('parcel:inspect', { ok: true, value: {} });
    expect(link.get().lost).toBe(false);
  });
});
