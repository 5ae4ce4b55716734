// The storage walk of test/helpers/storageScenario.ts on SQLite: every refusal is the one expected,
// everything else succeeds, the chain verifies, and the walk is deterministic (two fresh files give
// the same log), so the same walk on the PostgreSQL engine must give this very log.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { ScenarioClock, storageScenario, type ScenarioStep } from '../helpers/storageScenario';
import { tempDir } from '../helpers/paths';

async function walk(): Promise<ScenarioStep[]> {
  const clock = new ScenarioClock();
  const s = new SqliteStorage(path.join(tempDir('walk'), 'w.db'), { now: clock.now });
  try {
    return await storageScenario(s, clock);
  } finally {
    await s.close();
  }
}

describe('the storage walk on SQLite', () => {
  it('refuses exactly what it should, with the reasons a person reads', async () => {
    const log = await walk();
    const refusals = log.filter((s) => s.error).map((s) => [s.name, s.error!.code, s.error!.key]);
    expect(refusals).toEqual([
      ['firstAgain', 'FORBIDDEN', null],
      ['dupUser', 'CONFLICT', 'duplicateUser'],
      ['deactSelf', 'CONFLICT', 'deactivateSelf'],
      ['noUser', 'NOT_FOUND', 'noSuchUser'],
      ['importOrdersConflict', 'IMPORT_REJECTED', null],
      ['importBatchConflict', 'IMPORT_REJECTED', null],
      ['locateBad', 'BAD_REQUEST', 'unknownShelf'],
      ['locateNone', 'NOT_FOUND', null],
      ['fourEyesRefused', 'FOUR_EYES', null],
      ['attachMissing', 'NOT_FOUND', null],
      ['releaseAgain', 'CONFLICT', null],
      ['attachClosed', 'CONFLICT', null],
      ['clearFlagAgain', 'CONFLICT', 'sellerFlagCleared'],
      ['removeEntryAgain', 'NOT_FOUND', 'sellerEntryNotFound'],
      ['addReturned', 'GATE_REFUSED', null],
      ['addDestroyed', 'GATE_REFUSED', null],
      ['addNever', 'GATE_REFUSED', null],
      ['addTwice', 'GATE_REFUSED', 'gateElsewhere'],
      ['removeAgain', 'NOT_FOUND', null],
      ['removeNever', 'NOT_FOUND', null],
      ['closeAgain', 'CONFLICT', null],
      ['removeClosed', 'CONFLICT', null],
      ['closeEmpty', 'CONFLICT', null],
    ]);
    const step = (name: string) => log.find((s) => s.name === name)!;
    expect(step('addReturned').error!.message).toBe('SF4 was returned to the seller');
    expect(step('addTwice').error!.message).toBe('SF3 is already on shipment 1');
    // Held again while on the open shipment: it came off it (the guarded change), and is held.
    expect(step('reholdOnShipment').value).toMatchObject({ parcelStatus: 'HELD' });
    expect(step('remove').value).toMatchObject({ parcels: 1 });
    expect(step('verify').value).toMatchObject({ intact: true, firstBroken: null });
  });

  it('gives the same log on two fresh databases', async () => {
    expect(JSON.stringify(await walk())).toBe(JSON.stringify(await walk()));
  });
});
