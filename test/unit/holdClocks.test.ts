// Hold clocks: working days, holidays and make-up workdays, the warehouse's local dates, and the queue order.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, endOfLocalDay, isWorkingDay, localDate, workingDaysBetween, type HolidayCalendar } from '../../shared/holds/workingDays';
import { clocksOf, compareExpiry, DEFAULT_CLOCK_SETTINGS, mergeClockSettings, passedWhenDecided, proofDeadline, type HoldClockFacts } from '../../shared/holds/clocks';
import { parseHolidaysFile } from '../../shared/imports/holidaysFile';

// National Day 2026: 1-7 October off (Thu to Wed), Saturday 10 October worked instead.
const NATIONAL_DAY: HolidayCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-10-10']),
};
const NONE: HolidayCalendar = { holidays: new Set(), workdays: new Set() };

describe('working days', () => {
  it.each([
    ['2026-11-06', 1, NONE, '2026-11-09'], // Friday + 1 → Monday
    ['2026-11-06', 3, NONE, '2026-11-11'], // Friday + 3 → Wednesday
    ['2026-11-10', 3, NONE, '2026-11-13'], // Tuesday + 3 → Friday
    ['2026-11-07', 1, NONE, '2026-11-09'], // asked on a Saturday → Monday
    ['2026-11-10', 0, NONE, '2026-11-10'],
    ['2026-09-30', 1, NATIONAL_DAY, '2026-10-08'], // the whole holiday week skipped
    ['2026-09-30', 3, NATIONAL_DAY, '2026-10-10'], // the make-up Saturday counts
    ['2026-09-30', 4, NATIONAL_DAY, '2026-10-12'], // Sunday 11th rests
    ['2026-09-30', 3, NONE, '2026-10-05'], // without the list: Thu, Fri, Mon
  ])('%s + %i working days = %s', (from, n, cal, expected) => {
    expect(addWorkingDays(from, n, cal)).toBe(expected);
  });

  it.each([
    ['2026-10-01', NATIONAL_DAY, false],
    ['2026-10-10', NATIONAL_DAY, true],
    ['2026-10-11', NATIONAL_DAY, false],
    ['2026-10-10', NONE, false],
    ['2026-10-09', NONE, true],
  ])('%s is a working day: %s', (d, cal, expected) => {
    expect(isWorkingDay(d, cal)).toBe(expected);
  });

  it('counts working days between dates, both ways', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-12', NATIONAL_DAY)).toBe(4);
    expect(workingDaysBetween('2026-10-12', '2026-09-30', NATIONAL_DAY)).toBe(-4);
    expect(workingDaysBetween('2026-11-06', '2026-11-06', NONE)).toBe(0);
  });

  it('uses the warehouse local date (UTC+8), not the UTC date', () => {
    expect(localDate('2026-11-09T17:00:00.000Z')).toBe('2026-11-10');
    expect(localDate('2026-11-09T15:59:59.000Z')).toBe('2026-11-09');
    expect(endOfLocalDay('2026-11-11')).toBe('2026-11-11T16:00:00.000Z');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-11-06', -1)).toThrow(/whole number/);
    expect(() => addWorkingDays('2026-11-06', 1.5)).toThrow(/whole number/);
  });
});

