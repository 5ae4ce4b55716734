// Which backups rotation keeps (shared/backup/rotation.ts) and when the admin is warned (backupHealth.ts).
import { describe, expect, it } from 'vitest';
import { planRotation, warehouseDay, type BackupEntry } from '../../shared/backup/rotation';
import { backupWarnings } from '../../shared/backup/backupHealth';

const NOW = Date.parse('2026-12-07T04:00:00Z'); // 12:00 in the warehouse (UTC+8)
const H = 3_600_000;
const D = 24 * H;
const at = (msAgo: number, good = true, name = `b-${NOW - msAgo}`): BackupEntry => ({ name, takenAt: NOW - msAgo, good });

/** Backups every 4 hours for `days` days, newest first. */
const every4h = (days: number) => Array.from({ length: days * 6 }, (_, i) => at(i * 4 * H));

describe('planRotation', () => {
  const cases: { what: string; list: BackupEntry[]; policy?: { keepLast: number; dailyDays: number }; keep: string[] | number; removed?: string[] }[] = [
    { what: 'nothing to rotate', list: [], keep: [] },
    { what: 'fewer than N: all kept', list: [at(0, true, 'a'), at(H, true, 'b')], keep: ['a', 'b'] },
    {
      what: 'the last N are kept even on one day; older ones of the same day go',
      list: [at(0, true, 'a'), at(H, true, 'b'), at(2 * H, true, 'c')],
      policy: { keepLast: 1, dailyDays: 30 },
      keep: ['a'],
      removed: ['b', 'c'],
    },
    {
      what: 'one a day for 30 days: the newest of each warehouse day',
      list: [at(0, true, 'today'), at(D, true, 'yesterday-late'), at(D + H, true, 'yesterday-early'), at(2 * D, true, 'two-days')],
      policy: { keepLast: 1, dailyDays: 30 },
      keep: ['today', 'yesterday-late', 'two-days'],
      removed: ['yesterday-early'],
    },
    { what: 'older than 30 days and beyond the last N: removed', list: [at(0, true, 'now'), at(31 * D, true, 'old')], policy: { keepLast: 1, dailyDays: 30 }, keep: ['now'], removed: ['old'] },
    { what: 'old ones stay while they are among the last N', list: [at(0, true, 'now'), at(90 * D, true, 'old')], policy: { keepLast: 2, dailyDays: 30 }, keep: ['now', 'old'] },
    {
      what: 'a failed backup never counts towards N: the good ones behind it are kept',
      list: [at(0, false, 'failed'), at(H, true, 'g1'), at(2 * H, true, 'g2')],
      policy: { keepLast: 2, dailyDays: 0 },
      keep: ['failed', 'g1', 'g2'],
    },
    { what: 'a failed backup older than the newest good one goes', list: [at(0, true, 'good'), at(H, false, 'failed')], policy: { keepLast: 5, dailyDays: 30 }, keep: ['good'], removed: ['failed'] },
    { what: 'keepLast 0 still keeps the newest good backup', list: [at(40 * D, true, 'only')], policy: { keepLast: 0, dailyDays: 30 }, keep: ['only'] },
    // Every 4 hours for 60 days with the defaults: the last 14, plus one for each of the days of the month back not already covered.
    { what: 'defaults over 60 days of 4-hourly backups', list: every4h(60), keep: 14 + 31 - 3 },
  ];
  it.each(cases)('$what', ({ list, policy, keep, removed }) => {
    const plan = planRotation(list, NOW, policy);
    if (typeof keep === 'number') expect(plan.keep).toHaveLength(keep);
    else expect(plan.keep).toEqual(keep);
    if (removed) expect(plan.remove).toEqual(removed);
    expect(plan.keep.length + plan.remove.length).toBe(list.length);
  });

  it('days are warehouse days (UTC+8)', () => {
    expect(warehouseDay(Date.parse('2026-12-06T16:30:00Z'))).toBe('2026-12-07');
    expect(warehouseDay(Date.parse('2026-12-06T15:59:00Z'))).toBe('2026-12-06');
  });
});

describe('backupWarnings', () => {
  const base = { applicable: true, configured: true, lastGoodAt: NOW - H, folderReachable: true, lastFailed: false };
  it.each([
    { what: 'all well', s: base, want: [] },
    { what: 'a server station keeps no local data', s: { ...base, applicable: false, configured: false }, want: [] },
    { what: 'no folder chosen', s: { ...base, configured: false }, want: ['not-configured'] },
    { what: 'never backed up', s: { ...base, lastGoodAt: null }, want: ['none-yet'] },
    { what: 'exactly a day old is not stale yet', s: { ...base, lastGoodAt: NOW - D }, want: [] },
    { what: 'older than a day', s: { ...base, lastGoodAt: NOW - D - 1 }, want: ['stale'] },
    { what: 'folder unreachable and stale', s: { ...base, folderReachable: false, lastGoodAt: NOW - 2 * D }, want: ['unreachable', 'stale'] },
    { what: 'the last run failed', s: { ...base, lastFailed: true }, want: ['last-failed'] },
  ])('$what', ({ s, want }) => expect(backupWarnings(s, NOW)).toEqual(want));
});
