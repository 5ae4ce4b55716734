// The storage walk of test/helpers/storageScenario.ts on PostgreSQL, as the least-privilege station
// role: every answer and every refusal must be the one SQLite gives, step by step.
import { describe, expect, inject, it } from 'vitest';
import path from 'node:path';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { openStorage } from '../../electron/main/db/openStorage';
import type { Storage } from '../../electron/main/db/storage';
import { ScenarioClock, storageScenario, type ScenarioStep } from '../helpers/storageScenario';
import { tempDir } from '../helpers/paths';
import { asUser, STATION_ROLE, testServer } from '../helpers/postgres';

async function walk(open: (clock: ScenarioClock) => Storage): Promise<ScenarioStep[]> {
  const clock = new ScenarioClock();
  const s = open(clock);
  try {
    return await storageScenario(s, clock);
  } finally {
    await s.close();
  }
}

describe('the storage walk on PostgreSQL', () => {
  it('gives, as the station role, the very log SQLite gives', async () => {
    const server = await testServer(inject('pgBaseUrl') || undefined);
    try {
      const stationUrl = asUser(await server.createDatabase(), STATION_ROLE);
      const pg = await walk((clock) => openStorage(stationUrl, { now: clock.now }));
      const lite = await walk((clock) => new SqliteStorage(path.join(tempDir('walk'), 'w.db'), { now: clock.now }));
      expect(pg.length).toBeGreaterThan(100);
      for (let i = 0; i < lite.length; i++) expect({ step: i, ...pg[i] }).toEqual({ step: i, ...lite[i] });
      expect(pg.length).toBe(lite.length);
    } finally {
      await server.stop();
    }
  });
});
