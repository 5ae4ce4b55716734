// What the administrator sets for the whole warehouse: the active ruleset (versioned, never edited),
// the four-eyes rule, the hold clocks and the holiday list their working days skip. Writes run inside
// the caller's write transaction, each with its audit event.
import { DEFAULT_CLOCK_SETTINGS, type ClockSettings } from '../../../../shared/holds/clocks';
import type { HolidayCalendar } from '../../../../shared/holds/workingDays';
import type { HolidayEntry } from '../../../../shared/imports/holidaysFile';
import { appendAudit } from '../audit';
import type { Sql } from '../sql';
import { refreshHoldClocks } from './holdClockDays';
import type { RulesetRecord, UpsertCounts } from '../storage';

const ACTIVE_RULESET = 'SELECT version, definition FROM rulesets WHERE active = 1';

export async function activeRuleset(db: Sql): Promise<RulesetRecord | null> {
  const r = await db.get<RulesetRecord>(ACTIVE_RULESET);
  return r ? { version: Number(r.version), definition: r.definition } : null;
}

/** A changed definition becomes a new version; the same one again changes nothing. */
export async function saveRuleset(db: Sql, definition: string, actor: string, at: string): Promise<RulesetRecord> {
  const current = await activeRuleset(db);
  if (current && current.definition === definition) return current;
  const version = Number((await db.get<{ v: number | null }>('SELECT max(version) AS v FROM rulesets'))?.v ?? 0) + 1;
  // The event first: the database accepts the rows only after it (migration 13).
  await appendAudit(db, { actor, action: 'ruleset.activate', entityType: 'ruleset', entityId: String(version), details: { previous: current?.version ?? null } }, at);
  await db.run('UPDATE rulesets SET active = 0 WHERE active = 1');
  await db.run('INSERT INTO rulesets (version, created_at, definition, active) VALUES (?, ?, ?, 1)', [version, at, definition]);
  return { version, definition };
}

async function setting(db: Sql, key: string): Promise<string | undefined> {
  return (await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
}

const PUT_SETTING = 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value';

/** On unless an administrator turned it off. */
export async function fourEyes(db: Sql): Promise<boolean> {
  return ((await setting(db, 'four_eyes')) ?? 'on') === 'on';
}

export async function setFourEyes(db: Sql, on: boolean, actor: string, at: string): Promise<boolean> {
  const before = (await setting(db, 'four_eyes')) ?? 'on';
  await appendAudit(db, { actor, action: 'settings.four_eyes', entityType: 'settings', entityId: 'four_eyes', details: { from: before, to: on ? 'on' : 'off' } }, at);
  await db.run(PUT_SETTING, ['four_eyes', on ? 'on' : 'off']);
  return on;
}

// ---- hold clocks and holidays -----------------------------------------------------------------

const CLOCKS_KEY = 'hold_clocks';

export async function clockSettings(db: Sql): Promise<ClockSettings> {
  const value = await setting(db, CLOCKS_KEY);
  return { ...DEFAULT_CLOCK_SETTINGS, ...(value ? (JSON.parse(value) as Partial<ClockSettings>) : {}) };
}

export async function saveClockSettings(db: Sql, value: ClockSettings, actor: string, at: string): Promise<ClockSettings> {
  const before = await clockSettings(db);
  await appendAudit(db, { actor, action: 'settings.clocks', entityType: 'settings', entityId: CLOCKS_KEY, details: { from: before, to: value } }, at);
  await db.run(PUT_SETTING, [CLOCKS_KEY, JSON.stringify(value)]);
  // Every undecided hold's stored clock days follow, in this transaction.
  await refreshHoldClocks(db, 'all');
  return value;
}

export async function listHolidays(db: Sql): Promise<HolidayEntry[]> {
  return db.all<HolidayEntry>('SELECT date, name, type FROM holidays ORDER BY date');
}

export async function holidayCalendar(db: Sql): Promise<HolidayCalendar> {
  const rows = await listHolidays(db);
  return {
    holidays: new Set(rows.filter((r) => r.type === 'holiday').map((r) => r.date)),
    workdays: new Set(rows.filter((r) => r.type === 'workday').map((r) => r.date)),
  };
}

export async function importHolidays(db: Sql, items: HolidayEntry[], actor: string, file: string, at: string): Promise<UpsertCounts> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const h of items) {
    const before = await db.get<{ name: string; type: string }>('SELECT name, type FROM holidays WHERE date = ?', [h.date]);
    if (before && before.name === h.name && before.type === h.type) {
      counts.unchanged++;
      continue;
    }
    if (before) counts.updated++;
    else counts.inserted++;
    await db.run('INSERT INTO holidays (date, name, type) VALUES (@date, @name, @type) ON CONFLICT(date) DO UPDATE SET name = excluded.name, type = excluded.type', {
      date: h.date,
      name: h.name,
      type: h.type,
    });
  }
  await appendAudit(db, { actor, action: 'import.holidays', entityType: 'file', entityId: file, details: counts }, at);
  return counts;
}