describe('hold clocks', () => {
  const now = new Date('2026-11-10T00:00:00.000Z'); // Tuesday 08:00 in the warehouse
  const facts = (f: Partial<HoldClockFacts>): HoldClockFacts => ({ deliveryDate: null, firstInspectedAt: '2026-11-09T02:00:00.000Z', proofDeadline: null, ...f });

  it.each([
    // delivery date, first inspection, return deadline, hours left, warning
    ['2026-11-04', '2026-11-09T02:00:00.000Z', '2026-11-11T16:00:00.000Z', 40, true],
    ['2026-11-05', '2026-11-09T02:00:00.000Z', '2026-11-12T16:00:00.000Z', 64, false],
    ['2026-11-01', '2026-11-09T02:00:00.000Z', '2026-11-08T16:00:00.000Z', -32, false],
    [null, '2026-11-09T17:00:00.000Z', '2026-11-17T16:00:00.000Z', 184, false], // no delivery date: the first inspection's local day (10th)
    [null, '2026-11-03T20:00:00.000Z', '2026-11-11T16:00:00.000Z', 40, true],
  ] as const)('delivered %s, first inspected %s: return window closes %s (%d h, warning %s)', (deliveryDate, firstInspectedAt, deadline, hours, warning) => {
    const c = clocksOf(facts({ deliveryDate, firstInspectedAt }), DEFAULT_CLOCK_SETTINGS, now);
    const ret = c.clocks.find((k) => k.kind === 'RETURN_WINDOW')!;
    expect(ret).toMatchObject({ deadline, hoursLeft: hours, passed: hours <= 0 });
    expect(c.returnWarning).toBe(warning);
    expect(c.returnFrom).toBe(deliveryDate ? 'delivery' : 'inspection');
  });

  it('storage clocks count calendar days from arrival; settings change them', () => {
    const c = clocksOf(facts({}), { ...DEFAULT_CLOCK_SETTINGS, storageFreeDays: 2, abandonmentDays: 30 }, now);
    expect(c.clocks.find((k) => k.kind === 'STORAGE_FREE')!.deadline).toBe('2026-11-11T16:00:00.000Z');
    expect(c.clocks.find((k) => k.kind === 'ABANDONMENT')!.deadline).toBe('2026-12-09T16:00:00.000Z');
  });

  it('a proof deadline is the end of the n-th working day after the request', () => {
    expect(proofDeadline('2026-11-06T02:00:00.000Z', 3)).toBe('2026-11-11T16:00:00.000Z'); // Friday → Wednesday
    expect(proofDeadline('2026-09-30T02:00:00.000Z', 3, NATIONAL_DAY)).toBe('2026-10-10T16:00:00.000Z');
    // Asked at 23:30 on a Friday in the warehouse (15:30 UTC): Friday is the request's day.
    expect(proofDeadline('2026-11-06T15:30:00.000Z', 1)).toBe('2026-11-09T16:00:00.000Z');
  });

  it('orders the queue: overdue proof, then return closing within 48 h, then soonest clock', () => {
    const overdue = clocksOf(facts({ deliveryDate: '2026-11-09', proofDeadline: '2026-11-09T16:00:00.000Z' }), DEFAULT_CLOCK_SETTINGS, now);
    const closing = clocksOf(facts({ deliveryDate: '2026-11-04' }), DEFAULT_CLOCK_SETTINGS, now);
    const later = clocksOf(facts({ deliveryDate: '2026-11-06' }), DEFAULT_CLOCK_SETTINGS, now);
    const soonProof = clocksOf(facts({ deliveryDate: '2026-11-09', proofDeadline: '2026-11-12T16:00:00.000Z' }), DEFAULT_CLOCK_SETTINGS, now);
    expect(overdue.proofOverdue).toBe(true);
    const sorted = [later, soonProof, closing, overdue].sort(compareExpiry);
    expect(sorted).toEqual([overdue, closing, soonProof, later]);
  });

  it('names the clocks that had run out when a hold was decided', () => {
    const f = facts({ deliveryDate: '2026-11-01', proofDeadline: '2026-11-12T16:00:00.000Z' });
    expect(passedWhenDecided(f, DEFAULT_CLOCK_SETTINGS, '2026-11-10T00:00:00.000Z')).toEqual(['RETURN_WINDOW']);
    expect(passedWhenDecided(f, DEFAULT_CLOCK_SETTINGS, '2026-11-13T00:00:00.000Z')).toEqual(['RETURN_WINDOW', 'PROOF']);
  });

  it('validates settings', () => {
    expect(mergeClockSettings(DEFAULT_CLOCK_SETTINGS, { proofWorkingDays: 5 })).toEqual({ ok: true, value: { ...DEFAULT_CLOCK_SETTINGS, proofWorkingDays: 5 } });
    expect(mergeClockSettings(DEFAULT_CLOCK_SETTINGS, { proofWorkingDays: 0 })).toMatchObject({ ok: false, error: expect.stringContaining('proofWorkingDays') });
    expect(mergeClockSettings(DEFAULT_CLOCK_SETTINGS, { abandonmentDays: 10 })).toMatchObject({ ok: false, error: expect.stringContaining('more than storageFreeDays') });
  });
});

describe('holidays.csv', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('reads holidays and make-up workdays', () => {
    const r = parseHolidaysFile('holidays.csv', enc('date,name,type\n2026-10-01,国庆节,holiday\n2026-10-10,国庆节调休,workday\n2026-10-02,国庆节,\n'));
    expect(r).toEqual({
      ok: true,
      items: [
        { date: '2026-10-01', name: '国庆节', type: 'holiday' },
        { date: '2026-10-10', name: '国庆节调休', type: 'workday' },
        { date: '2026-10-02', name: '国庆节', type: 'holiday' },
      ],
    });
    expect(parseHolidaysFile('h.csv', enc('name,date\nNew Year,2027-01-01\n'))).toMatchObject({ ok: true, items: [{ date: '2027-01-01', type: 'holiday' }] });
  });

  it.each([
    ['date,name\n2026-02-30,x\n', 'line 2, column "date": not a date'],
    ['date,name\n2026-10-01,x\n2026-10-01,y\n', 'line 3, column "date": 2026-10-01 repeats line 2'],
    ['date,name,type\n2026-10-01,x,maybe\n', 'line 2, column "type": expected holiday or workday'],
    ['date,name\n2026-10-01,\n', 'line 2, column "name"'],
    ['date\n2026-10-01\n', 'missing column name'],
    ['date,name,region\n2026-10-01,x,sh\n', 'unknown column region'],
    ['date,name\n', 'no dates listed'],
  ])('rejects %j naming what is wrong', (text, message) => {
    const r = parseHolidaysFile('holidays.csv', enc(text));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain(message);
  });
});
