// When the station's backup is due (electron/main/service/backupSchedule.ts), with a clock the test sets.
import { describe, expect, it } from 'vitest';
import { BackupSchedule, RETRY_AFTER_FAILURE_MS, type LastAttempt } from '../../electron/main/service/backupSchedule';

const T0 = Date.parse('2026-12-07T00:00:00Z');
const H = 3_600_000;

function schedule(opts: { enabled?: boolean; last?: LastAttempt | null; now?: number; intervalH?: number }) {
  const runs: string[] = [];
  const s = new BackupSchedule({
    now: () => new Date(opts.now ?? T0),
    enabled: () => opts.enabled ?? true,
    intervalMs: () => (opts.intervalH ?? 4) * H,
    lastAttempt: () => opts.last ?? null,
    run: async (why) => void runs.push(why),
  });
  return { s, runs };
}

describe('BackupSchedule', () => {
  it.each([
    { what: 'not set up: nothing is due', o: { enabled: false }, due: null },
    { what: 'never backed up: due now', o: {}, due: T0 },
    { what: 'after a good backup: one interval later', o: { last: { at: T0 - H, ok: true } }, due: T0 + 3 * H },
    { what: 'after a failure: retried sooner', o: { last: { at: T0, ok: false } }, due: T0 + RETRY_AFTER_FAILURE_MS },
    { what: 'a failure with a shorter interval than the retry: the interval', o: { last: { at: T0, ok: false }, intervalH: 0.1 }, due: T0 + 0.1 * H },
  ])('$what', ({ o, due }) => expect(schedule(o).s.nextDue()).toBe(due));

  it('tick runs only when due', async () => {
    const early = schedule({ last: { at: T0, ok: true }, now: T0 + 4 * H - 1 });
    expect(await early.s.tick()).toBe(false);
    const due = schedule({ last: { at: T0, ok: true }, now: T0 + 4 * H });
    expect(await due.s.tick()).toBe(true);
    expect(due.runs).toEqual(['schedule']);
  });

  it('a sign-out runs one only when nobody is left signed in and backups are set up', async () => {
    const s = schedule({ last: { at: T0, ok: true } });
    expect(await s.s.signedOut(1)).toBe(false);
    expect(await s.s.signedOut(0)).toBe(true);
    expect(s.runs).toEqual(['sign-out']);
    expect(await schedule({ enabled: false }).s.signedOut(0)).toBe(false);
  });
});
